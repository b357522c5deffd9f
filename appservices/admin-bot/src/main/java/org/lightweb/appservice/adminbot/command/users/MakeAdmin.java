package org.lightweb.appservice.adminbot.command.users;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.lightweb.appservice.adminbot.Args;
import org.lightweb.appservice.adminbot.Command;
import org.lightweb.appservice.adminbot.CommandContext;
import org.lightweb.appservice.adminbot.Reply;
import org.lightweb.appservice.adminbot.UsageException;
import org.lightweb.appservice.kit.AsClient;
import org.lightweb.core.Json;

/** {@code !users make-admin}: PUT /_synapse/admin/v2/users/{userId} {admin}. */
public final class MakeAdmin implements Command {
    @Override public String name() { return "users make-admin"; }
    @Override public String usage() { return "<user> [--revoke]"; }
    @Override public String help() {
        return "Makes a local user a server admin (who may then use this bot and the admin API); --revoke takes it back.";
    }

    @Override public CompletionStage<Reply> run(CommandContext ctx, List<String> args) {
        Args a = Args.of(args);
        a.atMost(1);
        String user = ctx.userId(a.required(0, "the user"));
        boolean revoke = a.flag("revoke");
        if (!user.endsWith(":" + ctx.serverName())) throw new UsageException("only local users can be server admins");
        if (revoke && user.equals(ctx.bot().userId())) throw new UsageException("I need to stay a server admin to work");
        if (revoke && user.equals(ctx.sender())) {
            throw new UsageException("you cannot revoke your own admin rights (ask another admin)");
        }
        return ctx.client().call("PUT", "/_synapse/admin/v2/users/" + AsClient.enc(user), Json.object().put("admin", !revoke))
                .thenApply(r -> Reply.text(revoke ? user + " is no longer a server admin." : user + " is now a server admin."));
    }
}
