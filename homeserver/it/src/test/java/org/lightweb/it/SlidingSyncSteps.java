package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.lightweb.core.Json;

/** Sliding sync requests for the black-box tests: bodies built in a line, answers checked for 200. */
final class SlidingSyncSteps {
    static final String PATH = "/_matrix/client/unstable/org.matrix.simplified_msc3575/sync";

    private final TestClient client;

    SlidingSyncSteps(TestClient client) {
        this.client = client;
    }

    /** A body with one list {@code name} over [0, end], the given timeline_limit and [type, state_key] pairs. */
    static ObjectNode list(String name, int end, int timelineLimit, String... requiredState) {
        ObjectNode body = Json.object();
        ObjectNode list = body.putObject("lists").putObject(name);
        list.putArray("ranges").addArray().add(0).add(end);
        list.put("timeline_limit", timelineLimit);
        list.set("required_state", pairs(requiredState));
        return body;
    }

    /** Adds a subscription to {@code roomId} to a body. */
    static ObjectNode subscribe(ObjectNode body, String roomId, int timelineLimit, String... requiredState) {
        ObjectNode sub = (body.has("room_subscriptions") ? (ObjectNode) body.get("room_subscriptions")
                : body.putObject("room_subscriptions")).putObject(roomId);
        sub.put("timeline_limit", timelineLimit);
        sub.set("required_state", pairs(requiredState));
        return body;
    }

    static ArrayNode pairs(String... flat) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (int i = 0; i + 1 < flat.length; i += 2) out.addArray().add(flat[i]).add(flat[i + 1]);
        return out;
    }

    TestClient.Response raw(TestClient.Account who, String query, Object body) {
        return client.post(PATH + query, who.accessToken(), body);
    }

    JsonNode sync(TestClient.Account who, String pos, Object body) {
        var res = raw(who, pos == null ? "" : "?pos=" + pos, body);
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.json();
    }

    static List<String> bodies(JsonNode room) {
        List<String> out = new ArrayList<>();
        room.path("timeline").forEach(e -> { if (e.path("content").has("body")) out.add(e.path("content").path("body").asText()); });
        return out;
    }

    /** The required_state entries of a room as "type|state_key". */
    static List<String> stateKeys(JsonNode room) {
        List<String> out = new ArrayList<>();
        room.path("required_state").forEach(e -> out.add(e.path("type").asText() + "|" + e.path("state_key").asText()));
        return out;
    }
}
