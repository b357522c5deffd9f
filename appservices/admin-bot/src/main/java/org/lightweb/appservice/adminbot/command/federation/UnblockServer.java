package org.lightweb.appservice.adminbot.command.federation;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.lightweb.appservice.adminbot.Args;
import org.lightweb.appservice.adminbot.Command;
import org.lightweb.appservice.adminbot.CommandContext;
import org.lightweb.appservice.adminbot.Reply;
import org.lightweb.appservice.kit.AsClient;

/** {@code !federation unblock}: DELETE /_lightweb/admin/v1/federation/blocked/{server}. */
public final class UnblockServer implements Command {
    @Override public String name() { return "federation unblock"; }
    @Override public String usage() { return "<server>"; }
    @Override public String help() { return "Federates with a blocked server again."; }

    @Override public CompletionStage<Reply> run(CommandContext ctx, List<String> args) {
        Args a = Args.of(args);
        a.atMost(1);
        String server = a.required(0, "the server name");
        return ctx.client().call("DELETE", "/_lightweb/admin/v1/federation/blocked/" + AsClient.enc(server), null)
                .thenApply(r -> Reply.text(server + " is no longer blocked."));
    }
}
