package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/** Synapse's room admin API: list, details, members, state, block, and delete (v1 and v2) with purge. */
class AdminRoomsIT {
    @RegisterExtension
    static final TestNode node = TestNode.create();
    static String admin;

    @BeforeAll
    static void admin() {
        admin = AdminIT.registerWithSharedSecret(node, "roomboss", "password123", true);
    }

    static String createRoom(TestClient.Account who, String name) {
        var res = node.client().post("/_matrix/client/v3/createRoom", who.accessToken(),
                Json.object().put("name", name).put("preset", "public_chat"));
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.json().path("room_id").asText();
    }

    static void join(TestClient.Account who, String roomId) {
        var res = node.client().post("/_matrix/client/v3/join/" + roomId, who.accessToken(), Json.object());
        assertThat(res.status()).as(res.body()).isEqualTo(200);
    }

    @Test
    void roomListShouldShowCountsAndStateAndPage() {
        var owner = node.client().register("lister", "password123");
        var guest = node.client().register("listed", "password123");
        String alpha = createRoom(owner, "Alpha list room");
        createRoom(owner, "Beta list room");
        join(guest, alpha);
        var res = node.client().get("/_synapse/admin/v1/rooms?search_term=list%20room&limit=1", admin);
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        assertThat(res.json().path("total_rooms").asInt()).isEqualTo(2);
        assertThat(res.json().path("next_batch").asInt()).isEqualTo(1);
        JsonNode first = res.json().path("rooms").get(0);
        assertThat(first.path("room_id").asText()).isEqualTo(alpha);
        assertThat(first.path("name").asText()).isEqualTo("Alpha list room");
        assertThat(first.path("joined_members").asInt()).isEqualTo(2);
        assertThat(first.path("joined_local_members").asInt()).isEqualTo(2);
        assertThat(first.path("creator").asText()).isEqualTo(owner.userId());
        assertThat(first.path("join_rules").asText()).isEqualTo("public");
        assertThat(first.path("state_events").asInt()).isGreaterThan(4);
        var second = node.client().get("/_synapse/admin/v1/rooms?search_term=list%20room&limit=1&from=1", admin);
        assertThat(second.json().path("rooms").get(0).path("name").asText()).isEqualTo("Beta list room");
        assertThat(second.json().has("next_batch")).isFalse();
        assertThat(second.json().path("prev_batch").asInt()).isZero();
    }

    @Test
    void roomDetailsMembersAndStateShouldDescribeTheRoom() {
        var owner = node.client().register("detailer", "password123");
        String room = createRoom(owner, "Details room");
        var details = node.client().get("/_synapse/admin/v1/rooms/" + room, admin);
        assertThat(details.status()).as(details.body()).isEqualTo(200);
        assertThat(details.json().path("name").asText()).isEqualTo("Details room");
        assertThat(details.json().path("version").asText()).isNotEmpty();
        var members = node.client().get("/_synapse/admin/v1/rooms/" + room + "/members", admin).json();
        assertThat(members.path("members").get(0).asText()).isEqualTo(owner.userId());
        assertThat(members.path("total").asInt()).isEqualTo(1);
        var state = node.client().get("/_synapse/admin/v1/rooms/" + room + "/state", admin).json().path("state");
        List<String> types = new ArrayList<>();
        state.forEach(e -> types.add(e.path("type").asText()));
        assertThat(types).contains("m.room.create", "m.room.member", "m.room.name", "m.room.power_levels");
        assertThat(state.get(0).has("event_id")).isTrue();
        assertThat(node.client().get("/_synapse/admin/v1/rooms/!nope:localhost", admin).status()).isEqualTo(404);
        // tools that percent-encode the ids (the admin bot) reach the same room
        String encoded = room.replace("!", "%21").replace(":", "%3A");
        assertThat(node.client().get("/_synapse/admin/v1/rooms/" + encoded + "/members", admin).json().path("total").asInt())
                .isEqualTo(1);
    }

