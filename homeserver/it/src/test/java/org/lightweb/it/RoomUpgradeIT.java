package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lightweb.core.Json;
import org.lightweb.it.TestClient.Account;
import org.lightweb.it.TestClient.Response;

/** POST /rooms/{roomId}/upgrade: the replacement room, the tombstone, and what moves from one to the other. */
class RoomUpgradeIT {
    @RegisterExtension
    static final TestNode node = TestNode.create();

    private static final AtomicInteger names = new AtomicInteger();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"10, 11", "11, 12", "12, 12"})
    void upgradeRoomShouldReplaceTheRoomWhenTheUserMayTombstoneIt(String from, String to) throws Exception {
        Account alice = register("alice");
        Account bob = register("bob");
        Account carol = register("carol");
        Account dave = register("dave");
        String alias = "#coop" + names.incrementAndGet() + ":localhost";
        ObjectNode create = Json.object().put("room_version", from).put("preset", "public_chat").put("visibility", "public")
                .put("name", "Kaslo co-op").put("topic", "Backups").put("room_alias_name", alias.substring(1, alias.indexOf(':')));
        create.putArray("initial_state").addObject().put("type", "org.example.custom").put("state_key", "")
                .putObject("content").put("kept", false);
        String oldRoom = ok(post("/_matrix/client/v3/createRoom", alice, create)).path("room_id").asText();
        for (Account a : new Account[] {bob, carol, dave}) ok(post("/_matrix/client/v3/rooms/" + oldRoom + "/join", a, Json.object()));
        ok(put(state(oldRoom, "m.room.avatar"), alice, Json.object().put("url", "mxc://localhost/kaslo")));
        ObjectNode canonical = Json.object().put("alias", alias);
        canonical.putArray("alt_aliases").add(alias).add("#far:nelson.example");
        ok(put(state(oldRoom, "m.room.canonical_alias"), alice, canonical));
        ObjectNode levels = (ObjectNode) ok(get(state(oldRoom, "m.room.power_levels"), alice));
        ((ObjectNode) levels.get("users")).put(bob.userId(), 50);
        ok(put(state(oldRoom, "m.room.power_levels"), alice, levels));
        ok(post("/_matrix/client/v3/rooms/" + oldRoom + "/ban", alice,
                Json.object().put("user_id", carol.userId()).put("reason", "spam")));

        ObjectNode body = Json.object().put("new_version", to);
        if (to.equals("12")) body.putArray("additional_creators").add(bob.userId());
        String newRoom = ok(post("/_matrix/client/v3/rooms/" + oldRoom + "/upgrade", alice, body)).path("replacement_room").asText();

        // The old room: tombstoned, locked down, no longer listed, its canonical alias keeps only the remote one.
        JsonNode tombstone = ok(get(state(oldRoom, "m.room.tombstone") + "?format=event", alice));
        assertThat(tombstone.path("content").path("replacement_room").asText()).isEqualTo(newRoom);
        assertThat(tombstone.path("content").path("body").asText()).isNotEmpty();
        JsonNode locked = ok(get(state(oldRoom, "m.room.power_levels"), alice));
        assertThat(locked.path("events_default").asInt()).isEqualTo(50);
        assertThat(locked.path("invite").asInt()).isEqualTo(50);
        Response talk = put("/_matrix/client/v3/rooms/" + oldRoom + "/send/m.room.message/t1", dave,
                Json.object().put("msgtype", "m.text").put("body", "still here?"));
        assertThat(talk.status()).as(talk.body()).isEqualTo(403);
        assertThat(talk.errcode()).isEqualTo("M_FORBIDDEN");
        JsonNode oldCanonical = ok(get(state(oldRoom, "m.room.canonical_alias"), alice));
        assertThat(oldCanonical.has("alias")).isFalse();
        assertThat(oldCanonical.path("alt_aliases")).hasSize(1);
        assertThat(oldCanonical.path("alt_aliases").get(0).asText()).isEqualTo("#far:nelson.example");
        assertThat(isPublic(oldRoom)).isFalse();

        // The new room: its create event, the copied state, the bans, the aliases and the directory entry.
        JsonNode createEvent = ok(get(state(newRoom, "m.room.create") + "?format=event", alice)).path("content");
        assertThat(createEvent.path("room_version").asText()).isEqualTo(to);
        assertThat(createEvent.path("predecessor").path("room_id").asText()).isEqualTo(oldRoom);
        if (to.equals("12")) {
            assertThat(newRoom).doesNotContain(":");
            assertThat(createEvent.path("additional_creators").get(0).asText()).isEqualTo(bob.userId());
        } else {
            assertThat(createEvent.path("predecessor").path("event_id").asText()).isEqualTo(tombstone.path("event_id").asText());
        }
        assertThat(ok(get(state(newRoom, "m.room.name"), alice)).path("name").asText()).isEqualTo("Kaslo co-op");
        assertThat(ok(get(state(newRoom, "m.room.topic"), alice)).path("topic").asText()).isEqualTo("Backups");
        assertThat(ok(get(state(newRoom, "m.room.avatar"), alice)).path("url").asText()).isEqualTo("mxc://localhost/kaslo");
        assertThat(ok(get(state(newRoom, "m.room.join_rules"), alice)).path("join_rule").asText()).isEqualTo("public");
        assertThat(ok(get(state(newRoom, "m.room.guest_access"), alice)).path("guest_access").asText()).isEqualTo("forbidden");
        assertThat(ok(get(state(newRoom, "m.room.history_visibility"), alice)).path("history_visibility").asText())
                .isEqualTo("shared");
        assertThat(get(state(newRoom, "org.example.custom"), alice).status()).isEqualTo(404);
        JsonNode ban = ok(get(state(newRoom, "m.room.member") + carol.userId(), alice));
        assertThat(ban.path("membership").asText()).isEqualTo("ban");
        assertThat(ban.path("reason").asText()).isEqualTo("spam");
        assertThat(get(state(newRoom, "m.room.member") + dave.userId(), alice).status())
                .as("members are not moved").isEqualTo(404);
        JsonNode newCanonical = ok(get(state(newRoom, "m.room.canonical_alias"), alice));
        assertThat(newCanonical.path("alias").asText()).isEqualTo(alias);
        assertThat(newCanonical.path("alt_aliases").get(0).asText()).isEqualTo(alias);
        assertThat(newCanonical.path("alt_aliases")).hasSize(1);
        String joined = ok(post("/_matrix/client/v3/join/" + URLEncoder.encode(alias, StandardCharsets.UTF_8), dave,
                Json.object())).path("room_id").asText();
        assertThat(joined).as("the alias points at the new room").isEqualTo(newRoom);
        assertThat(isPublic(newRoom)).isTrue();

        // Power levels: the old room's, as the new version allows them.
        JsonNode newLevels = ok(get(state(newRoom, "m.room.power_levels"), alice));
        if (to.equals("12")) {
            assertThat(newLevels.path("users").has(alice.userId())).as("creators are not listed").isFalse();
            assertThat(newLevels.path("users").has(bob.userId())).as("additional creators are not listed").isFalse();
            assertThat(newLevels.path("events").path("m.room.tombstone").asInt())
                    .isGreaterThan(newLevels.path("state_default").asInt(50));
        } else {
            assertThat(newLevels).isEqualTo(levels);
        }
        assertThat(newLevels.path("events_default").asInt()).as("the new room is open to talk").isEqualTo(0);
    }

    @Test
    void upgradeRoomShouldGiveTheOldLevelsBackWhenTheUpgraderWasRaisedToCopyTheState() {
        Account alice = register("alice");
        Account bob = register("bob");
        String oldRoom = ok(post("/_matrix/client/v3/createRoom", alice,
                Json.object().put("room_version", "10").put("preset", "public_chat"))).path("room_id").asText();
        ok(post("/_matrix/client/v3/rooms/" + oldRoom + "/join", bob, Json.object()));
        ObjectNode levels = (ObjectNode) ok(get(state(oldRoom, "m.room.power_levels"), alice));
        ((ObjectNode) levels.get("users")).put(bob.userId(), 50);
        ((ObjectNode) levels.get("events")).put("m.room.tombstone", 50);
        ok(put(state(oldRoom, "m.room.power_levels"), alice, levels));

        String newRoom = ok(post("/_matrix/client/v3/rooms/" + oldRoom + "/upgrade", bob,
                Json.object().put("new_version", "11"))).path("replacement_room").asText();

        assertThat(ok(get(state(newRoom, "m.room.history_visibility"), bob)).path("history_visibility").asText())
                .as("copied with the raised level (history_visibility needs 100)").isEqualTo("shared");
        assertThat(ok(get(state(newRoom, "m.room.power_levels"), bob))).isEqualTo(levels);
    }

    @Test
    void upgradeRoomShouldRefuseWhenTheUserMayNotSendTombstones() {
        Account alice = register("alice");
        Account bob = register("bob");
        String room = ok(post("/_matrix/client/v3/createRoom", alice,
                Json.object().put("room_version", "11").put("preset", "public_chat"))).path("room_id").asText();
        ok(post("/_matrix/client/v3/rooms/" + room + "/join", bob, Json.object()));

        Response res = post("/_matrix/client/v3/rooms/" + room + "/upgrade", bob, Json.object().put("new_version", "12"));

        assertThat(res.status()).as(res.body()).isEqualTo(403);
        assertThat(res.errcode()).isEqualTo("M_FORBIDDEN");
        assertThat(get(state(room, "m.room.tombstone"), alice).status()).isEqualTo(404);
    }

    @Test
    void upgradeRoomShouldRefuseAnAdminWhoIsNoCreatorWhenTheRoomIsV12() {
        Account alice = register("alice");
        Account bob = register("bob");
        String room = ok(post("/_matrix/client/v3/createRoom", alice,
                Json.object().put("room_version", "12").put("preset", "public_chat"))).path("room_id").asText();
        ok(post("/_matrix/client/v3/rooms/" + room + "/join", bob, Json.object()));
        ObjectNode levels = (ObjectNode) ok(get(state(room, "m.room.power_levels"), alice));
        ((ObjectNode) levels.get("users")).put(bob.userId(), 100);
        ok(put(state(room, "m.room.power_levels"), alice, levels));

        Response res = post("/_matrix/client/v3/rooms/" + room + "/upgrade", bob, Json.object().put("new_version", "12"));

        assertThat(res.status()).as("tombstones need 150, above admins").isEqualTo(403);
    }

    @Test
    void upgradeRoomShouldRefuseWhenTheVersionIsUnsupported() {
        Account alice = register("alice");
        String room = ok(post("/_matrix/client/v3/createRoom", alice, Json.object())).path("room_id").asText();

        Response res = post("/_matrix/client/v3/rooms/" + room + "/upgrade", alice, Json.object().put("new_version", "9"));

        assertThat(res.status()).isEqualTo(400);
        assertThat(res.errcode()).isEqualTo("M_UNSUPPORTED_ROOM_VERSION");
    }

    @Test
    void upgradeRoomShouldAnswerNotFoundWhenTheRoomIsUnknown() {
        Account alice = register("alice");

        Response res = post("/_matrix/client/v3/rooms/!nowhere:localhost/upgrade", alice, Json.object().put("new_version", "11"));

        assertThat(res.status()).isEqualTo(404);
        assertThat(res.errcode()).isEqualTo("M_NOT_FOUND");
    }

    @Test
    void upgradeRoomShouldRefuseWhenTheUserIsNotInTheRoom() {
        Account alice = register("alice");
        Account mallory = register("mallory");
        String room = ok(post("/_matrix/client/v3/createRoom", alice, Json.object().put("preset", "public_chat")))
                .path("room_id").asText();

        Response res = post("/_matrix/client/v3/rooms/" + room + "/upgrade", mallory, Json.object().put("new_version", "11"));

        assertThat(res.status()).isEqualTo(403);
    }

    private static Account register(String name) {
        return node.client().register(name + names.incrementAndGet(), "password123");
    }

    private static String state(String roomId, String type) {
        return "/_matrix/client/v3/rooms/" + roomId + "/state/" + type + "/";
    }

    private static Response get(String path, Account who) { return node.client().get(path, who.accessToken()); }

    private static Response post(String path, Account who, Object body) { return node.client().post(path, who.accessToken(), body); }

    private static Response put(String path, Account who, Object body) { return node.client().put(path, who.accessToken(), body); }

    private static JsonNode ok(Response res) {
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.json();
    }

    /** Directory visibility, as a client reads it (GET /directory/list/room/{roomId}). */
    private static boolean isPublic(String roomId) {
        JsonNode res = ok(node.client().get("/_matrix/client/v3/directory/list/room/" + roomId));
        return res.path("visibility").asText().equals("public");
    }
}
