package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.lightweb.core.Json;

/** Helpers for the history tests: /messages, /context, sync timelines, message bodies. */
final class HistorySteps {
    private final TestClient client;

    HistorySteps(TestClient client) {
        this.client = client;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** GET /messages with a raw query ("dir=b&limit=5"). */
    TestClient.Response messages(TestClient.Account who, String roomId, String query) {
        return client.get(RoomSteps.path(roomId, "/messages?" + query), who.accessToken());
    }

    /** GET /messages, asserting 200. */
    JsonNode page(TestClient.Account who, String roomId, String query) {
        var res = messages(who, roomId, query);
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.json();
    }

    /** Pages from {@code from} (null: the end or start) until {@code end} is absent; every event, in the order read. */
    List<JsonNode> pageAll(TestClient.Account who, String roomId, String dir, String from, int limit, String extra) {
        List<JsonNode> out = new ArrayList<>();
        String token = from;
        for (int pages = 0; pages < 100; pages++) {
            JsonNode page = page(who, roomId, "dir=" + dir + "&limit=" + limit + (token == null ? "" : "&from=" + enc(token))
                    + extra);
            page.path("chunk").forEach(out::add);
            if (!page.has("end")) return out;
            token = page.path("end").asText();
        }
        throw new AssertionError("pagination did not end");
    }

    /** The bodies of the m.room.message events among {@code events}, in order. */
    static List<String> bodies(Iterable<JsonNode> events) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : events) if (e.path("type").asText().equals("m.room.message")) out.add(e.path("content").path("body").asText());
        return out;
    }

    TestClient.Response context(TestClient.Account who, String roomId, String eventId, String query) {
        return client.get(RoomSteps.path(roomId, "/context/" + enc(eventId) + "?" + query), who.accessToken());
    }

    JsonNode sync(TestClient.Account who, String query) {
        var res = client.get("/_matrix/client/v3/sync" + query, who.accessToken());
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.json();
    }

    void redact(TestClient.Account who, String roomId, String eventId) {
        var res = client.put(RoomSteps.path(roomId, "/redact/" + enc(eventId) + "/" + System.nanoTime()), who.accessToken(),
                Json.object().put("reason", "spam"));
        assertThat(res.status()).as(res.body()).isEqualTo(200);
    }

    void ignore(TestClient.Account who, String... userIds) {
        var users = Json.object();
        for (String u : userIds) users.putObject(u);
        var content = Json.object();
        content.set("ignored_users", users);
        var res = client.put("/_matrix/client/v3/user/" + enc(who.userId()) + "/account_data/m.ignored_user_list",
                who.accessToken(), content);
        assertThat(res.status()).as(res.body()).isEqualTo(200);
    }
}
