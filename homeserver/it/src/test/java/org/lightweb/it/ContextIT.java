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

/** GET /rooms/{roomId}/context/{eventId}: events around an event, tokens /messages continues from, who may see it. */
class ContextIT {
    @RegisterExtension
    static final TestNode node = TestNode.create(c -> c.with("presence").put("enabled", false));

    private final RoomSteps rooms = new RoomSteps(node.client());
    private final HistorySteps history = new HistorySteps(node.client());

    private TestClient.Account user(String name) {
        return node.client().register(name, "password123");
    }

    @Test
    void contextShouldSurroundTheEventWithTokensThatMessagesContinuesFrom() {
        var amy = user("ctxamy");
        String room = rooms.createRoom(amy, "private_chat");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) ids.add(rooms.send(amy, room, "c" + i));

        var res = history.context(amy, room, ids.get(5), "limit=4");
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        JsonNode ctx = res.json();
        assertThat(ctx.path("event").path("content").path("body").asText()).isEqualTo("c5");
        assertThat(bodies(ctx.path("events_before"))).containsExactly("c4", "c3");
        assertThat(bodies(ctx.path("events_after"))).containsExactly("c6", "c7");
        assertThat(ctx.path("state").findValuesAsText("type")).contains("m.room.create", "m.room.member");

        JsonNode older = history.page(amy, room, "dir=b&limit=2&from=" + enc(ctx.path("start").asText()));
        assertThat(bodies(older.path("chunk"))).containsExactly("c2", "c1");
        JsonNode newer = history.page(amy, room, "dir=f&limit=5&from=" + enc(ctx.path("end").asText()));
        assertThat(bodies(newer.path("chunk"))).containsExactly("c8", "c9");
        assertThat(newer.has("end")).isFalse();
    }

    @Test
    void contextShouldFilterAndLazyLoadTheMembersOfTheSenders() {
        var ben = user("ctxben");
        var cid = user("ctxcid");
        String room = rooms.createRoom(ben, "public_chat");
        rooms.join(cid, room);
        rooms.send(cid, room, "from cid");
        String middle = rooms.send(ben, room, "middle");
        rooms.send(ben, room, "after");

        String filter = "{\"lazy_load_members\":true,\"senders\":[\"" + ben.userId() + "\"]}";
        JsonNode ctx = history.context(ben, room, middle, "limit=10&filter=" + enc(filter)).json();
        assertThat(bodies(ctx.path("events_before"))).doesNotContain("from cid");
        assertThat(bodies(ctx.path("events_after"))).containsExactly("after");
        assertThat(ctx.path("state").findValuesAsText("type")).containsOnly("m.room.member");
        assertThat(ctx.path("state").findValuesAsText("state_key")).containsExactly(ben.userId());
    }

    @Test
    void contextShouldBeNotFoundWhenTheUserMayNotSeeTheEvent() {
        var dee = user("ctxdee");
        var eli = user("ctxeli");
        String room = rooms.createRoom(dee, "public_chat");
        rooms.setState(dee, room, "m.room.history_visibility", "", Json.object().put("history_visibility", "joined"));
        String before = rooms.send(dee, room, "before eli joined");
        rooms.join(eli, room);
        String after = rooms.send(dee, room, "after eli joined");

        var hidden = history.context(eli, room, before, "limit=2");
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(hidden.errcode()).isEqualTo("M_NOT_FOUND");
        var shown = history.context(eli, room, after, "limit=4");
        assertThat(shown.status()).as(shown.body()).isEqualTo(200);
        assertThat(bodies(shown.json().path("events_before"))).doesNotContain("before eli joined");
        assertThat(history.context(eli, room, "$nonexistent", "").status()).isEqualTo(404);
        String otherRoom = rooms.createRoom(eli, "private_chat");
        assertThat(history.context(eli, otherRoom, after, "").status()).isEqualTo(404);   // not that room's event

        var outsider = user("ctxout");
        assertThat(history.context(outsider, room, after, "").status()).isEqualTo(403);
    }

    @Test
    void contextShouldServeRedactedContentWhenTheEventWasRedacted() {
        var fox = user("ctxfox");
        String room = rooms.createRoom(fox, "private_chat");
        String spam = rooms.send(fox, room, "buy now");
        rooms.send(fox, room, "next");
        history.redact(fox, room, spam);

        JsonNode ctx = history.context(fox, room, spam, "limit=4").json();
        assertThat(ctx.path("event").path("event_id").asText()).isEqualTo(spam);
        assertThat(ctx.path("event").path("content").size()).isZero();
        assertThat(ctx.path("event").path("unsigned").path("redacted_because").path("content").path("reason").asText())
                .isEqualTo("spam");
        assertThat(bodies(ctx.path("events_after"))).containsExactly("next");
    }
}
