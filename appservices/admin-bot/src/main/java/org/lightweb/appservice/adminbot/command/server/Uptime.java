package org.lightweb.appservice.adminbot.command.server;

import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.lightweb.appservice.adminbot.Args;
import org.lightweb.appservice.adminbot.Command;
import org.lightweb.appservice.adminbot.CommandContext;
import org.lightweb.appservice.adminbot.Reply;
import org.lightweb.appservice.adminbot.command.Fmt;

/**
 * {@code !server uptime}: how long the bot has been running. Inside the node the bot starts right after the node's
 * listeners, so this is the node's uptime; the admin API has no uptime of its own to ask.
 */
public final class Uptime implements Command {
    @Override public String name() { return "server uptime"; }
    @Override public String usage() { return ""; }
    @Override public String help() { return "Shows how long the bot (inside the node: the node) has been up."; }

    @Override public CompletionStage<Reply> run(CommandContext ctx, List<String> args) {
        Args.of(args).atMost(0);
        Duration up = Duration.between(ctx.bot().started(), ctx.now());
        return CompletableFuture.completedFuture(Reply.text("Up for " + Fmt.duration(up)
                + " (since " + DateTimeFormatter.ISO_INSTANT.format(ctx.bot().started().truncatedTo(ChronoUnit.SECONDS)) + ")."));
    }
}
