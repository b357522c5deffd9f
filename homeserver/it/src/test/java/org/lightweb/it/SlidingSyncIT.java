package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.it.SlidingSyncSteps.bodies;
import static org.lightweb.it.SlidingSyncSteps.list;
import static org.lightweb.it.SlidingSyncSteps.stateKeys;
import static org.lightweb.it.SlidingSyncSteps.subscribe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/** Simplified sliding sync (MSC4186) rooms: lists, incremental responses, required_state, subscriptions, filters, invites. */
class SlidingSyncIT {
    @RegisterExtension
    static final TestNode node = TestNode.create();

    private final RoomSteps rooms = new RoomSteps(node.client());
    private final SlidingSyncSteps sliding = new SlidingSyncSteps(node.client());

    private TestClient.Account user(String name) {
        return node.client().register(name, "password123");
    }

    @Test
    void versionsShouldAdvertiseSimplifiedSlidingSyncWhenAsked() {
        JsonNode v = node.client().get("/_matrix/client/versions").json();
        assertThat(v.path("unstable_features").path("org.matrix.simplified_msc3575").asBoolean()).isTrue();
    }

    @Test
    void listShouldCarryTheMostRecentRoomsWhenARangeIsGiven() {
        var amy = user("ss_amy");
        String oldest = rooms.createRoom(amy, Json.object().put("name", "Oldest"));
        String middle = rooms.createRoom(amy, Json.object().put("name", "Middle"));
        String newest = rooms.createRoom(amy, Json.object().put("name", "Newest"));
        rooms.send(amy, oldest, "bump the oldest");   // now the most recent

        JsonNode r = sliding.sync(amy, null, list("all", 1, 3, "m.room.create", ""));
        assertThat(r.path("pos").asText()).isNotEmpty();
        assertThat(r.path("lists").path("all").path("count").asInt()).isEqualTo(3);
        assertThat(r.path("lists").path("all").has("ops")).isFalse();
        JsonNode roomsJson = r.path("rooms");
        assertThat(roomsJson.has(oldest)).isTrue();
        assertThat(roomsJson.has(newest)).isTrue();
        assertThat(roomsJson.has(middle)).isFalse();

        JsonNode room = roomsJson.path(oldest);
        assertThat(room.path("initial").asBoolean()).isTrue();
        assertThat(room.path("name").asText()).isEqualTo("Oldest");
        assertThat(room.path("membership").asText()).isEqualTo("join");
        assertThat(bodies(room)).containsExactly("bump the oldest");
        assertThat(room.path("timeline").size()).isEqualTo(3);
        assertThat(room.path("limited").asBoolean()).isTrue();
        assertThat(room.path("prev_batch").asText()).startsWith("s");
        assertThat(room.path("joined_count").asInt()).isEqualTo(1);
        assertThat(room.path("invited_count").asInt()).isZero();
        assertThat(room.path("notification_count").isIntegralNumber()).isTrue();
        assertThat(room.path("bump_stamp").asLong()).isGreaterThan(roomsJson.path(newest).path("bump_stamp").asLong());
        assertThat(stateKeys(room)).containsExactly("m.room.create|");
        assertThat(room.path("timeline").get(0).has("room_id")).isFalse();
        assertThat(room.path("lists").get(0).asText()).isEqualTo("all");
    }

