package org.lightweb.appservice.adminbot.command.rooms;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.lightweb.appservice.adminbot.Args;
import org.lightweb.appservice.adminbot.Command;
import org.lightweb.appservice.adminbot.CommandContext;
import org.lightweb.appservice.adminbot.Reply;
import org.lightweb.appservice.adminbot.UsageException;
import org.lightweb.appservice.kit.AsClient;
import org.lightweb.core.Json;

/** {@code !rooms block}: PUT /_synapse/admin/v1/rooms/{roomId}/block {block}. */
public final class BlockRoom implements Command {
    @Override public String name() { return "rooms block"; }
    @Override public String usage() { return "<room-id> [--unblock]"; }
    @Override public String help() {
        return "Stops local users joining a room (it need not be known here yet); --unblock allows it again.";
    }

    @Override public CompletionStage<Reply> run(CommandContext ctx, List<String> args) {
        Args a = Args.of(args);
        a.atMost(1);
        String room = CommandContext.roomId(a.required(0, "the room id"));
        boolean block = !a.flag("unblock");
        if (block && room.equals(ctx.bot().adminRoomId())) throw new UsageException("this is the admin room");
        return ctx.client().call("PUT", "/_synapse/admin/v1/rooms/" + AsClient.enc(room) + "/block", Json.object().put("block", block))
                .thenApply(r -> Reply.text(room + (block ? " is blocked." : " is no longer blocked.")));
    }
}
