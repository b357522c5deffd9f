package org.lightweb.appservice.adminbot.command.server;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.lightweb.appservice.adminbot.Args;
import org.lightweb.appservice.adminbot.Command;
import org.lightweb.appservice.adminbot.CommandContext;
import org.lightweb.appservice.adminbot.Reply;
import org.lightweb.appservice.adminbot.command.Fmt;

/** {@code !server version}: GET /_synapse/admin/v1/server_version. */
public final class ServerVersion implements Command {
    @Override public String name() { return "server version"; }
    @Override public String usage() { return ""; }
    @Override public String help() { return "Shows the node's software version."; }

    @Override public CompletionStage<Reply> run(CommandContext ctx, List<String> args) {
        Args.of(args).atMost(0);
        return ctx.client().call("GET", "/_synapse/admin/v1/server_version", null)
                .thenApply(r -> Reply.text(ctx.serverName() + " runs " + Fmt.str(r, "server_version") + "."));
    }
}
