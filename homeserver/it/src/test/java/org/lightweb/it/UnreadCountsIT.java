package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/**
 * Push rules applied to events: unread counts in sync (up with messages, highlights on mentions, muted rooms,
 * threads, down after a read receipt) and GET /notifications.
 */
class UnreadCountsIT {
    @RegisterExtension
    static final TestNode node = TestNode.create();

    private final RoomSteps rooms = new RoomSteps(node.client());

    private TestClient.Account user(String name) {
        return node.client().register(name, "password123");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private JsonNode sync(TestClient.Account who, String query) {
        var res = node.client().get("/_matrix/client/v3/sync" + query, who.accessToken());
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.json();
    }

    private JsonNode counts(TestClient.Account who, String room) {
        return sync(who, "").path("rooms").path("join").path(room).path("unread_notifications");
    }

    /** A room of three (so no one-to-one rule applies) made by {@code owner}, joined by the others. */
    private String groupRoom(TestClient.Account owner, TestClient.Account... others) {
        String room = rooms.createRoom(owner, "public_chat");
        for (TestClient.Account o : others) rooms.join(o, room);
        return room;
    }

    private String sendContent(TestClient.Account who, String room, String json) {
        var res = node.client().put(RoomSteps.path(room, "/send/m.room.message/" + System.nanoTime()), who.accessToken(),
                Json.parse(json));
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.json().path("event_id").asText();
    }

    @Test
    void countsShouldGoUpWithMessagesButNotForTheSender() {
        var ann = user("uann");
        var ben = user("uben");
        var cal = user("ucal");
        String room = groupRoom(ann, ben, cal);
        assertThat(counts(ben, room).path("notification_count").asInt()).isZero();
        rooms.send(ann, room, "one");
        rooms.send(ann, room, "two");
        JsonNode c = counts(ben, room);
        assertThat(c.path("notification_count").asInt()).isEqualTo(2);
        assertThat(c.path("highlight_count").asInt()).isZero();
        assertThat(counts(ann, room).path("notification_count").asInt()).as("own messages").isZero();
    }

    @Test
    void countsShouldArriveInTheSameSyncAsTheEvent() throws Exception {
        var dee = user("udee");
        var eve = user("ueve");
        var fay = user("ufay");
        String room = groupRoom(dee, eve, fay);
        String since = sync(eve, "").path("next_batch").asText();
        // Long-polls until the room shows up: an earlier answer may carry only eve's own presence coming online.
        CompletableFuture<JsonNode> poll = CompletableFuture.supplyAsync(() -> {
            String token = since;
            for (int i = 0; i < 10; i++) {
                JsonNode body = sync(eve, "?timeout=20000&since=" + token);
                if (body.path("rooms").path("join").has(room)) return body;
                token = body.path("next_batch").asText();
            }
            throw new AssertionError("the room never came down sync");
        });
        Thread.sleep(200);
        rooms.send(dee, room, "ping");
        JsonNode joined = poll.get(15, TimeUnit.SECONDS).path("rooms").path("join").path(room);
        assertThat(joined.path("timeline").path("events").toString()).contains("ping");
        assertThat(joined.path("unread_notifications").path("notification_count").asInt()).isEqualTo(1);
    }

    @Test
    void mentionsOfTheDisplayNameShouldHighlight() {
        var gus = user("ugus");
        var hal = user("uhal");
        var ida = user("uida");
        assertThat(node.client().put("/_matrix/client/v3/profile/" + hal.userId() + "/displayname", hal.accessToken(),
                Json.object().put("displayname", "Hal Incandenza")).status()).isEqualTo(200);
        String room = groupRoom(gus, hal, ida);
        rooms.send(gus, room, "has anyone seen hal incandenza today?");
        rooms.send(gus, room, "hello all");
        assertThat(counts(hal, room).path("highlight_count").asInt()).isEqualTo(1);
        assertThat(counts(hal, room).path("notification_count").asInt()).isEqualTo(2);
        assertThat(counts(ida, room).path("highlight_count").asInt()).isZero();
        sendContent(gus, room, "{\"msgtype\":\"m.text\",\"body\":\"ida?\",\"m.mentions\":{\"user_ids\":[\"" + ida.userId() + "\"]}}");
        assertThat(counts(ida, room).path("highlight_count").asInt()).isEqualTo(1);
        rooms.send(gus, room, "@room tea is ready");   // the creator has the power to notify the room
        assertThat(counts(ida, room).path("highlight_count").asInt()).isEqualTo(2);
    }

    @Test
    void aRoomMutedWithADontNotifyRuleShouldNotCount() {
        var jan = user("ujan");
        var kit = user("ukit");
        var lee = user("ulee");
        String room = groupRoom(jan, kit, lee);
        var muted = node.client().put("/_matrix/client/v3/pushrules/global/room/" + enc(room), kit.accessToken(),
                Json.parse("{\"actions\":[\"dont_notify\"]}"));
        assertThat(muted.status()).isEqualTo(200);
        rooms.send(jan, room, "quiet please");
        assertThat(counts(kit, room).path("notification_count").asInt()).isZero();
        assertThat(counts(lee, room).path("notification_count").asInt()).isEqualTo(1);
        assertThat(node.client().get("/_matrix/client/v3/notifications", kit.accessToken()).json()
                .path("notifications").size()).isZero();
    }

    @Test
    void threadsShouldBeCountedApartWhenTheFilterAsks() {
        var max = user("umax");
        var ned = user("uned");
        var ola = user("uola");
        String room = groupRoom(max, ned, ola);
        String root = rooms.send(max, room, "thread root");
        sendContent(max, room, "{\"msgtype\":\"m.text\",\"body\":\"in thread\","
                + "\"m.relates_to\":{\"rel_type\":\"m.thread\",\"event_id\":\"" + root + "\"}}");
        sendContent(max, room, "{\"msgtype\":\"m.text\",\"body\":\"again\","
                + "\"m.relates_to\":{\"rel_type\":\"m.thread\",\"event_id\":\"" + root + "\"}}");
        assertThat(counts(ned, room).path("notification_count").asInt()).as("summed").isEqualTo(3);
        String filter = enc("{\"room\":{\"timeline\":{\"unread_thread_notifications\":true}}}");
        JsonNode joined = sync(ned, "?filter=" + filter).path("rooms").path("join").path(room);
        assertThat(joined.path("unread_notifications").path("notification_count").asInt()).isEqualTo(1);
        assertThat(joined.path("unread_thread_notifications").path(root).path("notification_count").asInt()).isEqualTo(2);
    }

    @Test
    void notificationsShouldListNotifiedEventsNewestFirstInPages() {
        var pam = user("upam");
        var quin = user("uquin");
        var ros = user("uros");
        String room = groupRoom(pam, quin, ros);
        String first = rooms.send(pam, room, "first");
        String second = rooms.send(pam, room, "hey uquin");
        String third = rooms.send(pam, room, "third");
        JsonNode all = node.client().get("/_matrix/client/v3/notifications", quin.accessToken()).json();
        JsonNode list = all.path("notifications");
        assertThat(list.findValuesAsText("event_id")).containsExactly(third, second, first);
        JsonNode n = list.get(0);
        assertThat(n.path("room_id").asText()).isEqualTo(room);
        assertThat(n.path("read").asBoolean()).isFalse();
        assertThat(n.path("ts").asLong()).isPositive();
        assertThat(n.path("actions").get(0).asText()).isEqualTo("notify");
        assertThat(n.path("event").path("content").path("body").asText()).isEqualTo("third");
        assertThat(n.path("event").has("room_id")).isFalse();
        assertThat(all.has("next_token")).isFalse();

        JsonNode page = node.client().get("/_matrix/client/v3/notifications?limit=2", quin.accessToken()).json();
        assertThat(page.path("notifications").findValuesAsText("event_id")).containsExactly(third, second);
        String token = page.path("next_token").asText();
        JsonNode rest = node.client().get("/_matrix/client/v3/notifications?limit=2&from=" + token, quin.accessToken()).json();
        assertThat(rest.path("notifications").findValuesAsText("event_id")).containsExactly(first);

        JsonNode highlights = node.client().get("/_matrix/client/v3/notifications?only=highlight", quin.accessToken()).json();
        assertThat(highlights.path("notifications").findValuesAsText("event_id")).containsExactly(second);
        assertThat(node.client().get("/_matrix/client/v3/notifications?limit=x", quin.accessToken()).status()).isEqualTo(400);
        assertThat(node.client().get("/_matrix/client/v3/notifications?from=x", quin.accessToken()).status()).isEqualTo(400);
        assertThat(node.client().get("/_matrix/client/v3/notifications", null).status()).isEqualTo(401);
    }

    @Test
    void invitesShouldNotifyTheInvitee() {
        var sue = user("usue");
        var tom = user("utom");
        String room = rooms.createRoom(sue, "private_chat");
        rooms.invite(sue, room, tom);
        JsonNode list = node.client().get("/_matrix/client/v3/notifications", tom.accessToken()).json().path("notifications");
        assertThat(list.size()).isEqualTo(1);
        assertThat(list.get(0).path("event").path("type").asText()).isEqualTo("m.room.member");
        assertThat(list.get(0).path("event").path("state_key").asText()).isEqualTo(tom.userId());
    }

    @Test
    void aReadReceiptShouldBringTheCountsDown() {
        var uma = user("uuma");
        var vic = user("uvic");
        var wes = user("uwes");
        String room = groupRoom(uma, vic, wes);
        rooms.send(uma, room, "a");
        String b = rooms.send(uma, room, "b");
        rooms.send(uma, room, "c");
        String since = sync(vic, "").path("next_batch").asText();
        var receipt = node.client().post(RoomSteps.path(room, "/receipt/m.read/" + enc(b)), vic.accessToken(), Json.object());
        Assumptions.assumeTrue(receipt.status() != 404 || !"M_UNRECOGNIZED".equals(receipt.errcode()),
                "POST /receipt is not on this branch yet: the receipts table is read directly, see JooqPushActionRepositoryTest");
        assertThat(receipt.status()).as(receipt.body()).isEqualTo(200);
        JsonNode joined = sync(vic, "?timeout=5000&since=" + since).path("rooms").path("join").path(room);
        assertThat(joined.path("unread_notifications").path("notification_count").asInt()).isEqualTo(1);
        JsonNode list = node.client().get("/_matrix/client/v3/notifications", vic.accessToken()).json().path("notifications");
        assertThat(list.get(0).path("read").asBoolean()).isFalse();
        assertThat(list.get(1).path("read").asBoolean()).isTrue();
    }
}
