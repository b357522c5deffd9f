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

/** {@code !users deactivate}: POST /_synapse/admin/v1/deactivate/{userId}. */
public final class DeactivateUser implements Command {
    @Override public String name() { return "users deactivate"; }
    @Override public String usage() { return "<user> [--erase]"; }
    @Override public String help() {
        return "Deactivates a user: logged out, removed from rooms, cannot log in again. --erase also marks their "
                + "messages erased (GDPR). There is no undo.";
    }

    @Override public CompletionStage<Reply> run(CommandContext ctx, List<String> args) {
        Args a = Args.of(args);
        a.atMost(1);
        String user = ctx.userId(a.required(0, "the user"));
        if (user.equals(ctx.bot().userId())) {
            throw new UsageException("I will not deactivate myself: the admin room would have no bot left");
        }
        if (user.equals(ctx.sender())) throw new UsageException("you cannot deactivate your own account from here");
        var body = Json.object().put("erase", a.flag("erase"));
        return ctx.client().call("POST", "/_synapse/admin/v1/deactivate/" + AsClient.enc(user), body)
                .thenApply(r -> Reply.text("Deactivated " + user + (a.flag("erase") ? " and erased their messages." : ".")));
    }
}
