package org.lightweb.appservice.adminbot.command.federation;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.lightweb.appservice.adminbot.Args;
import org.lightweb.appservice.adminbot.Command;
import org.lightweb.appservice.adminbot.CommandContext;
import org.lightweb.appservice.adminbot.Reply;
import org.lightweb.appservice.adminbot.UsageException;
import org.lightweb.appservice.kit.AsClient;
import org.lightweb.core.Json;

/** {@code !federation block}: POST /_lightweb/admin/v1/federation/blocked/{server}. */
public final class BlockServer implements Command {
    @Override public String name() { return "federation block"; }
    @Override public String usage() { return "<server>"; }
    @Override public String help() { return "Stops federating with a server: nothing is sent to it and what it sends is refused."; }

    @Override public CompletionStage<Reply> run(CommandContext ctx, List<String> args) {
        Args a = Args.of(args);
        a.atMost(1);
        String server = a.required(0, "the server name");
        if (server.equalsIgnoreCase(ctx.serverName())) throw new UsageException("this is our own server name");
        return ctx.client().call("POST", "/_lightweb/admin/v1/federation/blocked/" + AsClient.enc(server), Json.object())
                .thenApply(r -> Reply.text(server + " is blocked: no federation with it until !federation unblock " + server + "."));
    }
}
