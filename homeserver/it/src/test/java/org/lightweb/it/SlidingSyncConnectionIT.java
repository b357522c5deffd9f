package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.it.SlidingSyncSteps.bodies;
import static org.lightweb.it.SlidingSyncSteps.list;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/** Simplified sliding sync (MSC4186) connections: long-poll, unknown pos, bad bodies, extensions. */
class SlidingSyncConnectionIT {
    @RegisterExtension
    static final TestNode node = TestNode.create();

    private final RoomSteps rooms = new RoomSteps(node.client());
    private final SlidingSyncSteps sliding = new SlidingSyncSteps(node.client());

    private TestClient.Account user(String name) {
        return node.client().register(name, "password123");
    }

    @Test
    void longPollShouldReturnWhenAMessageArrives() throws Exception {
        var mo = user("ss_mo");
        var ned = user("ss_ned");
        String room = rooms.createRoom(mo, "public_chat");
        rooms.join(ned, room);
        ObjectNode body = list("all", 9, 5);
        String pos = sliding.sync(ned, null, body).path("pos").asText();
        CompletableFuture<JsonNode> poll = CompletableFuture.supplyAsync(() -> {
            var res = sliding.raw(ned, "?timeout=20000&pos=" + pos, body);
            assertThat(res.status()).as(res.body()).isEqualTo(200);
            return res.json();
        });
        Thread.sleep(300);
        assertThat(poll).isNotDone();
        rooms.send(mo, room, "wake up");
        JsonNode r = poll.get(10, TimeUnit.SECONDS);
        assertThat(bodies(r.path("rooms").path(room))).containsExactly("wake up");
    }

    @Test
    void longPollShouldTimeOutEmptyWhenNothingHappens() {
        var ola = user("ss_ola");
        rooms.createRoom(ola, "public_chat");
        ObjectNode body = list("all", 9, 5);
        String pos = sliding.sync(ola, null, body).path("pos").asText();
        var res = sliding.raw(ola, "?timeout=300&pos=" + pos, body);
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.json().path("rooms").size()).isZero();
        assertThat(res.json().path("lists").path("all").path("count").asInt()).isEqualTo(1);
    }

    @Test
    void unknownPosShouldAnswerUnknownPosWhenTheConnectionIsNotKnown() {
        var pat = user("ss_pat");
        ObjectNode body = list("all", 9, 1);
        String pos = sliding.sync(pat, null, body).path("pos").asText();
        var otherConn = sliding.raw(pat, "?conn_id=other&pos=" + pos, body);
        assertThat(otherConn.status()).isEqualTo(400);
        assertThat(otherConn.errcode()).isEqualTo("M_UNKNOWN_POS");
        var forged = sliding.raw(pat, "?pos=" + pos.substring(0, pos.lastIndexOf('.')) + ".999", body);
        assertThat(forged.status()).isEqualTo(400);
        assertThat(forged.errcode()).isEqualTo("M_UNKNOWN_POS");
        assertThat(sliding.raw(pat, "?pos=garbage", body).errcode()).isEqualTo("M_UNKNOWN_POS");
        // A new connection (no pos) forgets the old positions.
        sliding.sync(pat, null, body);
        assertThat(sliding.raw(pat, "?pos=" + pos, body).errcode()).isEqualTo("M_UNKNOWN_POS");
    }

    @Test
    void badBodiesShouldAnswerBadJsonWhenTheShapeIsWrong() {
        var quin = user("ss_quin");
        for (String bad : List.of("{\"lists\":[]}",
                "{\"lists\":{\"a\":{\"ranges\":[[5,1]],\"timeline_limit\":1,\"required_state\":[]}}}",
                "{\"lists\":{\"a\":{\"ranges\":[[0,1]],\"timeline_limit\":\"ten\",\"required_state\":[]}}}",
                "{\"lists\":{\"a\":{\"ranges\":[[0,1]],\"timeline_limit\":1,\"required_state\":[[\"m.room.name\"]]}}}",
                "{\"lists\":{\"a\":{\"ranges\":[[0,1]],\"timeline_limit\":1,\"required_state\":[],\"filters\":{\"is_dm\":\"yes\"}}}}",
                "{\"room_subscriptions\":{\"not-a-room\":{\"timeline_limit\":1,\"required_state\":[]}}}",
                "{\"extensions\":{\"account_data\":{\"enabled\":\"yes\"}}}")) {
            var res = sliding.raw(quin, "", bad);
            assertThat(res.status()).as(bad).isEqualTo(400);
            assertThat(res.errcode()).as(bad).isEqualTo("M_BAD_JSON");
        }
        assertThat(sliding.raw(quin, "", "not json").errcode()).isEqualTo("M_NOT_JSON");
    }

    @Test
    void accountDataExtensionShouldCarryGlobalAndRoomDataWhenEnabled() {
        var rae = user("ss_rae");
        String room = rooms.createRoom(rae, "private_chat");
        node.client().put("/_matrix/client/v3/user/" + rae.userId() + "/account_data/org.example.colour", rae.accessToken(),
                Json.object().put("colour", "teal"));
        node.client().put("/_matrix/client/v3/user/" + rae.userId() + "/rooms/" + room + "/account_data/org.example.note",
                rae.accessToken(), Json.object().put("note", "hi"));
        ObjectNode body = list("all", 9, 1);
        body.putObject("extensions").putObject("account_data").put("enabled", true);

        JsonNode first = sliding.sync(rae, null, body).path("extensions").path("account_data");
        assertThat(first.path("global").findValuesAsText("type")).contains("org.example.colour", "m.push_rules");
        assertThat(first.path("rooms").path(room).findValuesAsText("type")).containsExactly("org.example.note");

        String pos = sliding.sync(rae, null, body).path("pos").asText();
        node.client().put("/_matrix/client/v3/user/" + rae.userId() + "/account_data/org.example.colour", rae.accessToken(),
                Json.object().put("colour", "plum"));
        JsonNode next = sliding.sync(rae, pos, body).path("extensions").path("account_data");
        assertThat(next.path("global").findValuesAsText("type")).containsExactly("org.example.colour");
        assertThat(next.path("global").toString()).contains("plum");
        assertThat(next.path("rooms").size()).isZero();
    }

    @Test
    void otherExtensionsShouldAnswerTheirShapesWhenEnabled() {
        var sam = user("ss_sam");
        rooms.createRoom(sam, "private_chat");
        ObjectNode body = list("all", 9, 1);
        ObjectNode ext = body.putObject("extensions");
        for (String name : List.of("to_device", "e2ee", "receipts", "typing")) ext.putObject(name).put("enabled", true);
        JsonNode r = sliding.sync(sam, null, body).path("extensions");
        assertThat(r.path("to_device").path("events").isArray()).isTrue();
        assertThat(r.path("to_device").path("next_batch").isTextual()).isTrue();
        assertThat(r.path("e2ee").path("device_lists").path("changed").isArray()).isTrue();
        assertThat(r.path("e2ee").path("device_one_time_keys_count").isObject()).isTrue();
        assertThat(r.path("receipts").path("rooms").isObject()).isTrue();
        assertThat(r.path("typing").path("rooms").isObject()).isTrue();
    }
}
