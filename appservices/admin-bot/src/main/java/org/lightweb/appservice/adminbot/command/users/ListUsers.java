package org.lightweb.appservice.adminbot.command.users;

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

/** {@code !users list}: GET /_synapse/admin/v2/users, paged, optionally searched by id or display name. */
public final class ListUsers implements Command {
    @Override public String name() { return "users list"; }
    @Override public String usage() { return "[search] [--limit=N] [--from=N] [--deactivated] [--admins]"; }
    @Override public String help() {
        return "Lists local users (25 at a time); a search matches user ids and display names. --deactivated also "
                + "shows deactivated users, --admins only server admins.";
    }

    @Override public CompletionStage<Reply> run(CommandContext ctx, List<String> args) {
        Args a = Args.of(args);
        a.atMost(1);
        int limit = a.intOption("limit", 25, 1, 500);
        int from = a.intOption("from", 0, 0, Integer.MAX_VALUE);
        StringBuilder q = new StringBuilder("/_synapse/admin/v2/users?from=" + from + "&limit=" + limit);
        if (a.size() == 1) q.append("&name=").append(AsClient.enc(a.required(0, "search")));
        if (a.flag("deactivated")) q.append("&deactivated=true");
        if (a.flag("admins")) q.append("&admins=true");
        return ctx.client().call("GET", q.toString(), null).thenApply(r -> {
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode u : r.path("users")) {
                rows.add(List.of(Fmt.str(u, "name"), Fmt.str(u, "displayname"), Fmt.yesNo(u, "admin"),
                        Fmt.yesNo(u, "deactivated"), Fmt.ts(u, "creation_ts")));
            }
            String title = "Users " + (rows.isEmpty() ? "(none)" : (from + 1) + "-" + (from + rows.size()))
                    + " of " + r.path("total").asLong(rows.size())
                    + (r.hasNonNull("next_token") ? " (more: --from=" + r.get("next_token").asText() + ")" : "");
            return Reply.table(title, List.of("User", "Display name", "Admin", "Deactivated", "Created"), rows);
        });
    }
}
