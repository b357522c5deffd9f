package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.it.HistorySteps.bodies;
import static org.lightweb.it.HistorySteps.enc;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Ignoring users (m.ignored_user_list): their events leave sync, sliding sync, /messages and /context; invites too. */
class IgnoreUsersIT {
    @RegisterExtension
    static final TestNode node = TestNode.create(c -> c.with("presence").put("enabled", false));

    private final RoomSteps rooms = new RoomSteps(node.client());
    private final HistorySteps history = new HistorySteps(node.client());

    private TestClient.Account user(String name) {
        return node.client().register(name, "password123");
    }

    @Test
    void ignoredUsersMessagesShouldDisappearFromSyncMessagesAndContextButNotTheirState() {
        var amy = user("ignamy");
        var bob = user("ignbob");
        var mal = user("ignmal");
        String room = rooms.createRoom(amy, "public_chat");
        rooms.join(bob, room);
        rooms.join(mal, room);
        history.ignore(amy, mal.userId());
        rooms.send(bob, room, "from bob");
        String spam = rooms.send(mal, room, "from mal");

        JsonNode timeline = history.sync(amy, "").path("rooms").path("join").path(room).path("timeline").path("events");
        assertThat(bodies(timeline)).contains("from bob").doesNotContain("from mal");
        JsonNode page = history.page(amy, room, "dir=b&limit=50");
        assertThat(bodies(page.path("chunk"))).contains("from bob").doesNotContain("from mal");
        assertThat(page.path("chunk").findValuesAsText("state_key")).contains(mal.userId());   // mal's join stays
        assertThat(history.context(amy, room, spam, "").status()).isEqualTo(404);
        assertThat(bodies(history.page(bob, room, "dir=b&limit=50").path("chunk"))).contains("from mal");

        var sliding = node.client().post("/_matrix/client/unstable/org.matrix.simplified_msc3575/sync", amy.accessToken(),
                org.lightweb.core.Json.parse("{\"room_subscriptions\":{\"" + room + "\":{\"timeline_limit\":10,"
                        + "\"required_state\":[]}}}"));
        assertThat(sliding.status()).as(sliding.body()).isEqualTo(200);
        assertThat(bodies(sliding.json().path("rooms").path(room).path("timeline"))).contains("from bob")
                .doesNotContain("from mal");
    }

    @Test
    void unignoringShouldResumeLiveEventsWithoutResendingWhatWasMissed() {
        var cat = user("igncat");
        var dan = user("igndan");
        String room = rooms.createRoom(cat, "public_chat");
        rooms.join(dan, room);
        history.ignore(cat, dan.userId());
        rooms.send(dan, room, "while ignored");
        String since = history.sync(cat, "").path("next_batch").asText();
        history.ignore(cat);
        rooms.send(dan, room, "after unignoring");

        JsonNode next = history.sync(cat, "?since=" + enc(since));
        JsonNode events = next.path("rooms").path("join").path(room).path("timeline").path("events");
        assertThat(bodies(events)).containsExactly("after unignoring");
        assertThat(bodies(history.page(cat, room, "dir=b&limit=50").path("chunk"))).contains("while ignored");
    }

    @Test
    void invitesFromIgnoredUsersShouldNotAppearInSync() {
        var eve = user("igneve");
        var fay = user("ignfay");
        var gus = user("igngus");
        history.ignore(eve, fay.userId());
        String since = history.sync(eve, "").path("next_batch").asText();
        String fromFay = rooms.createRoom(fay, "private_chat");
        rooms.invite(fay, fromFay, eve);
        String fromGus = rooms.createRoom(gus, "private_chat");
        rooms.invite(gus, fromGus, eve);

        JsonNode invites = history.sync(eve, "?since=" + enc(since)).path("rooms").path("invite");
        assertThat(invites.has(fromGus)).isTrue();
        assertThat(invites.has(fromFay)).isFalse();
        assertThat(history.sync(eve, "").path("rooms").path("invite").has(fromFay)).isFalse();

        var sliding = node.client().post("/_matrix/client/unstable/org.matrix.simplified_msc3575/sync", eve.accessToken(),
                org.lightweb.core.Json.parse("{\"lists\":{\"all\":{\"ranges\":[[0,10]],\"timeline_limit\":1,"
                        + "\"required_state\":[]}}}"));
        assertThat(sliding.status()).as(sliding.body()).isEqualTo(200);
        assertThat(sliding.json().path("rooms").has(fromGus)).isTrue();
        assertThat(sliding.json().path("rooms").has(fromFay)).isFalse();
        assertThat(sliding.json().path("lists").path("all").path("count").asInt()).isEqualTo(1);
    }
}
