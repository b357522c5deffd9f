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
                .thenCompose(r -> adminRoom(ctx, user, revoke))
                .thenApply(room -> Reply.text((revoke ? user + " is no longer a server admin" : user + " is now a server admin")
                        + room + "."));
    }

    /** A new admin is invited to the admin room, a former one removed from it; a failure there is only reported. */
    private static CompletionStage<String> adminRoom(CommandContext ctx, String user, boolean revoke) {
        String room = AsClient.enc(ctx.bot().adminRoomId());
        var call = revoke
                ? ctx.client().call("POST", "/_matrix/client/v3/rooms/" + room + "/kick",
                        Json.object().put("user_id", user).put("reason", "No longer a server admin"))
                : ctx.client().call("POST", "/_matrix/client/v3/rooms/" + room + "/invite", Json.object().put("user_id", user));
        return call.handle((r, err) -> err == null
                ? (revoke ? " and was removed from the admin room" : " and is invited to the admin room")
                : " (the admin room could not be updated: " + describe(err) + ")");
    }

    private static String describe(Throwable err) {
        var m = AsClient.unwrap(err);
        return m == null ? String.valueOf(err.getMessage()) : m.status() + " " + m.errcode();
    }
}
