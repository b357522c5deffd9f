package org.lightweb.appservice.adminbot.command.rooms;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.lightweb.appservice.adminbot.Args;
import org.lightweb.appservice.adminbot.Command;
import org.lightweb.appservice.adminbot.CommandContext;
import org.lightweb.appservice.adminbot.Reply;
import org.lightweb.appservice.adminbot.UsageException;
import org.lightweb.appservice.adminbot.command.Fmt;
import org.lightweb.appservice.kit.AsClient;
import org.lightweb.core.Json;

/** {@code !rooms delete}: DELETE /_synapse/admin/v2/rooms/{roomId} (asynchronous on the node; answers a delete_id). */
public final class DeleteRoom implements Command {
    @Override public String name() { return "rooms delete"; }
    @Override public String usage() { return "<room-id> [--no-purge] [--block] [--message=TEXT]"; }
    @Override public String help() {
        return "Removes every local user from a room and purges it from the database (unless --no-purge). --block "
                + "also stops anyone here joining it again; --message is told to the members on the way out.";
    }

    @Override public CompletionStage<Reply> run(CommandContext ctx, List<String> args) {
        Args a = Args.of(args);
        a.atMost(1);
        String room = CommandContext.roomId(a.required(0, "the room id"));
        if (room.equals(ctx.bot().adminRoomId())) {
            throw new UsageException("this is the admin room: deleting it would cut you off from me");
        }
        var body = Json.object().put("purge", !a.flag("no-purge")).put("block", a.flag("block"));
        String message = a.option("message", null);
        if (message != null) body.put("message", message);
        return ctx.client().call("DELETE", "/_synapse/admin/v2/rooms/" + AsClient.enc(room), body)
                .thenApply(r -> Reply.text("Deleting " + room + (a.flag("no-purge") ? " (kept in the database)" : " and purging it")
                        + (a.flag("block") ? ", blocked" : "") + ". Delete id: " + Fmt.str(r, "delete_id") + "."));
    }
}
