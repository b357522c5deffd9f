package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.lightweb.core.Json;
import org.lightweb.it.TestClient.Response;

/** Room and directory steps as a client takes them, for the directory ITs; each must succeed unless it answers a Response. */
final class DirectorySteps {
    static final String CLIENT = "/_matrix/client/v3";

    private final TestNode node;

    DirectorySteps(TestNode node) {
        this.node = node;
    }

    private TestClient client() { return node.client(); }

    /** A path segment as clients send it: '#', ':', '!' and spaces percent-encoded. */
    static String enc(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    String createRoom(String token, ObjectNode body) {
        Response res = client().post(CLIENT + "/createRoom", token, body);
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.json().path("room_id").asText();
    }

    /** A room with join rule public: anyone on the server may join. */
    String publicRoom(String token) {
        return createRoom(token, Json.object().put("preset", "public_chat"));
    }

    void join(String token, String roomIdOrAlias) {
        Response res = client().post(CLIENT + "/join/" + enc(roomIdOrAlias), token, Json.object());
        assertThat(res.status()).as(res.body()).isEqualTo(200);
    }

    Response putState(String token, String roomId, String type, ObjectNode content) {
        return client().put(CLIENT + "/rooms/" + enc(roomId) + "/state/" + type + "/", token, content);
    }

    ObjectNode state(String token, String roomId, String type) {
        Response res = client().get(CLIENT + "/rooms/" + enc(roomId) + "/state/" + type + "/", token);
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return (ObjectNode) res.json();
    }

    Response putAlias(String token, String alias, String roomId) {
        return client().put(CLIENT + "/directory/room/" + enc(alias), token, Json.object().put("room_id", roomId));
    }

    void createAlias(String token, String alias, String roomId) {
        Response res = putAlias(token, alias, roomId);
        assertThat(res.status()).as(res.body()).isEqualTo(200);
    }

    Response getAlias(String alias) {
        return client().get(CLIENT + "/directory/room/" + enc(alias));
    }

    Response deleteAlias(String token, String alias) {
        return client().delete(CLIENT + "/directory/room/" + enc(alias), token, null);
    }

    Response setVisibility(String token, String roomId, String visibility) {
        return client().put(CLIENT + "/directory/list/room/" + enc(roomId), token, Json.object().put("visibility", visibility));
    }

    /** Publishes a room in the directory as its creator. */
    void publish(String token, String roomId) {
        Response res = setVisibility(token, roomId, "public");
        assertThat(res.status()).as(res.body()).isEqualTo(200);
    }
}
