package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/**
 * The admin bot as the node runs it: in the node's process, speaking the real Application Service API over
 * loopback. An admin made after the node started is invited to the admin room, commands there are answered, and
 * someone who is not an admin is turned away.
 */
class AdminBotIT {
    @RegisterExtension
    static final TestNode node = TestNode.create(c -> {
        c.putObject("admin_bot").put("enabled", true);
        PluginsIT.configure(c, PluginsIT.withExamplePlugin());
    });

    static final String BOT = "@admin:localhost";
    static String admin;
    static String adminRoom;

    @BeforeAll
    static void adminJoinsTheAdminRoom() throws Exception {
        admin = AdminIT.registerWithSharedSecret(node, "root", "password123", true);
        adminRoom = eventually(() -> invitedRoom(admin), "an invite to the admin room");
        var join = node.client().post("/_matrix/client/v3/rooms/" + adminRoom + "/join", admin, Json.object());
        assertThat(join.status()).as(join.body()).isEqualTo(200);
    }

    /** The room the user is invited to by the bot, from an initial sync. */
    static Optional<String> invitedRoom(String token) {
        JsonNode invites = node.client().get("/_matrix/client/v3/sync?timeout=0", token).json().path("rooms").path("invite");
        var names = invites.fieldNames();
        while (names.hasNext()) {
            String room = names.next();
            for (JsonNode e : invites.path(room).path("invite_state").path("events")) {
                if (e.path("type").asText().equals("m.room.member") && e.path("sender").asText().equals(BOT)) return Optional.of(room);
            }
        }
        return Optional.empty();
    }

    static <T> T eventually(Supplier<Optional<T>> probe, String what) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end) {
            Optional<T> v = probe.get();
            if (v.isPresent()) return v.get();
            Thread.sleep(100);
        }
        throw new AssertionError("not within 20 s: " + what);
    }

    /** Sends a command to the room and waits for the bot's next notice after it. */
    static JsonNode ask(String token, String room, String command) throws InterruptedException {
        String eventId = node.client().put("/_matrix/client/v3/rooms/" + room + "/send/m.room.message/" + System.nanoTime(), token,
                Json.object().put("msgtype", "m.text").put("body", command)).json().path("event_id").asText();
        return eventually(() -> {
            JsonNode chunk = node.client().get("/_matrix/client/v3/rooms/" + room + "/messages?dir=b&limit=20", token)
                    .json().path("chunk");
            JsonNode reply = null;
            for (JsonNode e : chunk) {   // newest first: the last notice of the bot before reaching the command
                if (e.path("event_id").asText().equals(eventId)) return Optional.ofNullable(reply);
                if (e.path("sender").asText().equals(BOT) && e.path("content").path("msgtype").asText().equals("m.notice")) reply = e;
            }
            return Optional.empty();
        }, "the bot's answer to " + command);
    }

    @Test
    void adminRoomShouldBePrivateAndNamedWhenTheBotMadeIt() {
        var name = node.client().get("/_matrix/client/v3/rooms/" + adminRoom + "/state/m.room.name", admin);
        assertThat(name.json().path("name").asText()).isEqualTo("Lightweb admin");
        var joinRules = node.client().get("/_matrix/client/v3/rooms/" + adminRoom + "/state/m.room.join_rules", admin);
        assertThat(joinRules.json().path("join_rule").asText()).isEqualTo("invite");
    }

    @Test
    void helpShouldListTheCommandsWhenAnAdminAsks() throws Exception {
        JsonNode reply = ask(admin, adminRoom, "!help");
        assertThat(reply.path("content").path("body").asText()).contains("users list", "plugins list", "appservices list");
        assertThat(reply.path("content").path("format").asText()).isEqualTo("org.matrix.custom.html");
    }

    @Test
    void commandsShouldBeAnsweredFromTheNodesAdminApisWhenAnAdminRunsThem() throws Exception {
        assertThat(ask(admin, adminRoom, "!appservices list").path("content").path("body").asText()).contains("lightweb-admin-bot");
        assertThat(ask(admin, adminRoom, "!plugins list").path("content").path("body").asText()).contains("example-greeter");
        // A plugin's admin command, offered by the bot
        assertThat(ask(admin, adminRoom, "!greet-stats").path("content").path("body").asText()).contains("Greeter stats");
        JsonNode token = ask(admin, adminRoom, "!tokens create");
        assertThat(token.path("content").path("body").asText()).containsIgnoringCase("token");
        var tokens = node.client().get("/_synapse/admin/v1/registration_tokens", admin).json().path("registration_tokens");
        assertThat(tokens.size()).isEqualTo(1);
    }

    @Test
    void userAndServerCommandsShouldAnswerFromSynapsesAdminApi() throws Exception {
        assertThat(ask(admin, adminRoom, "!users list").path("content").path("body").asText()).contains("@root:localhost");
        assertThat(ask(admin, adminRoom, "!server version").path("content").path("body").asText()).contains("localhost runs 0.1.0");
        JsonNode created = ask(admin, adminRoom, "!users create carol password123");
        assertThat(created.path("content").path("body").asText()).contains("@carol:localhost");
        assertThat(node.client().post("/_matrix/client/v3/login", null, Json.object().put("type", "m.login.password")
                .put("user", "carol").put("password", "password123")).status()).isEqualTo(200);
        // The password never reaches the room's history in the bot's answer
        assertThat(created.path("content").toString()).doesNotContain("password123");
    }

    @Test
    void directChatShouldBeRefusedWhenTheInviterIsNotAnAdmin() throws Exception {
        var alice = node.client().register("alice", "password123");
        String room = node.client().post("/_matrix/client/v3/createRoom", alice.accessToken(), Json.object()
                .put("is_direct", true).set("invite", Json.MAPPER.createArrayNode().add(BOT))).json().path("room_id").asText();
        eventually(() -> {
            var members = node.client().get("/_matrix/client/v3/rooms/" + room + "/members", alice.accessToken()).json().path("chunk");
            for (JsonNode m : members) {
                if (m.path("state_key").asText().equals(BOT) && m.path("content").path("membership").asText().equals("leave")) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        }, "the bot leaving alice's direct chat");
        // And in the admin room, where she is not, she cannot even speak
        var intrude = node.client().put("/_matrix/client/v3/rooms/" + adminRoom + "/send/m.room.message/x", alice.accessToken(),
                Json.object().put("msgtype", "m.text").put("body", "!users list"));
        assertThat(intrude.status()).isEqualTo(403);
    }
}
