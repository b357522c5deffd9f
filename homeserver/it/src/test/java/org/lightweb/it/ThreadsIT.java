package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.it.RelationSteps.ids;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/** Threading: the m.thread bundle, GET /threads, thread validation, threaded receipts and per-thread unread counts. */
class ThreadsIT {
    @RegisterExtension
    static final TestNode node = TestNode.create();

    private final RoomSteps rooms = new RoomSteps(node.client());
    private final RelationSteps rel = new RelationSteps(node.client());

    private TestClient.Account user(String name) {
        return node.client().register(name, "password123");
    }

    private static JsonNode thread(JsonNode event) {
        return event.path("unsigned").path("m.relations").path("m.thread");
    }

    @Test
    void theRootShouldBundleTheLatestReplyTheCountAndWhetherTheViewerTookPart() {
        var ann = user("thann");
        var bob = user("thbob");
        var cat = user("thcat");
        String room = rooms.createRoom(ann, "public_chat");
        rooms.join(bob, room);
        rooms.join(cat, room);
        String root = rooms.send(ann, room, "root");
        rel.threadReply(bob, room, root, "first");
        String latest = rel.threadReply(bob, room, root, "second");
        String edit = rel.edit(bob, room, latest, "second, edited");

        JsonNode forBob = thread(rel.event(bob, room, root));
        assertThat(forBob.path("count").asInt()).isEqualTo(2);
        assertThat(forBob.path("latest_event").path("event_id").asText()).isEqualTo(latest);
        assertThat(forBob.path("latest_event").path("unsigned").path("m.relations").path("m.replace").path("event_id").asText())
                .as("the latest event carries its own bundle").isEqualTo(edit);
        assertThat(forBob.path("current_user_participated").asBoolean()).isTrue();
        assertThat(thread(rel.event(ann, room, root)).path("current_user_participated").asBoolean()).as("root sender").isTrue();
        assertThat(thread(rel.event(cat, room, root)).path("current_user_participated").asBoolean()).isFalse();
    }

    @Test
    void repliesFromIgnoredUsersShouldCountNowhereForTheViewer() {
        var lea = user("thlea");
        var max = user("thmax");
        var ned = user("thned");
        String room = rooms.createRoom(lea, "public_chat");
        rooms.join(max, room);
        rooms.join(ned, room);
        String root = rooms.send(lea, room, "root");
        String kept = rel.threadReply(ned, room, root, "from ned");
        String ignoredReply = rel.threadReply(max, room, root, "from max");
        var ignore = node.client().put("/_matrix/client/v3/user/" + lea.userId() + "/account_data/m.ignored_user_list",
                lea.accessToken(), Json.parse("{\"ignored_users\":{\"" + max.userId() + "\":{}}}"));
        assertThat(ignore.status()).as(ignore.body()).isEqualTo(200);

        JsonNode forLea = thread(rel.event(lea, room, root));
        assertThat(forLea.path("count").asInt()).isEqualTo(1);
        assertThat(forLea.path("latest_event").path("event_id").asText()).isEqualTo(kept);
        assertThat(ids(rel.relations(lea, room, root))).containsExactly(kept);
        // Others still see both.
        assertThat(thread(rel.event(ned, room, root)).path("latest_event").path("event_id").asText()).isEqualTo(ignoredReply);
        assertThat(ids(rel.relations(ned, room, root))).containsExactly(ignoredReply, kept);
    }

    @Test
    void threadsShouldListRootsByLatestActivityWithParticipatedAndPaging() {
        var dee = user("thdee");
        var eli = user("theli");
        String room = rooms.createRoom(dee, "public_chat");
        rooms.join(eli, room);
        String first = rooms.send(dee, room, "first root");
        String second = rooms.send(eli, room, "second root");
        rooms.send(dee, room, "no thread here");
        rel.threadReply(eli, room, first, "a");
        rel.threadReply(eli, room, second, "b");
        rel.threadReply(eli, room, first, "c");

        JsonNode all = rel.threads(dee, room, "");
        assertThat(ids(all)).containsExactly(first, second);
        assertThat(thread(all.path("chunk").get(0)).path("count").asInt()).isEqualTo(2);
        assertThat(ids(rel.threads(dee, room, "?include=participated"))).containsExactly(first);
        assertThat(ids(rel.threads(eli, room, "?include=participated"))).containsExactly(first, second);

        JsonNode page = rel.threads(dee, room, "?limit=1");
        assertThat(ids(page)).containsExactly(first);
        JsonNode rest = rel.threads(dee, room, "?limit=1&from=" + page.path("next_batch").asText());
        assertThat(ids(rest)).containsExactly(second);
        assertThat(rest.has("next_batch")).isFalse();
    }