    @Test
    void growingRangeShouldSendOnlyRoomsNotSentYetWhenPaginatingTheList() {
        var wes = user("ss_wes");
        List<String> created = new java.util.ArrayList<>();
        for (int i = 0; i < 25; i++) created.add(rooms.createRoom(wes, "private_chat"));
        ObjectNode body = list("all", 1, 0);
        ((ObjectNode) body.path("lists").path("all")).withArray("ranges").addArray().add(23).add(30);
        JsonNode first = sliding.sync(wes, null, body);
        assertThat(first.path("lists").path("all").path("count").asInt()).isEqualTo(25);
        assertThat(first.path("rooms").size()).isEqualTo(4);
        assertThat(first.path("rooms").has(created.get(24))).isTrue();   // newest: index 0
        assertThat(first.path("rooms").has(created.get(0))).isTrue();    // oldest: index 24
        assertThat(first.path("rooms").path(created.get(24)).has("timeline")).isFalse();   // timeline_limit 0

        JsonNode wider = sliding.sync(wes, first.path("pos").asText(), list("all", 99, 0));
        assertThat(wider.path("rooms").size()).isEqualTo(21);
        assertThat(wider.path("rooms").has(created.get(24))).isFalse();
        wider.path("rooms").forEach(r -> assertThat(r.path("initial").asBoolean()).isTrue());
    }

    @Test
    void incrementalResponseShouldCarryOnlyChangedRoomsWhenPosIsGiven() {
        var bo = user("ss_bo");
        var cy = user("ss_cy");
        String quiet = rooms.createRoom(bo, "public_chat");
        String busy = rooms.createRoom(bo, "public_chat");
        ObjectNode body = list("all", 9, 5);
        String pos = sliding.sync(bo, null, body).path("pos").asText();

        JsonNode nothing = sliding.sync(bo, pos, body);
        assertThat(nothing.path("rooms").size()).isZero();

        rooms.join(cy, busy);
        rooms.send(cy, busy, "hello bo");
        JsonNode r = sliding.sync(bo, pos, body);
        assertThat(r.path("rooms").has(quiet)).isFalse();
        JsonNode room = r.path("rooms").path(busy);
        assertThat(room.has("initial")).isFalse();
        assertThat(bodies(room)).containsExactly("hello bo");
        assertThat(room.path("timeline").size()).isEqualTo(2);   // cy's join, then the message
        assertThat(room.path("num_live").asInt()).isEqualTo(2);
        assertThat(room.path("limited").asBoolean()).isFalse();
        assertThat(room.path("joined_count").asInt()).isEqualTo(2);

        // The next pos carries on from there: nothing new, nothing sent.
        assertThat(sliding.sync(bo, r.path("pos").asText(), body).path("rooms").size()).isZero();
    }

    @Test
    void requiredStateShouldHonourWildcardsLazyMembersAndMeWhenRequested() {
        var di = user("ss_di");
        var ed = user("ss_ed");
        var fi = user("ss_fi");
        String room = rooms.createRoom(di, Json.object().put("preset", "public_chat").put("topic", "Tea"));
        rooms.join(ed, room);
        rooms.join(fi, room);
        rooms.send(ed, room, "ed speaks");

        JsonNode all = sliding.sync(di, null, list("l", 0, 1, "*", "*")).path("rooms").path(room);
        assertThat(stateKeys(all)).contains("m.room.create|", "m.room.topic|", "m.room.member|" + di.userId(),
                "m.room.member|" + ed.userId(), "m.room.member|" + fi.userId());

        ObjectNode lazyBody = list("l", 0, 1, "m.room.topic", "", "m.room.member", "$LAZY");
        JsonNode lazy = sliding.sync(di, null, lazyBody);
        assertThat(stateKeys(lazy.path("rooms").path(room)))
                .containsExactlyInAnyOrder("m.room.topic|", "m.room.member|" + ed.userId());

        // A new sender's member event follows; the one already sent does not come again.
        rooms.send(fi, room, "fi speaks");
        rooms.send(ed, room, "ed again");
        ObjectNode lazyTwo = list("l", 0, 2, "m.room.topic", "", "m.room.member", "$LAZY");
        JsonNode next = sliding.sync(di, lazy.path("pos").asText(), lazyTwo).path("rooms").path(room);
        assertThat(stateKeys(next)).containsExactly("m.room.member|" + fi.userId());

        JsonNode me = sliding.sync(di, null, list("l", 0, 0, "m.room.member", "$ME")).path("rooms").path(room);
        assertThat(stateKeys(me)).containsExactly("m.room.member|" + di.userId());

        JsonNode members = sliding.sync(di, null, list("l", 0, 0, "m.room.member", "*")).path("rooms").path(room);
        assertThat(stateKeys(members)).hasSize(3).allMatch(k -> k.startsWith("m.room.member|"));
    }

