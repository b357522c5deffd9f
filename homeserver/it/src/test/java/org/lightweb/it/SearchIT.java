package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;
import org.lightweb.it.TestClient.Account;
import org.lightweb.it.TestClient.Response;

/** POST /search (Server Side Search, room_events): what a user may find, and what they may not. */
class SearchIT {
    private static final String SEARCH = "/_matrix/client/v3/search";

    @RegisterExtension
    static final TestNode node = TestNode.create();

    private final RoomSteps rooms = new RoomSteps(node.client());

    private static ObjectNode criteria(String term) {
        return Json.object().put("search_term", term);
    }

    private Response search(Account who, ObjectNode criteria, String nextBatch) {
        ObjectNode body = Json.object();
        body.putObject("search_categories").set("room_events", criteria);
        return node.client().post(SEARCH + (nextBatch == null ? "" : "?next_batch=" + nextBatch),
                who == null ? null : who.accessToken(), body);
    }

    private JsonNode roomEvents(Account who, ObjectNode criteria) {
        Response res = search(who, criteria, null);
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.json().path("search_categories").path("room_events");
    }

    private static List<String> bodies(JsonNode roomEvents) {
        return roomEvents.path("results").findValues("result").stream()
                .map(r -> r.path("content").path("body").asText()).toList();
    }

    @Test
    void searchShouldFindAMessageWithItsContextAndProfilesWhenTheUserIsInTheRoom() {
        Account alice = node.client().register("salice", "password123");
        String room = rooms.createRoom(alice, "private_chat");
        rooms.send(alice, room, "before the animal");
        String giraffe = rooms.send(alice, room, "A tall GIRAFFE walks by");
        rooms.send(alice, room, "after the animal");

        ObjectNode c = criteria("giraf");
        c.putObject("event_context").put("before_limit", 1).put("after_limit", 1).put("include_profile", true);
        JsonNode found = roomEvents(alice, c);

        assertThat(found.path("count").asInt()).isEqualTo(1);
        assertThat(found.path("highlights").toString()).contains("giraf");
        JsonNode result = found.path("results").get(0);
        assertThat(result.path("result").path("event_id").asText()).isEqualTo(giraffe);
        assertThat(result.path("result").path("room_id").asText()).isEqualTo(room);
        assertThat(result.path("rank").isNumber()).isTrue();
        JsonNode context = result.path("context");
        assertThat(context.path("events_before").get(0).path("content").path("body").asText()).isEqualTo("before the animal");
        assertThat(context.path("events_after").get(0).path("content").path("body").asText()).isEqualTo("after the animal");
        assertThat(context.path("profile_info").has(alice.userId())).isTrue();
        assertThat(context.path("start").asText()).isNotEmpty();
    }

    @Test
    void searchShouldFindRoomNamesAndTopicsOnlyWhenTheirKeysAreAsked() {
        Account ann = node.client().register("sann", "password123");
        String room = rooms.createRoom(ann, "private_chat");
        rooms.setState(ann, room, "m.room.topic", "", Json.object().put("topic", "Allotment gardening"));
        rooms.send(ann, room, "allotment plots for everyone");

        ObjectNode topicOnly = criteria("allotment");
        topicOnly.putArray("keys").add("content.topic");
        JsonNode found = roomEvents(ann, topicOnly);

        assertThat(found.path("results")).hasSize(1);
        assertThat(found.path("results").get(0).path("result").path("type").asText()).isEqualTo("m.room.topic");
        assertThat(roomEvents(ann, criteria("allotment")).path("results")).hasSize(2);
    }

    @Test
    void searchShouldFindNothingWhenTheUserIsNotInTheRoom() {
        Account owner = node.client().register("sowner", "password123");
        Account outsider = node.client().register("soutsider", "password123");
        String room = rooms.createRoom(owner, "public_chat");
        rooms.send(owner, room, "the secret word is aardvark");

        assertThat(bodies(roomEvents(owner, criteria("aardvark")))).hasSize(1);
        JsonNode found = roomEvents(outsider, criteria("aardvark"));
        assertThat(found.path("results")).isEmpty();
        assertThat(found.path("count").asInt()).isZero();
        ObjectNode named = criteria("aardvark");
        named.putObject("filter").putArray("rooms").add(room);
        assertThat(roomEvents(outsider, named).path("results")).isEmpty();
    }

