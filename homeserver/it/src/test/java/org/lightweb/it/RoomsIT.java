package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/** Creating rooms, sending events and reading them back. */
class RoomsIT {
    @RegisterExtension
    static final TestNode node = TestNode.create();

    @ParameterizedTest
    @ValueSource(strings = {"10", "11", "12"})
    void createRoomShouldMakeARealRoomWhenVersionIsSupported(String version) {
        var alice = node.client().register("alice" + version, "password123");
        var created = node.client().post("/_matrix/client/v3/createRoom", alice.accessToken(),
                Json.object().put("room_version", version).put("name", "Kaslo co-op").put("topic", "Backups"));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String roomId = created.json().path("room_id").asText();
        if (version.equals("12")) assertThat(roomId).doesNotContain(":");
        else assertThat(roomId).endsWith(":localhost");

        var state = node.client().get("/_matrix/client/v3/rooms/" + roomId + "/state", alice.accessToken());
        assertThat(state.status()).as(state.body()).isEqualTo(200);
        assertThat(state.json().findValuesAsText("type")).contains("m.room.create", "m.room.member", "m.room.power_levels",
                "m.room.join_rules", "m.room.history_visibility", "m.room.name", "m.room.topic");
        var name = node.client().get("/_matrix/client/v3/rooms/" + roomId + "/state/m.room.name", alice.accessToken());
        assertThat(name.json().path("name").asText()).isEqualTo("Kaslo co-op");
        var create = node.client().get("/_matrix/client/v3/rooms/" + roomId + "/state/m.room.create/?format=event", alice.accessToken());
        assertThat(create.json().path("content").path("room_version").asText()).isEqualTo(version);

        var sent = node.client().put("/_matrix/client/v3/rooms/" + roomId + "/send/m.room.message/txn1", alice.accessToken(),
                Json.object().put("msgtype", "m.text").put("body", "hello"));
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        String eventId = sent.json().path("event_id").asText();
        var again = node.client().put("/_matrix/client/v3/rooms/" + roomId + "/send/m.room.message/txn1", alice.accessToken(),
                Json.object().put("msgtype", "m.text").put("body", "hello"));
        assertThat(again.json().path("event_id").asText()).isEqualTo(eventId);

        JsonNode event = node.client().get("/_matrix/client/v3/rooms/" + roomId + "/event/" + eventId, alice.accessToken()).json();
        assertThat(event.path("content").path("body").asText()).isEqualTo("hello");
        assertThat(event.path("unsigned").path("transaction_id").asText()).isEqualTo("txn1");
    }

    @Test
    void joinedRoomsShouldListRoomsTheUserCreated() {
        var bob = node.client().register("bobrooms", "password123");
        String roomId = node.client().post("/_matrix/client/v3/createRoom", bob.accessToken(), Json.object())
                .json().path("room_id").asText();
        assertThat(node.client().get("/_matrix/client/v3/joined_rooms", bob.accessToken()).json().path("joined_rooms")
                .findValuesAsText("")).isEmpty();
        assertThat(node.client().get("/_matrix/client/v3/joined_rooms", bob.accessToken()).json().path("joined_rooms").get(0).asText())
                .isEqualTo(roomId);
    }
}
