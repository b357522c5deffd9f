package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/** GET /sync: initial, incremental, long-poll, gappy timelines, filters, invites, leaves, account data, restarts. */
class SyncIT {
    /** Presence off: room-mates' presence would wake long-polls too, and these tests are about room events. */
    @RegisterExtension
    static final TestNode node = TestNode.create(c -> c.with("presence").put("enabled", false));

    private final RoomSteps rooms = new RoomSteps(node.client());

    private TestClient.Account user(String name) {
        return node.client().register(name, "password123");
    }

    private JsonNode sync(TestClient.Account who, String query) {
        var res = node.client().get("/_matrix/client/v3/sync" + query, who.accessToken());
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.json();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void initialSyncShouldCarryJoinedRoomsWithTimelineAndState() {
        var amy = user("amys");
        String room = rooms.createRoom(amy, Json.object().put("name", "Garden"));
        rooms.send(amy, room, "first");
        JsonNode r = sync(amy, "");
        assertThat(r.path("next_batch").asText()).startsWith("s");
        JsonNode joined = r.path("rooms").path("join").path(room);
        assertThat(joined.path("timeline").path("events").findValuesAsText("type")).contains("m.room.message");
        assertThat(joined.path("state").path("events").isArray()).isTrue();
        assertThat(joined.path("summary").path("m.joined_member_count").asInt()).isEqualTo(1);
        // Everything is either in the state or the timeline: the room name is there.
        String all = joined.path("state").toString() + joined.path("timeline").toString();
        assertThat(all).contains("Garden");
        assertThat(joined.path("timeline").path("events").get(0).has("room_id")).isFalse();
    }

    @Test
    void incrementalSyncShouldCarryOnlyWhatHappenedSince() {
        var bo = user("bos");
        String room = rooms.createRoom(bo, "public_chat");
        String since = sync(bo, "").path("next_batch").asText();
        assertThat(sync(bo, "?since=" + since).path("rooms").path("join").has(room)).isFalse();
        rooms.send(bo, room, "news");
        JsonNode r = sync(bo, "?since=" + since);
        JsonNode events = r.path("rooms").path("join").path(room).path("timeline").path("events");
        assertThat(events.size()).isEqualTo(1);
        assertThat(events.get(0).path("content").path("body").asText()).isEqualTo("news");
        assertThat(r.path("rooms").path("join").path(room).path("timeline").path("limited").asBoolean()).isFalse();
    }

    @Test
    void longPollShouldReturnAsSoonAsAnotherUserSpeaks() throws Exception {
        var cy = user("cys");
        var di = user("dis");
        String room = rooms.createRoom(cy, "public_chat");
        rooms.join(di, room);
        String since = sync(di, "").path("next_batch").asText();
        long start = System.nanoTime();
        CompletableFuture<JsonNode> poll = CompletableFuture.supplyAsync(() -> sync(di, "?timeout=20000&since=" + since));
        Thread.sleep(300);
        assertThat(poll).isNotDone();
        rooms.send(cy, room, "wake up");
        JsonNode r = poll.get(10, TimeUnit.SECONDS);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(ms).isLessThan(10_000);
        assertThat(r.path("rooms").path("join").path(room).path("timeline").path("events").toString()).contains("wake up");
    }

    @Test
    void longPollShouldTimeOutWithAnEmptyAnswer() {
        var ed = user("eds");
        String since = sync(ed, "").path("next_batch").asText();
        JsonNode r = sync(ed, "?timeout=300&since=" + since);
        assertThat(r.path("rooms").path("join").size()).isZero();
        assertThat(r.path("next_batch").asText()).isEqualTo(since);
    }

    @Test
    void gappyTimelineShouldBeLimitedWithAPrevBatch() {
        var fi = user("fis");
        String room = rooms.createRoom(fi, "public_chat");
        String since = sync(fi, "").path("next_batch").asText();
        for (int i = 0; i < 15; i++) rooms.send(fi, room, "msg " + i);
        String filter = enc("{\"room\":{\"timeline\":{\"limit\":5}}}");
        JsonNode t = sync(fi, "?filter=" + filter + "&since=" + since).path("rooms").path("join").path(room).path("timeline");
        assertThat(t.path("limited").asBoolean()).isTrue();
        assertThat(t.path("events").size()).isEqualTo(5);
        assertThat(t.path("events").get(4).path("content").path("body").asText()).isEqualTo("msg 14");
        assertThat(t.path("prev_batch").asText()).startsWith("s");
    }

    @Test
    void storedFiltersShouldBeCreatedReadAndUsed() {
        var gi = user("gis");
        var created = node.client().post("/_matrix/client/v3/user/" + gi.userId() + "/filter", gi.accessToken(),
                Json.parse("{\"room\":{\"timeline\":{\"limit\":1,\"types\":[\"m.room.message\"]}}}"));
        assertThat(created.status()).isEqualTo(200);
        String id = created.json().path("filter_id").asText();
        assertThat(node.client().get("/_matrix/client/v3/user/" + gi.userId() + "/filter/" + id, gi.accessToken()).json()
                .path("room").path("timeline").path("limit").asInt()).isEqualTo(1);
        String room = rooms.createRoom(gi, "public_chat");
        rooms.send(gi, room, "only this");
        JsonNode events = sync(gi, "?filter=" + id).path("rooms").path("join").path(room).path("timeline").path("events");
        assertThat(events.size()).isEqualTo(1);
        assertThat(events.get(0).path("type").asText()).isEqualTo("m.room.message");
        var other = user("gis2");
        assertThat(node.client().get("/_matrix/client/v3/user/" + gi.userId() + "/filter/" + id, other.accessToken()).status())
                .isEqualTo(403);
        assertThat(node.client().get("/_matrix/client/v3/user/" + gi.userId() + "/filter/999", gi.accessToken()).status()).isEqualTo(404);
        assertThat(node.client().post("/_matrix/client/v3/user/" + gi.userId() + "/filter", gi.accessToken(),
                Json.parse("{\"room\":{\"timeline\":{\"limit\":\"ten\"}}}")).errcode()).isEqualTo("M_BAD_JSON");
    }

    @Test
    void lazyLoadingShouldSendOnlyTheMembersOfTheTimeline() {
        var hu = user("hus");
        String room = rooms.createRoom(hu, "public_chat");
        for (int i = 0; i < 3; i++) rooms.join(user("lurker" + i), room);
        rooms.send(hu, room, "hello");
        String filter = enc("{\"room\":{\"timeline\":{\"limit\":1},\"state\":{\"lazy_load_members\":true}}}");
        JsonNode state = sync(hu, "?filter=" + filter).path("rooms").path("join").path(room).path("state").path("events");
        assertThat(state.findValuesAsText("state_key").stream().filter(k -> k.startsWith("@")).toList()).containsExactly(hu.userId());
        String noLazy = enc("{\"room\":{\"timeline\":{\"limit\":1}}}");
        JsonNode all = sync(hu, "?filter=" + noLazy).path("rooms").path("join").path(room).path("state").path("events");
        assertThat(all.findValuesAsText("state_key").stream().filter(k -> k.startsWith("@")).count()).isEqualTo(4);
    }

    @Test
    void invitesAndLeavesShouldShowUpInTheirSections() {
        var ib = user("ibs");
        var jo = user("jos");
        String room = rooms.createRoom(ib, Json.object().put("preset", "private_chat").put("name", "Secret garden"));
        String since = sync(jo, "").path("next_batch").asText();
        rooms.invite(ib, room, jo);
        JsonNode invite = sync(jo, "?since=" + since).path("rooms").path("invite").path(room).path("invite_state").path("events");
        assertThat(invite.findValuesAsText("type")).contains("m.room.create", "m.room.name", "m.room.member");
        assertThat(invite.toString()).contains("Secret garden");
        rooms.join(jo, room);
        String joinedSince = sync(jo, "").path("next_batch").asText();
        node.client().post(RoomSteps.path(room, "/leave"), jo.accessToken(), Json.object());
        JsonNode left = sync(jo, "?since=" + joinedSince).path("rooms").path("leave").path(room);
        assertThat(left.path("timeline").path("events").findValuesAsText("membership")).contains("leave");
        assertThat(sync(jo, "").path("rooms").path("leave").has(room)).isFalse();
        String includeLeave = enc("{\"room\":{\"include_leave\":true}}");
        assertThat(sync(jo, "?filter=" + includeLeave).path("rooms").path("leave").has(room)).isTrue();
    }

    @Test
    void accountDataShouldBeStoredAndSynced() {
        var ka = user("kas");
        String since = sync(ka, "").path("next_batch").asText();
        assertThat(node.client().put("/_matrix/client/v3/user/" + ka.userId() + "/account_data/org.example.settings",
                ka.accessToken(), Json.object().put("theme", "dark")).status()).isEqualTo(200);
        assertThat(node.client().get("/_matrix/client/v3/user/" + ka.userId() + "/account_data/org.example.settings",
                ka.accessToken()).json().path("theme").asText()).isEqualTo("dark");
        JsonNode r = sync(ka, "?since=" + since);
        assertThat(r.path("account_data").path("events").findValuesAsText("type")).containsExactly("org.example.settings");
        String room = rooms.createRoom(ka, "public_chat");
        String since2 = sync(ka, "").path("next_batch").asText();
        node.client().put("/_matrix/client/v3/user/" + ka.userId() + "/rooms/" + room + "/account_data/m.tag", ka.accessToken(),
                Json.parse("{\"tags\":{\"u.work\":{}}}"));
        JsonNode roomData = sync(ka, "?since=" + since2).path("rooms").path("join").path(room).path("account_data").path("events");
        assertThat(roomData.findValuesAsText("type")).containsExactly("m.tag");
        assertThat(node.client().put("/_matrix/client/v3/user/" + ka.userId() + "/account_data/m.push_rules", ka.accessToken(),
                Json.object()).errcode()).isEqualTo("M_BAD_JSON");
        var other = user("kas2");
        assertThat(node.client().get("/_matrix/client/v3/user/" + ka.userId() + "/account_data/org.example.settings",
                other.accessToken()).status()).isEqualTo(403);
    }

    @Test
    void tokensShouldStillWorkAfterARestart() throws Exception {
        var lu = user("lus");
        String room = rooms.createRoom(lu, "public_chat");
        String since = sync(lu, "").path("next_batch").asText();
        rooms.send(lu, room, "before restart");
        node.restart();
        JsonNode r = node.client().get("/_matrix/client/v3/sync?since=" + since, lu.accessToken()).json();
        assertThat(r.path("rooms").path("join").path(room).path("timeline").path("events").toString()).contains("before restart");
        assertThat(r.path("next_batch").asText()).isNotEqualTo(since);
    }

    @Test
    void badTokensAndFiltersShouldBeRefused() {
        var mo = user("mos");
        assertThat(node.client().get("/_matrix/client/v3/sync?since=garbage", mo.accessToken()).errcode()).isEqualTo("M_INVALID_PARAM");
        assertThat(node.client().get("/_matrix/client/v3/sync?filter=" + enc("{bad"), mo.accessToken()).errcode()).isEqualTo("M_BAD_JSON");
        assertThat(node.client().get("/_matrix/client/v3/sync?filter=77", mo.accessToken()).status()).isEqualTo(404);
        assertThat(node.client().get("/_matrix/client/v3/sync?timeout=soon", mo.accessToken()).errcode()).isEqualTo("M_INVALID_PARAM");
    }
}
