package org.lightweb.appservice.adminbot.command.rooms;

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

/** {@code !rooms info}: GET /_synapse/admin/v1/rooms/{roomId}. */
public final class RoomInfo implements Command {
    @Override public String name() { return "rooms info"; }
    @Override public String usage() { return "<room-id>"; }
    @Override public String help() { return "Shows one room: name, alias, creator, version, members, join rules, encryption."; }

    @Override public CompletionStage<Reply> run(CommandContext ctx, List<String> args) {
        Args a = Args.of(args);
        a.atMost(1);
        String room = CommandContext.roomId(a.required(0, "the room id"));
        return ctx.client().call("GET", "/_synapse/admin/v1/rooms/" + AsClient.enc(room), null).thenApply(r -> {
            Map<String, String> f = new LinkedHashMap<>();
            f.put("Name", Fmt.str(r, "name"));
            f.put("Alias", Fmt.str(r, "canonical_alias"));
            f.put("Topic", Fmt.str(r, "topic"));
            f.put("Creator", Fmt.str(r, "creator"));
            f.put("Version", Fmt.str(r, "version"));
            f.put("Members", Fmt.str(r, "joined_members") + " (" + Fmt.str(r, "joined_local_members") + " local)");
            f.put("Join rule", Fmt.str(r, "join_rules"));
            f.put("Public", Fmt.yesNo(r, "public"));
            f.put("Federates", Fmt.yesNo(r, "federatable"));
            f.put("Encryption", Fmt.str(r, "encryption"));
            f.put("History", Fmt.str(r, "history_visibility"));
            f.put("State events", Fmt.str(r, "state_events"));
            f.put("Blocked", Fmt.yesNo(r, "blocked"));
            return Reply.fields("Room " + room, f);
        });
    }
}
