package org.lightweb.appservice.adminbot.command.users;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.lightweb.appservice.adminbot.Args;
import org.lightweb.appservice.adminbot.Command;
import org.lightweb.appservice.adminbot.CommandContext;
import org.lightweb.appservice.adminbot.Reply;
import org.lightweb.appservice.adminbot.command.Fmt;
import org.lightweb.appservice.kit.AsClient;

/** {@code !users info}: GET /_synapse/admin/v2/users/{userId}. */
public final class UserInfo implements Command {
    @Override public String name() { return "users info"; }
    @Override public String usage() { return "<user>"; }
    @Override public String help() { return "Shows one user's account: display name, admin, deactivated, locked, created, last seen."; }

    @Override public CompletionStage<Reply> run(CommandContext ctx, List<String> args) {
        Args a = Args.of(args);
        a.atMost(1);
        String user = ctx.userId(a.required(0, "the user"));
        return ctx.client().call("GET", "/_synapse/admin/v2/users/" + AsClient.enc(user), null).thenApply(u -> {
            Map<String, String> f = new LinkedHashMap<>();
            f.put("User", Fmt.str(u, "name"));
            f.put("Display name", Fmt.str(u, "displayname"));
            f.put("Admin", Fmt.yesNo(u, "admin"));
            f.put("Deactivated", Fmt.yesNo(u, "deactivated"));
            f.put("Locked", Fmt.yesNo(u, "locked"));
            f.put("Shadow-banned", Fmt.yesNo(u, "shadow_banned"));
            f.put("Guest", Fmt.yesNo(u, "is_guest"));
            f.put("Type", Fmt.str(u, "user_type"));
            f.put("Created", Fmt.ts(u, "creation_ts"));
            f.put("Last seen", Fmt.ts(u, "last_seen_ts"));
            List<String> threepids = new ArrayList<>();
            u.path("threepids").forEach(t -> threepids.add(Fmt.str(t, "medium") + ":" + Fmt.str(t, "address")));
            f.put("Third-party ids", threepids.isEmpty() ? "-" : String.join(", ", threepids));
            return Reply.fields("User " + user, f);
        });
    }
}
