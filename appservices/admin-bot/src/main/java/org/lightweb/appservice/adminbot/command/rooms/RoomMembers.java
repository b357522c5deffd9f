package org.lightweb.appservice.adminbot.command.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.lightweb.appservice.adminbot.Args;
import org.lightweb.appservice.adminbot.Command;
import org.lightweb.appservice.adminbot.CommandContext;
import org.lightweb.appservice.adminbot.Reply;
import org.lightweb.appservice.kit.AsClient;

/** {@code !rooms members}: GET /_synapse/admin/v1/rooms/{roomId}/members. */
public final class RoomMembers implements Command {
    /** At most this many members are written out; the total is always given. */
    static final int SHOWN = 100;

    @Override public String name() { return "rooms members"; }
    @Override public String usage() { return "<room-id>"; }
    @Override public String help() { return "Lists the joined members of a room (the first " + SHOWN + ")."; }

    @Override public CompletionStage<Reply> run(CommandContext ctx, List<String> args) {
        Args a = Args.of(args);
        a.atMost(1);
        String room = CommandContext.roomId(a.required(0, "the room id"));
        return ctx.client().call("GET", "/_synapse/admin/v1/rooms/" + AsClient.enc(room) + "/members", null).thenApply(r -> {
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode m : r.path("members")) {
                if (rows.size() == SHOWN) break;
                rows.add(List.of(m.asText()));
            }
            long total = r.path("total").asLong(r.path("members").size());
            String title = total + " members of " + room + (total > rows.size() ? " (first " + rows.size() + " shown)" : "");
            return Reply.table(title, List.of("Member"), rows);
        });
    }
}