    @Test
    void roomSubscriptionShouldSendARoomWhenNoListRangeCoversIt() {
        var gi = user("ss_gi");
        String old = rooms.createRoom(gi, Json.object().put("name", "Old"));
        rooms.createRoom(gi, Json.object().put("name", "New"));
        ObjectNode body = subscribe(list("top", 0, 1), old, 5, "m.room.name", "");
        JsonNode r = sliding.sync(gi, null, body);
        assertThat(r.path("rooms").size()).isEqualTo(2);
        JsonNode sub = r.path("rooms").path(old);
        assertThat(sub.path("name").asText()).isEqualTo("Old");
        assertThat(sub.has("lists")).isFalse();
        assertThat(stateKeys(sub)).containsExactly("m.room.name|");

        // A subscription to a room the user is not in is ignored.
        var ho = user("ss_ho");
        String foreign = rooms.createRoom(ho, "private_chat");
        JsonNode none = sliding.sync(gi, null, subscribe(Json.object(), foreign, 5, "*", "*"));
        assertThat(none.path("rooms").has(foreign)).isFalse();
    }

    @Test
    void filtersShouldSelectDmsInvitesAndEncryptedRoomsWhenSet() {
        var ivy = user("ss_ivy");
        var jo = user("ss_jo");
        String plain = rooms.createRoom(ivy, "public_chat");   // private rooms are encrypted by default
        String dm = rooms.createRoom(ivy, "trusted_private_chat");
        String secret = rooms.createRoom(ivy, (ObjectNode) Json.parse("{\"preset\":\"private_chat\",\"initial_state\":"
                + "[{\"type\":\"m.room.encryption\",\"state_key\":\"\",\"content\":{\"algorithm\":\"m.megolm.v1.aes-sha2\"}}]}"));
        var put = node.client().put("/_matrix/client/v3/user/" + ivy.userId() + "/account_data/m.direct", ivy.accessToken(),
                Json.object().set(jo.userId(), Json.MAPPER.createArrayNode().add(dm)));
        assertThat(put.status()).isEqualTo(200);
        String invitedTo = rooms.createRoom(jo, "private_chat");
        rooms.invite(jo, invitedTo, ivy);

        ObjectNode body = Json.object();
        ObjectNode lists = body.putObject("lists");
        for (String[] f : new String[][] {{"dms", "is_dm", "true"}, {"not_dms", "is_dm", "false"},
                {"invites", "is_invite", "true"}, {"encrypted", "is_encrypted", "true"}}) {
            ObjectNode l = lists.putObject(f[0]);
            l.putArray("ranges").addArray().add(0).add(20);
            l.put("timeline_limit", 0).putArray("required_state");
            l.putObject("filters").put(f[1], Boolean.parseBoolean(f[2]));
        }
        JsonNode r = sliding.sync(ivy, null, body);
        assertThat(r.path("lists").path("dms").path("count").asInt()).isEqualTo(1);
        assertThat(r.path("lists").path("not_dms").path("count").asInt()).isEqualTo(3);
        assertThat(r.path("lists").path("invites").path("count").asInt()).isEqualTo(1);
        assertThat(r.path("lists").path("encrypted").path("count").asInt()).as("all but the public room").isEqualTo(3);
        assertThat(r.path("rooms").path(dm).path("is_dm").asBoolean()).isTrue();
        assertThat(r.path("rooms").path(dm).path("lists").toString()).contains("dms").doesNotContain("not_dms");
        assertThat(r.path("rooms").path(secret).path("lists").toString()).contains("encrypted");
        assertThat(r.path("rooms").path(plain).has("is_dm")).isFalse();
        assertThat(r.path("rooms").path(plain).path("lists").toString()).doesNotContain("encrypted");
    }

