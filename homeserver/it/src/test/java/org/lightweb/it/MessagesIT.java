package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.it.HistorySteps.bodies;
import static org.lightweb.it.HistorySteps.enc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/** GET /rooms/{roomId}/messages: paging both ways from sync tokens, bounds, filters, lazy-loading, who may read. */
class MessagesIT {
    @RegisterExtension
    static final TestNode node = TestNode.create(c -> c.with("presence").put("enabled", false));

    private final RoomSteps rooms = new RoomSteps(node.client());
    private final HistorySteps history = new HistorySteps(node.client());

    private TestClient.Account user(String name) {
        return node.client().register(name, "password123");
    }

    private static List<String> numbered(String prefix, int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) out.add(prefix + i);
        return out;
    }

    @Test
    void messagesShouldPageBackFromSyncPrevBatchToTheStartAndForwardsAgain() {
        var ann = user("msgann");
        String room = rooms.createRoom(ann, "private_chat");
        for (int i = 0; i < 30; i++) rooms.send(ann, room, "m" + i);

        JsonNode sync = history.sync(ann, "?filter=" + enc("{\"room\":{\"timeline\":{\"limit\":5}}}"));
        JsonNode timeline = sync.path("rooms").path("join").path(room).path("timeline");
        assertThat(bodies(timeline.path("events"))).containsExactlyElementsOf(numbered("m", 25, 30));
        assertThat(timeline.path("limited").asBoolean()).isTrue();

        List<JsonNode> back = history.pageAll(ann, room, "b", timeline.path("prev_batch").asText(), 7, "");
        List<String> expected = numbered("m", 0, 25);
        java.util.Collections.reverse(expected);
        assertThat(bodies(back)).containsExactlyElementsOf(expected);
        assertThat(back.get(back.size() - 1).path("type").asText()).isEqualTo("m.room.create");
        assertThat(back.get(0).path("room_id").asText()).isEqualTo(room);

        List<JsonNode> forwards = history.pageAll(ann, room, "f", null, 7, "");
        assertThat(bodies(forwards)).containsExactlyElementsOf(numbered("m", 0, 30));
        assertThat(forwards.get(0).path("type").asText()).isEqualTo("m.room.create");

        JsonNode fromNextBatch = history.page(ann, room, "dir=b&limit=3&from=" + enc(sync.path("next_batch").asText()));
        assertThat(bodies(fromNextBatch.path("chunk"))).containsExactly("m29", "m28", "m27");
        assertThat(fromNextBatch.path("start").asText()).isEqualTo(sync.path("next_batch").asText());
        JsonNode older = history.page(ann, room, "dir=b&limit=2&from=" + enc(fromNextBatch.path("end").asText()));
        assertThat(bodies(older.path("chunk"))).containsExactly("m26", "m25");
    }

    @Test
    void messagesShouldStayWithinFromAndToWhenBothAreSyncTokens() {
        var bea = user("msgbea");
        String room = rooms.createRoom(bea, "private_chat");
        for (int i = 0; i < 5; i++) rooms.send(bea, room, "old" + i);
        String t1 = history.sync(bea, "").path("next_batch").asText();
        for (int i = 0; i < 5; i++) rooms.send(bea, room, "new" + i);
        String t2 = history.sync(bea, "?since=" + enc(t1)).path("next_batch").asText();
        rooms.send(bea, room, "later");

        JsonNode back = history.page(bea, room, "dir=b&limit=50&from=" + enc(t2) + "&to=" + enc(t1));
        assertThat(bodies(back.path("chunk"))).containsExactly("new4", "new3", "new2", "new1", "new0");
        assertThat(back.has("end")).isFalse();
        JsonNode forwards = history.page(bea, room, "dir=f&limit=50&from=" + enc(t1) + "&to=" + enc(t2));
        assertThat(bodies(forwards.path("chunk"))).containsExactly("new0", "new1", "new2", "new3", "new4");
        assertThat(forwards.has("end")).isFalse();
    }

    @Test
    void messagesShouldApplyTheFilterAndLazyLoadTheSendersMembers() {
        var cat = user("msgcat");
        var dan = user("msgdan");
        var eve = user("msgeve");
        String room = rooms.createRoom(cat, "public_chat");
        rooms.join(dan, room);
        rooms.join(eve, room);
        rooms.send(cat, room, "c1");
        rooms.send(dan, room, "d1");
        rooms.send(cat, room, "c2");

        String onlyCat = "{\"types\":[\"m.room.message\"],\"not_senders\":[\"" + dan.userId() + "\"],\"lazy_load_members\":true}";
        JsonNode page = history.page(cat, room, "dir=b&limit=10&filter=" + enc(onlyCat));
        assertThat(bodies(page.path("chunk"))).containsExactly("c2", "c1");
        assertThat(page.path("chunk").findValuesAsText("type")).containsOnly("m.room.message");
        assertThat(page.path("state").findValuesAsText("state_key")).containsExactly(cat.userId());

        JsonNode lazy = history.page(cat, room, "dir=b&limit=3&filter=" + enc("{\"lazy_load_members\":true}"));
        assertThat(lazy.path("state").findValuesAsText("state_key")).containsExactlyInAnyOrder(cat.userId(), dan.userId());
        assertThat(history.page(cat, room, "dir=b&limit=3").has("state")).isFalse();
    }

    @Test
    void messagesShouldStopAtTheLeaveWhenTheUserLeftTheRoom() {
        var fay = user("msgfay");
        var gus = user("msggus");
        String room = rooms.createRoom(fay, "public_chat");
        rooms.join(gus, room);
        rooms.send(fay, room, "while-there-1");
        rooms.send(fay, room, "while-there-2");
        var left = node.client().post(RoomSteps.path(room, "/leave"), gus.accessToken(), Json.object());
        assertThat(left.status()).as(left.body()).isEqualTo(200);
        rooms.send(fay, room, "after-leave-1");
        rooms.send(fay, room, "after-leave-2");

        List<String> back = bodies(history.pageAll(gus, room, "b", null, 3, ""));
        assertThat(back).containsExactly("while-there-2", "while-there-1");
        List<String> forwards = bodies(history.pageAll(gus, room, "f", null, 3, ""));
        assertThat(forwards).containsExactly("while-there-1", "while-there-2");
        String syncToken = history.sync(fay, "").path("next_batch").asText();
        assertThat(bodies(history.page(gus, room, "dir=b&limit=10&from=" + enc(syncToken)).path("chunk")))
                .containsExactly("while-there-2", "while-there-1");
    }

    @Test
    void messagesShouldBeForbiddenWhenTheUserIsNotInAPrivateRoomOrTheRoomIsUnknown() {
        var hal = user("msghal");
        var ida = user("msgida");
        String room = rooms.createRoom(hal, "private_chat");
        rooms.send(hal, room, "secret");

        var refused = history.messages(ida, room, "dir=b");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.errcode()).isEqualTo("M_FORBIDDEN");
        assertThat(history.messages(ida, "!unknown:localhost", "dir=b").status()).isEqualTo(403);
        rooms.invite(hal, room, ida);
        assertThat(history.messages(ida, room, "dir=b").status()).isEqualTo(403);   // invited is not joined

        String open = rooms.createRoom(hal, "public_chat");
        rooms.setState(hal, open, "m.room.history_visibility", "", Json.object().put("history_visibility", "world_readable"));
        rooms.send(hal, open, "for everyone");
        assertThat(bodies(history.page(ida, open, "dir=b").path("chunk"))).containsExactly("for everyone");
    }

    @Test
    void messagesShouldRefuseWithInvalidParamWhenTheTokenOrDirectionIsBad() {
        var jon = user("msgjon");
        String room = rooms.createRoom(jon, "private_chat");
        for (String query : List.of("dir=b&from=garbage", "dir=b&from=t1", "dir=f&to=s-3", "dir=x", "dir=b&limit=-1")) {
            var res = history.messages(jon, room, query);
            assertThat(res.status()).as(query).isEqualTo(400);
            assertThat(res.errcode()).as(query).isEqualTo("M_INVALID_PARAM");
        }
        assertThat(history.messages(jon, room, "limit=3").status()).isEqualTo(400);   // dir is required
        assertThat(history.messages(jon, room, "dir=b&filter=" + enc("{not json")).errcode()).isEqualTo("M_BAD_JSON");
    }

    @Test
    void messagesShouldServeRedactedContentWhenAnEventWasRedacted() {
        var kim = user("msgkim");
        String room = rooms.createRoom(kim, "private_chat");
        String spam = rooms.send(kim, room, "buy now");
        rooms.send(kim, room, "hello");
        history.redact(kim, room, spam);

        JsonNode chunk = history.page(kim, room, "dir=b&limit=10").path("chunk");
        JsonNode redacted = null;
        for (JsonNode e : chunk) if (e.path("event_id").asText().equals(spam)) redacted = e;
        assertThat(redacted).isNotNull();
        assertThat(redacted.path("content").size()).isZero();
        assertThat(redacted.path("unsigned").path("redacted_because").path("type").asText()).isEqualTo("m.room.redaction");
        assertThat(bodies(chunk)).doesNotContain("buy now").contains("hello");
    }
}
