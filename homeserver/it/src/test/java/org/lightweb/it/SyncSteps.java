package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Sync helpers for the tests of what sync carries besides timelines. */
final class SyncSteps {
    private final TestClient client;

    SyncSteps(TestClient client) {
        this.client = client;
    }

    /** GET /sync with the query (e.g. "?since=..."), asserting 200. */
    JsonNode sync(TestClient.Account who, String query) {
        var res = client.get("/_matrix/client/v3/sync" + query, who.accessToken());
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.json();
    }

    String since(TestClient.Account who) {
        return sync(who, "").path("next_batch").asText();
    }

    /** A long-poll from {@code since}, running in the background. */
    CompletableFuture<JsonNode> longPoll(TestClient.Account who, String since, long timeoutMs) {
        return CompletableFuture.supplyAsync(() -> sync(who, "?timeout=" + timeoutMs + "&since=" + enc(since)));
    }

    /** The events of one type in a joined room's ephemeral section. */
    static List<JsonNode> ephemeral(JsonNode sync, String roomId, String type) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : sync.path("rooms").path("join").path(roomId).path("ephemeral").path("events")) {
            if (e.path("type").asText().equals(type)) out.add(e);
        }
        return out;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