    @Test
    void inviteShouldCarryInviteStateWhenTheUserIsInvited() {
        var kim = user("ss_kim");
        var lu = user("ss_lu");
        String room = rooms.createRoom(kim, Json.object().put("preset", "private_chat").put("name", "Invite only"));
        ObjectNode body = list("all", 9, 5, "*", "*");
        String pos = sliding.sync(lu, null, body).path("pos").asText();
        rooms.invite(kim, room, lu);

        JsonNode inv = sliding.sync(lu, pos, body).path("rooms").path(room);
        assertThat(inv.path("membership").asText()).isEqualTo("invite");
        assertThat(inv.path("initial").asBoolean()).isTrue();
        assertThat(inv.has("timeline")).isFalse();
        assertThat(inv.has("required_state")).isFalse();
        List<String> types = inv.path("invite_state").findValuesAsText("type");
        assertThat(types).contains("m.room.create", "m.room.name", "m.room.member");
        assertThat(inv.path("invite_state").toString()).contains("Invite only");
    }

    @Test
    void kickShouldBeSentAndLeftRoomsDropWhenTheUserIsRemovedOrLeaves() {
        var uma = user("ss_uma");
        var vic = user("ss_vic");
        String kickedFrom = rooms.createRoom(uma, "public_chat");
        String leftSelf = rooms.createRoom(uma, "public_chat");
        rooms.join(vic, kickedFrom);
        rooms.join(vic, leftSelf);
        ObjectNode body = list("all", 9, 5, "m.room.member", "$ME");
        String pos = sliding.sync(vic, null, body).path("pos").asText();

        var kick = node.client().post(RoomSteps.path(kickedFrom, "/kick"), uma.accessToken(),
                Json.object().put("user_id", vic.userId()).put("reason", "out"));
        assertThat(kick.status()).as(kick.body()).isEqualTo(200);
        var leave = node.client().post(RoomSteps.path(leftSelf, "/leave"), vic.accessToken(), Json.object());
        assertThat(leave.status()).as(leave.body()).isEqualTo(200);
        rooms.send(uma, kickedFrom, "after the kick");

        JsonNode r = sliding.sync(vic, pos, body);
        JsonNode kicked = r.path("rooms").path(kickedFrom);
        assertThat(kicked.path("membership").asText()).isEqualTo("leave");
        assertThat(kicked.path("timeline").findValuesAsText("type")).contains("m.room.member");
        assertThat(bodies(kicked)).doesNotContain("after the kick");   // nothing after the kick is seen
        assertThat(r.path("rooms").path(leftSelf).path("membership").asText()).isEqualTo("leave");
        assertThat(r.path("lists").path("all").path("count").asInt()).isEqualTo(2);

        // Rooms left by the user themselves leave the list afterwards; rooms they were kicked from stay.
        JsonNode after = sliding.sync(vic, r.path("pos").asText(), body);
        assertThat(after.path("lists").path("all").path("count").asInt()).isEqualTo(1);
        assertThat(after.path("rooms").size()).isZero();
    }

    @Test
    void timelineShouldExpandWhenTheTimelineLimitGrows() {
        var tom = user("ss_tom");
        String room = rooms.createRoom(tom, "private_chat");
        for (int i = 0; i < 4; i++) rooms.send(tom, room, "m" + i);
        JsonNode first = sliding.sync(tom, null, list("all", 9, 1));
        assertThat(bodies(first.path("rooms").path(room))).containsExactly("m3");
        JsonNode more = sliding.sync(tom, first.path("pos").asText(), list("all", 9, 3)).path("rooms").path(room);
        assertThat(bodies(more)).containsExactly("m1", "m2", "m3");
        assertThat(more.path("unstable_expanded_timeline").asBoolean()).isTrue();
        assertThat(more.has("initial")).isFalse();
    }
}
