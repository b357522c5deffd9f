package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.lightweb.core.Json;

/** Small helpers for room tests: each step asserts that it worked. */
final class RoomSteps {
    private final TestClient client;

    RoomSteps(TestClient client) {
        this.client = client;
    }

    static String path(String roomId, String rest) {
        return "/_matrix/client/v3/rooms/" + roomId + rest;
    }

    String createRoom(TestClient.Account who, ObjectNode body) {
        var res = client.post("/_matrix/client/v3/createRoom", who.accessToken(), body);
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.json().path("room_id").asText();
    }

    String createRoom(TestClient.Account who, String preset) {
        return createRoom(who, Json.object().put("preset", preset));
    }

    String send(TestClient.Account who, String roomId, String body) {
        var res = client.put(path(roomId, "/send/m.room.message/" + System.nanoTime()), who.accessToken(),
                Json.object().put("msgtype", "m.text").put("body", body));
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.json().path("event_id").asText();
    }

    String setState(TestClient.Account who, String roomId, String type, String stateKey, ObjectNode content) {
        var res = client.put(path(roomId, "/state/" + type + "/" + stateKey), who.accessToken(), content);
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.json().path("event_id").asText();
    }

    void join(TestClient.Account who, String roomId) {
        var res = client.post(path(roomId, "/join"), who.accessToken(), Json.object());
        assertThat(res.status()).as(res.body()).isEqualTo(200);
    }

    void invite(TestClient.Account who, String roomId, TestClient.Account target) {
        var res = client.post(path(roomId, "/invite"), who.accessToken(), Json.object().put("user_id", target.userId()));
        assertThat(res.status()).as(res.body()).isEqualTo(200);
    }

    String membership(TestClient.Account viewer, String roomId, String userId) {
        var res = client.get(path(roomId, "/state/m.room.member/" + userId), viewer.accessToken());
        return res.status() == 200 ? res.json().path("membership").asText() : null;
    }
}