    @Test
    void searchShouldOnlyFindMessagesUpToTheLeaveWhenTheUserLeftTheRoom() {
        Account host = node.client().register("shost", "password123");
        Account guest = node.client().register("sleaver", "password123");
        String room = rooms.createRoom(host, "public_chat");
        rooms.join(guest, room);
        rooms.send(host, room, "okapi while you are here");
        assertThat(node.client().post(RoomSteps.path(room, "/leave"), guest.accessToken(), Json.object()).status())
                .isEqualTo(200);
        rooms.send(host, room, "okapi after you left");

        assertThat(bodies(roomEvents(guest, criteria("okapi")))).containsExactly("okapi while you are here");
        assertThat(bodies(roomEvents(host, criteria("okapi")))).hasSize(2);
    }

    @Test
    void searchShouldNotFindARedactedMessage() {
        Account ruth = node.client().register("sruth", "password123");
        String room = rooms.createRoom(ruth, "private_chat");
        String oops = rooms.send(ruth, room, "my password is pangolin");
        rooms.send(ruth, room, "pangolins are nice");
        var redact = node.client().put(RoomSteps.path(room, "/redact/" + oops + "/r1"), ruth.accessToken(), Json.object());
        assertThat(redact.status()).as(redact.body()).isEqualTo(200);

        assertThat(bodies(roomEvents(ruth, criteria("pangolin")))).containsExactly("pangolins are nice");
    }

    @Test
    void searchShouldPageWithNextBatchAndGroupByRoomWhenOrderIsRecent() {
        Account pat = node.client().register("spat", "password123");
        String room = rooms.createRoom(pat, "private_chat");
        for (int i = 1; i <= 3; i++) rooms.send(pat, room, "quokka number " + i);
        ObjectNode c = criteria("quokka").put("order_by", "recent");
        c.putObject("filter").put("limit", 2);
        c.putObject("groupings").putArray("group_by").addObject().put("key", "room_id");
        c.put("include_state", true);

        JsonNode first = roomEvents(pat, c);
        assertThat(first.path("state").path(room).findValuesAsText("type")).contains("m.room.create", "m.room.member");
        assertThat(bodies(first)).containsExactly("quokka number 3", "quokka number 2");
        assertThat(first.path("groups").path("room_id").path(room).path("results")).hasSize(2);
        String next = first.path("next_batch").asText(null);
        assertThat(next).isNotNull();

        Response second = search(pat, c, next);
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        JsonNode page2 = second.json().path("search_categories").path("room_events");
        assertThat(bodies(page2)).containsExactly("quokka number 1");
        assertThat(page2.has("next_batch")).isFalse();
    }

    @Test
    void searchShouldFilterBySenderWhenTheFilterNamesSenders() {
        Account one = node.client().register("sone", "password123");
        Account two = node.client().register("stwo", "password123");
        String room = rooms.createRoom(one, "public_chat");
        rooms.join(two, room);
        rooms.send(one, room, "wombat from one");
        rooms.send(two, room, "wombat from two");
        ObjectNode c = criteria("wombat");
        c.putObject("filter").putArray("senders").add(two.userId());

        assertThat(bodies(roomEvents(one, c))).containsExactly("wombat from two");
    }

    @Test
    void searchShouldRefuseBadRequests() {
        Account bea = node.client().register("sbea", "password123");
        var noTerm = search(bea, Json.object(), null);
        assertThat(noTerm.status()).isEqualTo(400);
        assertThat(noTerm.errcode()).isEqualTo("M_BAD_JSON");
        var badOrder = search(bea, criteria("x").put("order_by", "loudest"), null);
        assertThat(badOrder.errcode()).isEqualTo("M_BAD_JSON");
        var badKeys = criteria("x");
        badKeys.putArray("keys").add("content.secret");
        assertThat(search(bea, badKeys, null).errcode()).isEqualTo("M_BAD_JSON");
        var badToken = search(bea, criteria("x"), "nonsense");
        assertThat(badToken.status()).isEqualTo(400);
        assertThat(badToken.errcode()).isEqualTo("M_INVALID_PARAM");
        assertThat(search(null, criteria("x"), null).status()).isEqualTo(401);
        var noCategories = node.client().post(SEARCH, bea.accessToken(), Json.object());
        assertThat(noCategories.errcode()).isEqualTo("M_BAD_JSON");
    }
}
