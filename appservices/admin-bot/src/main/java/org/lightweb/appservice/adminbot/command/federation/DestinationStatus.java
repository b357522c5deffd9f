package org.lightweb.appservice.adminbot.command.federation;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
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

/**
 * {@code !federation destination}: GET /_synapse/admin/v1/federation/destinations/{destination} for its state and
 * .../rooms for its queue (each shared room and the stream position last sent there).
 */
public final class DestinationStatus implements Command {
    static final int ROOMS_SHOWN = 50;

    @Override public String name() { return "federation destination"; }
    @Override public String usage() { return "<server>"; }
    @Override public String help() {
        return "Shows one destination: whether sending to it fails, since when, the next retry, and the rooms "
                + "queued for it with the last position sent.";
    }

    @Override public CompletionStage<Reply> run(CommandContext ctx, List<String> args) {
        Args a = Args.of(args);
        a.atMost(1);
        String server = a.required(0, "the server name");
        String path = "/_synapse/admin/v1/federation/destinations/" + AsClient.enc(server);
        return ctx.client().call("GET", path, null).thenCompose(d ->
                ctx.client().call("GET", path + "/rooms?limit=" + ROOMS_SHOWN, null).thenApply(rooms -> {
                    Map<String, String> f = new LinkedHashMap<>();
                    f.put("State", state(d));
                    f.put("Failing since", Fmt.ts(d, "failure_ts"));
                    f.put("Last retry", Fmt.ts(d, "retry_last_ts"));
                    f.put("Retry interval", interval(d));
                    f.put("Last sent position", Fmt.str(d, "last_successful_stream_ordering"));
                    f.put("Rooms shared", rooms.path("total").asText(String.valueOf(rooms.path("rooms").size())));
                    Reply head = Reply.fields("Destination " + server, f);
                    List<List<String>> rows = new ArrayList<>();
                    rooms.path("rooms").forEach(r -> rows.add(List.of(Fmt.str(r, "room_id"), Fmt.str(r, "stream_ordering"))));
                    if (rows.isEmpty()) return head;
                    Reply queue = Reply.table("Queue by room", List.of("Room", "Position sent"), rows);
                    return new Reply(head.text() + "\n" + queue.text(), head.html() + queue.html());
                }));
    }

    /** "ok" or "failing, backing off" from Synapse's retry fields. */
    static String state(JsonNode d) {
        boolean failing = d.path("failure_ts").asLong(0) > 0 || d.path("retry_interval").asLong(0) > 0;
        return failing ? "failing, backing off" : "ok";
    }

    static String interval(JsonNode d) {
        long ms = d.path("retry_interval").asLong(0);
        return ms <= 0 ? "-" : Fmt.duration(Duration.ofMillis(ms));
    }
}
