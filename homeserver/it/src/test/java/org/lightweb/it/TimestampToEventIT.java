package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/** GET /v1/rooms/{roomId}/timestamp_to_event: the closest event the user may see, in either direction. */
class TimestampToEventIT {
    @RegisterExtension
    static final TestNode node = TestNode.create(c -> c.with("presence").put("enabled", false));

    private final RoomSteps rooms = new RoomSteps(node.client());

    private TestClient.Account user(String name) {
        return node.client().register(name, "password123");
    }

    private TestClient.Response lookup(TestClient.Account who, String roomId, String query) {
        return node.client().get("/_matrix/client/v1/rooms/" + roomId + "/timestamp_to_event?" + query, who.accessToken());
    }

    private long ts(TestClient.Account who, String roomId, String eventId) {
        return node.client().get(RoomSteps.path(roomId, "/event/" + eventId), who.accessToken()).json()
                .path("origin_server_ts").asLong();
    }

    @Test
    void timestampToEventShouldFindTheFirstAndLastEventsWhenLookingFromEitherEnd() {
        var amy = user("tsamy");
        String room = rooms.createRoom(amy, "private_chat");
        rooms.send(amy, room, "one");
        String last = rooms.send(amy, room, "two");
        long lastTs = ts(amy, room, last);

        var latest = lookup(amy, room, "ts=" + (lastTs + 60_000) + "&dir=b");
        assertThat(latest.status()).as(latest.body()).isEqualTo(200);
        assertThat(latest.json().path("event_id").asText()).isEqualTo(last);
        assertThat(latest.json().path("origin_server_ts").asLong()).isEqualTo(lastTs);

        var first = lookup(amy, room, "ts=0&dir=f");
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        String firstId = first.json().path("event_id").asText();
        assertThat(node.client().get(RoomSteps.path(room, "/event/" + firstId), amy.accessToken()).json().path("type").asText())
                .isEqualTo("m.room.create");

        var between = lookup(amy, room, "ts=" + lastTs + "&dir=b").json();
        assertThat(between.path("origin_server_ts").asLong()).isLessThanOrEqualTo(lastTs);
    }

    @Test
    void timestampToEventShouldBeNotFoundWhenNoEventIsOnThatSide() {
        var ben = user("tsben");
        String room = rooms.createRoom(ben, "private_chat");
        String last = rooms.send(ben, room, "only");
        var none = lookup(ben, room, "ts=" + (ts(ben, room, last) + 60_000) + "&dir=f");
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.errcode()).isEqualTo("M_NOT_FOUND");
        assertThat(lookup(ben, room, "ts=0&dir=b").status()).isEqualTo(404);
    }

    @Test
    void timestampToEventShouldSkipEventsTheUserMayNotSee() {
        var cal = user("tscal");
        var dot = user("tsdot");
        String room = rooms.createRoom(cal, "public_chat");
        rooms.setState(cal, room, "m.room.history_visibility", "", Json.object().put("history_visibility", "joined"));
        String hidden = rooms.send(cal, room, "before dot");
        long hiddenTs = ts(cal, room, hidden);
        rooms.join(dot, room);

        var found = lookup(dot, room, "ts=" + hiddenTs + "&dir=f");
        assertThat(found.status()).as(found.body()).isEqualTo(200);
        String id = found.json().path("event_id").asText();
        assertThat(id).isNotEqualTo(hidden);
        assertThat(found.json().path("origin_server_ts").asLong()).isGreaterThanOrEqualTo(hiddenTs);
        assertThat(node.client().get(RoomSteps.path(room, "/event/" + id), dot.accessToken()).status()).isEqualTo(200);
    }

    @Test
    void timestampToEventShouldRefuseBadInputAndOutsiders() {
        var eve = user("tseve");
        var fin = user("tsfin");
        String room = rooms.createRoom(eve, "private_chat");
        assertThat(lookup(fin, room, "ts=0&dir=f").status()).isEqualTo(403);
        assertThat(lookup(eve, room, "dir=f").status()).isEqualTo(400);
        assertThat(lookup(eve, room, "ts=soon&dir=f").errcode()).isEqualTo("M_INVALID_PARAM");
        assertThat(lookup(eve, room, "ts=0&dir=up").errcode()).isEqualTo("M_INVALID_PARAM");
    }
}