    @Test
    void threadsShouldBeRefusedToNonMembersAndForBadParameters() {
        var fox = user("thfox");
        var gil = user("thgil");
        String room = rooms.createRoom(fox, "private_chat");
        String root = rooms.send(fox, room, "root");
        rel.threadReply(fox, room, root, "reply");
        assertThat(node.client().get(RelationSteps.v1(room, "/threads"), gil.accessToken()).status()).isEqualTo(403);
        assertThat(node.client().get(RelationSteps.v1(room, "/threads?include=some"), fox.accessToken()).errcode())
                .isEqualTo("M_INVALID_PARAM");
        assertThat(node.client().get(RelationSteps.v1(room, "/threads?from=nope"), fox.accessToken()).errcode())
                .isEqualTo("M_INVALID_PARAM");
    }

    @Test
    void aThreadShouldNotStartFromAnEventThatHasARelation() {
        var hal = user("thhal");
        String room = rooms.createRoom(hal, "private_chat");
        String root = rooms.send(hal, room, "root");
        String reply = rel.threadReply(hal, room, root, "reply");
        var res = rel.sendRaw(hal, room, "m.room.message", RelationSteps.related(RelationSteps.text("nested"), "m.thread", reply));
        assertThat(res.status()).isEqualTo(400);
        assertThat(res.errcode()).isEqualTo("M_UNKNOWN");
    }

    @Test
    void aThreadedReceiptShouldClearOnlyItsThread() {
        var ivy = user("thivy");
        var jon = user("thjon");
        var kim = user("thkim");
        String room = rooms.createRoom(ivy, "public_chat");
        rooms.join(jon, room);
        rooms.join(kim, room);
        String root = rooms.send(ivy, room, "root");
        rel.threadReply(ivy, room, root, "one");
        String last = rel.threadReply(ivy, room, root, "two");
        String main = rooms.send(ivy, room, "main again");
        String filter = URLEncoder.encode("{\"room\":{\"timeline\":{\"unread_thread_notifications\":true}}}",
                StandardCharsets.UTF_8);

        JsonNode before = sync(jon, filter).path("rooms").path("join").path(room);
        assertThat(before.path("unread_notifications").path("notification_count").asInt()).isEqualTo(2);
        assertThat(before.path("unread_thread_notifications").path(root).path("notification_count").asInt()).isEqualTo(2);

        receipt(jon, room, last, root);
        JsonNode afterThread = sync(jon, filter).path("rooms").path("join").path(room);
        assertThat(afterThread.path("unread_notifications").path("notification_count").asInt()).isEqualTo(2);
        assertThat(afterThread.path("unread_thread_notifications").has(root)).isFalse();

        receipt(kim, room, main, "main");
        JsonNode kims = sync(kim, filter).path("rooms").path("join").path(room);
        assertThat(kims.path("unread_notifications").path("notification_count").asInt()).isZero();
        assertThat(kims.path("unread_thread_notifications").path(root).path("notification_count").asInt()).isEqualTo(2);

        // An unthreaded receipt (no thread_id) covers the main timeline and every thread up to its event.
        var res = node.client().post(RoomSteps.path(room, "/receipt/m.read/" + main), kim.accessToken(), Json.object());
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        JsonNode cleared = sync(kim, filter).path("rooms").path("join").path(room);
        assertThat(cleared.path("unread_notifications").path("notification_count").asInt()).isZero();
        assertThat(cleared.path("unread_thread_notifications").has(root)).isFalse();
    }

    private JsonNode sync(TestClient.Account who, String filter) {
        var res = node.client().get("/_matrix/client/v3/sync?filter=" + filter, who.accessToken());
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.json();
    }

    private void receipt(TestClient.Account who, String room, String eventId, String threadId) {
        var res = node.client().post(RoomSteps.path(room, "/receipt/m.read/" + eventId), who.accessToken(),
                Json.object().put("thread_id", threadId));
        assertThat(res.status()).as(res.body()).isEqualTo(200);
    }
}
