package org.lightweb.appservice.adminbot.command.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.lightweb.appservice.adminbot.Args;
import org.lightweb.appservice.adminbot.Command;
import org.lightweb.appservice.adminbot.CommandContext;
import org.lightweb.appservice.adminbot.Reply;
import org.lightweb.appservice.adminbot.command.Fmt;
import org.lightweb.appservice.kit.AsClient;

/** {@code !rooms list}: GET /_synapse/admin/v1/rooms, paged, largest first, optionally searched. */
public final class ListRooms implements Command {
    @Override public String name() { return "rooms list"; }
    @Override public String usage() { return "[search] [--limit=N] [--from=N]"; }
    @Override public String help() {
        return "Lists rooms this server knows, the largest first (25 at a time); a search matches names, aliases and ids.";
    }

    @Override public CompletionStage<Reply> run(CommandContext ctx, List<String> args) {
        Args a = Args.of(args);
        a.atMost(1);
        int limit = a.intOption("limit", 25, 1, 500);
        int from = a.intOption("from", 0, 0, Integer.MAX_VALUE);
        StringBuilder q = new StringBuilder("/_synapse/admin/v1/rooms?from=" + from + "&limit=" + limit + "&order_by=size");
        if (a.size() == 1) q.append("&search_term=").append(AsClient.enc(a.required(0, "search")));
        return ctx.client().call("GET", q.toString(), null).thenApply(r -> {
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode room : r.path("rooms")) {
                String name = Fmt.str(room, "name");
                if (name.equals("-")) name = Fmt.str(room, "canonical_alias");
                rows.add(List.of(Fmt.str(room, "room_id"), name, Fmt.str(room, "joined_members"),
                        Fmt.str(room, "joined_local_members"), Fmt.str(room, "version"), Fmt.yesNo(room, "public")));
            }
            String title = "Rooms " + (rows.isEmpty() ? "(none)" : (from + 1) + "-" + (from + rows.size()))
                    + " of " + r.path("total_rooms").asLong(rows.size())
                    + (r.hasNonNull("next_batch") ? " (more: --from=" + r.get("next_batch").asText() + ")" : "");
            return Reply.table(title, List.of("Room", "Name", "Members", "Local", "Version", "Public"), rows);
        });
    }
}
