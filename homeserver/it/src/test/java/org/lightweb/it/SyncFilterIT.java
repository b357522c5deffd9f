package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/** The filter fields that shape events (event_fields, event_format) and lazy-loaded members without redundancy. */
class SyncFilterIT {
    @RegisterExtension
    static final TestNode node = TestNode.create(c -> c.with("presence").put("enabled", false));

    private final RoomSteps rooms = new RoomSteps(node.client());

    private TestClient.Account user(String name) {
        return node.client().register(name, "password123");
    }

    private JsonNode sync(TestClient.Account who, String filter, String since) {
        String query = "?filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8)
                + (since == null ? "" : "&since=" + since);
        var res = node.client().get("/_matrix/client/v3/sync" + query, who.accessToken());
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.json();
    }

    private static List<String> memberKeys(JsonNode room) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : room.path("state").path("events")) {
            if (e.path("type").asText().equals("m.room.member")) out.add(e.path("state_key").asText());
        }
        return out;
    }

    @Test
    void eventFieldsShouldKeepOnlyTheListedFieldsWhenGiven() {
        var ada = user("fada");
        String room = rooms.createRoom(ada, "private_chat");
        rooms.send(ada, room, "hello");
        JsonNode events = sync(ada, "{\"event_fields\":[\"type\",\"content.body\"]}", null)
                .path("rooms").path("join").path(room).path("timeline").path("events");
        JsonNode last = events.get(events.size() - 1);
        assertThat(Json.write(last)).isEqualTo("{\"type\":\"m.room.message\",\"content\":{\"body\":\"hello\"}}");
        assertThat(events.get(0).has("event_id")).isFalse();
    }

    @Test
    void federationFormatShouldCarryThePduWhenAsked() {
        var bea = user("fbea");
        String room = rooms.createRoom(bea, "private_chat");
        String eventId = rooms.send(bea, room, "raw");
        JsonNode events = sync(bea, "{\"event_format\":\"federation\"}", null)
                .path("rooms").path("join").path(room).path("timeline").path("events");
        JsonNode last = events.get(events.size() - 1);
        assertThat(last.path("event_id").asText()).isEqualTo(eventId);
        assertThat(last.path("room_id").asText()).isEqualTo(room);
        assertThat(last.has("prev_events")).isTrue();
        assertThat(last.has("auth_events")).isTrue();
        assertThat(last.has("hashes")).isTrue();
        assertThat(last.path("content").path("body").asText()).isEqualTo("raw");
    }

    @Test
    void aBadEventFormatShouldBeRefused() {
        var cid = user("fcid");
        var res = node.client().get("/_matrix/client/v3/sync?filter=" + URLEncoder.encode("{\"event_format\":\"xml\"}",
                StandardCharsets.UTF_8), cid.accessToken());
        assertThat(res.status()).isEqualTo(400);
        assertThat(res.json().path("errcode").asText()).isEqualTo("M_BAD_JSON");
    }

    @Test
    void lazyMembersShouldBeSentOncePerDeviceWhenNotRedundant() {
        var dan = user("fdan");
        var eli = user("feli");
        var fox = user("ffox");
        String room = rooms.createRoom(dan, "public_chat");
        rooms.join(eli, room);
        rooms.join(fox, room);
        rooms.send(dan, room, "welcome");   // the initial timeline (limit 1) holds only this, not fox's join
        String lazy = "{\"room\":{\"state\":{\"lazy_load_members\":true},\"timeline\":{\"limit\":1}}}";
        JsonNode initial = sync(dan, lazy, null);
        // fox has not spoken: the lazy initial sync leaves their member event out.
        assertThat(memberKeys(initial.path("rooms").path("join").path(room))).doesNotContain(fox.userId());
        String since = initial.path("next_batch").asText();

        rooms.send(fox, room, "first words");
        JsonNode first = sync(dan, lazy, since);
        assertThat(memberKeys(first.path("rooms").path("join").path(room)))
                .as("a new sender's member event arrives with their first message").containsExactly(fox.userId());

        rooms.send(fox, room, "more words");
        JsonNode second = sync(dan, lazy, first.path("next_batch").asText());
        assertThat(second.path("rooms").path("join").path(room).path("timeline").path("events").toString()).contains("more words");
        assertThat(memberKeys(second.path("rooms").path("join").path(room))).as("already sent").isEmpty();

        // A client that lost the response and syncs from the old token gets the member again.
        JsonNode retried = sync(dan, lazy, since);
        assertThat(memberKeys(retried.path("rooms").path("join").path(room))).containsExactly(fox.userId());

        String redundant = "{\"room\":{\"state\":{\"lazy_load_members\":true,\"include_redundant_members\":true},"
                + "\"timeline\":{\"limit\":1}}}";
        JsonNode again = sync(dan, redundant, first.path("next_batch").asText());
        assertThat(memberKeys(again.path("rooms").path("join").path(room))).containsExactly(fox.userId());
    }
}