    @Test
    void deleteV2ShouldKickMembersPurgeAndBlockTheRoom() throws Exception {
        var owner = node.client().register("doomed", "password123");
        var member = node.client().register("bystander", "password123");
        String room = createRoom(owner, "Doomed room");
        join(member, room);
        node.client().put("/_matrix/client/v3/directory/room/%23doomed:localhost", owner.accessToken(),
                Json.object().put("room_id", room));
        var res = node.client().delete("/_synapse/admin/v2/rooms/" + room, admin,
                Json.object().put("block", true).put("purge", true));
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        String deleteId = res.json().path("delete_id").asText();
        JsonNode status = null;
        for (int i = 0; i < 100; i++) {
            status = node.client().get("/_synapse/admin/v2/rooms/delete_status/" + deleteId, admin).json();
            if (status.path("status").asText().equals("complete") || status.path("status").asText().equals("failed")) break;
            Thread.sleep(100);
        }
        assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("complete");
        assertThat(status.path("shutdown_room").path("kicked_users")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder(owner.userId(), member.userId());
        assertThat(status.path("shutdown_room").path("local_aliases").get(0).asText()).isEqualTo("#doomed:localhost");
        var byRoom = node.client().get("/_synapse/admin/v2/rooms/" + room + "/delete_status", admin).json();
        assertThat(byRoom.path("results").get(0).path("delete_id").asText()).isEqualTo(deleteId);

        assertThat(node.client().get("/_synapse/admin/v1/rooms/" + room, admin).status()).isEqualTo(404);
        var joined = node.client().get("/_matrix/client/v3/joined_rooms", member.accessToken()).json();
        assertThat(joined.path("joined_rooms")).extracting(JsonNode::asText).doesNotContain(room);
        var rejoin = node.client().post("/_matrix/client/v3/join/" + room, member.accessToken(), Json.object());
        assertThat(rejoin.status()).isEqualTo(403);
        var block = node.client().get("/_synapse/admin/v1/rooms/" + room + "/block", admin).json();
        assertThat(block.path("block").asBoolean()).isTrue();
        assertThat(node.client().get("/_matrix/client/v3/directory/room/%23doomed:localhost", member.accessToken()).status())
                .isEqualTo(404);
    }

    @Test
    void deleteV1ShouldMoveMembersToANewRoomWithoutPurging() {
        var owner = node.client().register("mover", "password123");
        var notices = node.client().register("notices", "password123");
        String room = createRoom(owner, "Moved room");
        String since = node.client().get("/_matrix/client/v3/sync?timeout=0", owner.accessToken()).json()
                .path("next_batch").asText();
        var res = node.client().delete("/_synapse/admin/v1/rooms/" + room, admin, Json.object().put("purge", false)
                .put("new_room_user_id", notices.userId()).put("room_name", "Gone").put("message", "This room is gone"));
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        String newRoom = res.json().path("new_room_id").asText();
        assertThat(newRoom).startsWith("!");
        assertThat(res.json().path("kicked_users").get(0).asText()).isEqualTo(owner.userId());
        var joined = node.client().get("/_matrix/client/v3/joined_rooms", owner.accessToken()).json();
        assertThat(joined.path("joined_rooms")).extracting(JsonNode::asText).contains(newRoom).doesNotContain(room);
        // the member's client hears of it: the old room is left, the new one joined
        JsonNode sync = node.client().get("/_matrix/client/v3/sync?timeout=0&since=" + since, owner.accessToken()).json();
        assertThat(sync.path("rooms").path("leave").has(room)).as(sync.toString()).isTrue();
        assertThat(sync.path("rooms").path("join").has(newRoom)).as(sync.toString()).isTrue();
        // not purged: the room is still known, with no one in it
        var details = node.client().get("/_synapse/admin/v1/rooms/" + room, admin).json();
        assertThat(details.path("joined_members").asInt()).isZero();
    }
}
