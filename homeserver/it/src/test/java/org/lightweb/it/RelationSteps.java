package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.lightweb.core.Json;

/** Sending related events (thread replies, edits, reactions, references) and reading /relations and /threads. */
final class RelationSteps {
    private final TestClient client;

    RelationSteps(TestClient client) {
        this.client = client;
    }

    static String v1(String roomId, String rest) {
        return "/_matrix/client/v1/rooms/" + roomId + rest;
    }

    TestClient.Response sendRaw(TestClient.Account who, String roomId, String type, ObjectNode content) {
        return client.put(RoomSteps.path(roomId, "/send/" + type + "/" + System.nanoTime()), who.accessToken(), content);
    }

    String send(TestClient.Account who, String roomId, String type, ObjectNode content) {
        var res = sendRaw(who, roomId, type, content);
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.json().path("event_id").asText();
    }

    static ObjectNode text(String body) {
        return Json.object().put("msgtype", "m.text").put("body", body);
    }

    static ObjectNode related(ObjectNode content, String relType, String parent) {
        content.putObject("m.relates_to").put("rel_type", relType).put("event_id", parent);
        return content;
    }

    String threadReply(TestClient.Account who, String roomId, String root, String body) {
        return send(who, roomId, "m.room.message", related(text(body), "m.thread", root));
    }

    String edit(TestClient.Account who, String roomId, String original, String newBody) {
        ObjectNode content = related(text("* " + newBody), "m.replace", original);
        content.set("m.new_content", text(newBody));
        return send(who, roomId, "m.room.message", content);
    }

    String react(TestClient.Account who, String roomId, String target, String key) {
        ObjectNode content = Json.object();
        content.putObject("m.relates_to").put("rel_type", "m.annotation").put("event_id", target).put("key", key);
        return send(who, roomId, "m.reaction", content);
    }

    String reference(TestClient.Account who, String roomId, String target) {
        return send(who, roomId, "m.room.message", related(text("see above"), "m.reference", target));
    }

    void redact(TestClient.Account who, String roomId, String eventId) {
        var res = client.put(RoomSteps.path(roomId, "/redact/" + eventId + "/" + System.nanoTime()), who.accessToken(),
                Json.object());
        assertThat(res.status()).as(res.body()).isEqualTo(200);
    }

    JsonNode event(TestClient.Account who, String roomId, String eventId) {
        var res = client.get(RoomSteps.path(roomId, "/event/" + eventId), who.accessToken());
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.json();
    }

    TestClient.Response relationsRaw(TestClient.Account who, String roomId, String rest) {
        return client.get(v1(roomId, "/relations/" + rest), who.accessToken());
    }

    JsonNode relations(TestClient.Account who, String roomId, String rest) {
        var res = relationsRaw(who, roomId, rest);
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.json();
    }

    JsonNode threads(TestClient.Account who, String roomId, String query) {
        var res = client.get(v1(roomId, "/threads" + query), who.accessToken());
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.json();
    }

    static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.path("chunk").forEach(e -> out.add(e.path("event_id").asText()));
        return out;
    }
}
