package org.lightweb.appservice.adminbot.command.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.lightweb.appservice.adminbot.Args;
import org.lightweb.appservice.adminbot.Command;
import org.lightweb.appservice.adminbot.CommandContext;
import org.lightweb.appservice.adminbot.Reply;

/**
 * {@code !server stats}: counts from the list endpoints' totals (users, deactivated users, rooms, federation
 * destinations), each asked for one row. A count the node cannot give says so instead of failing the rest.
 */
public final class Stats implements Command {
    @Override public String name() { return "server stats"; }
    @Override public String usage() { return ""; }
    @Override public String help() { return "Counts users, deactivated users, rooms and federation destinations."; }

    @Override public CompletionStage<Reply> run(CommandContext ctx, List<String> args) {
        Args.of(args).atMost(0);
        var users = count(ctx, "/_synapse/admin/v2/users?limit=1", "total");
        var all = count(ctx, "/_synapse/admin/v2/users?limit=1&deactivated=true", "total");
        var rooms = count(ctx, "/_synapse/admin/v1/rooms?limit=1", "total_rooms");
        var destinations = count(ctx, "/_synapse/admin/v1/federation/destinations?limit=1", "total");
        return CompletableFuture.allOf(users, all, rooms, destinations).thenApply(v -> {
            Map<String, String> f = new LinkedHashMap<>();
            f.put("Users", users.join());
            String deactivated = "-";
            try {
                deactivated = String.valueOf(Long.parseLong(all.join()) - Long.parseLong(users.join()));
            } catch (NumberFormatException unavailable) {
                deactivated = "unavailable";
            }
            f.put("Deactivated users", deactivated);
            f.put("Rooms", rooms.join());
            f.put("Federation destinations", destinations.join());
            return Reply.fields("Statistics of " + ctx.serverName(), f);
        });
    }

    private static CompletableFuture<String> count(CommandContext ctx, String path, String field) {
        return ctx.client().call("GET", path, null).toCompletableFuture()
                .handle((r, err) -> err == null && r.path(field).isNumber() ? r.get(field).asText() : "unavailable");
    }
}
