package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.lightweb.core.Json;

/**
 * The flows every pair of federating servers must get right, spoken through each server's client-server API only:
 * joins both ways (by room ID with {@code via}, and by invite), messages, state, typing, receipts, profiles,
 * device keys and to-device messages.
 * {@link FederationIT} runs them between two Lightweb nodes, {@link SynapseFederationIT} between Lightweb and
 * Synapse in both directions.
 */
abstract class FederationFlows {
    static final Duration PATIENCE = Duration.ofSeconds(45);
    private static final AtomicInteger USERS = new AtomicInteger();

    /** One side: its client API and its server name. */
    record Side(String label, TestClient client, String serverName) {
        TestClient.Account register() {
            return client.register(label + "-" + USERS.incrementAndGet() + "-" + System.nanoTime() % 100000,
                    "a long enough password");
        }
    }

    abstract Side first();

    abstract Side second();

    @Test
    void aRoomOfTheFirstIsJoinedFromTheSecondAndTalksBothWays() {
        flowJoinByVia(first(), second());
    }

    @Test
    void aRoomOfTheSecondIsJoinedFromTheFirstAndTalksBothWays() {
        flowJoinByVia(second(), first());
    }

    @Test
    void aliasesOfTheOtherServerResolveAndJoin() {
        Side home = first();
        Side away = second();
        TestClient.Account alice = home.register();
        TestClient.Account bob = away.register();
        String room = createPublicRoom(home, alice);
        String alias = "#fed" + System.nanoTime() + ":" + home.serverName();
        var made = home.client().put("/_matrix/client/v3/directory/room/" + enc(alias), alice.accessToken(),
                Json.object().put("room_id", room));
        assertThat(made.status()).as(made.body()).isEqualTo(200);

        var resolved = away.client().get("/_matrix/client/v3/directory/room/" + enc(alias), bob.accessToken());
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
        assertThat(resolved.json().path("room_id").asText()).isEqualTo(room);
        assertThat(resolved.json().path("servers").toString()).contains(home.serverName());
        var unknown = away.client().get("/_matrix/client/v3/directory/room/" + enc("#never" + System.nanoTime() + ":"
                + home.serverName()), bob.accessToken());
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(404);
        assertThat(unknown.errcode()).isEqualTo("M_NOT_FOUND");

        var joined = away.client().post("/_matrix/client/v3/join/" + enc(alias), bob.accessToken(), Json.object());
        assertThat(joined.status()).as(joined.body()).isEqualTo(200);
        assertThat(joined.json().path("room_id").asText()).isEqualTo(room);
        awaitMembership(home, alice, room, bob.userId(), "join");
    }

    @Test
    void anInviteAcrossServersIsSeenInSyncAndAccepted() {
        flowInvite(first(), second());
        flowInvite(second(), first());
    }

    @Test
    void typingReceiptsAndProfilesCrossOverBothWays() {
        flowEphemeral(first(), second());
        flowEphemeral(second(), first());
    }

    @Test
    void deviceKeysAndToDeviceMessagesCrossOverBothWays() {
        flowKeysAndToDevice(first(), second());
        flowKeysAndToDevice(second(), first());
    }

    // --- flows --------------------------------------------------------------------------------------------------

    /** Profiles asked of the other server, typing and a read receipt from {@code away} seen on {@code home}. */
    void flowEphemeral(Side home, Side away) {
        TestClient.Account alice = home.register();
        TestClient.Account bob = away.register();
        assertThat(away.client().put("/_matrix/client/v3/profile/" + enc(bob.userId()) + "/displayname",
                bob.accessToken(), Json.object().put("displayname", "Bob from " + away.label())).status()).isEqualTo(200);
        String room = createPublicRoom(home, alice);
        join(away, bob, room, home.serverName());
        awaitMembership(home, alice, room, bob.userId(), "join");

        eventually("remote profile", () -> {
            var res = home.client().get("/_matrix/client/v3/profile/" + enc(bob.userId()), alice.accessToken());
            return res.status() == 200 && ("Bob from " + away.label()).equals(res.json().path("displayname").asText());
        });

        SyncCursor cursor = new SyncCursor(home, alice);
        assertThat(away.client().put("/_matrix/client/v3/rooms/" + enc(room) + "/typing/" + enc(bob.userId()),
                bob.accessToken(), Json.object().put("typing", true).put("timeout", 30000)).status()).isEqualTo(200);
        cursor.await("typing reaches " + home.label(), s -> {
            for (JsonNode e : s.path("rooms").path("join").path(room).path("ephemeral").path("events")) {
                if (e.path("type").asText().equals("m.typing")
                        && e.path("content").path("user_ids").toString().contains(bob.userId())) return true;
            }
            return false;
        });

        String message = send(home, alice, room, "read me");
        awaitTimeline(away, bob, room, message);
        assertThat(away.client().post("/_matrix/client/v3/rooms/" + enc(room) + "/receipt/m.read/" + enc(message),
                bob.accessToken(), Json.object()).status()).isEqualTo(200);
        cursor.await("the receipt reaches " + home.label(), s -> {
            for (JsonNode e : s.path("rooms").path("join").path(room).path("ephemeral").path("events")) {
                if (e.path("type").asText().equals("m.receipt")
                        && e.path("content").path(message).path("m.read").has(bob.userId())) return true;
            }
            return false;
        });
    }

    /** {@code away}'s device keys queried from {@code home}, and a to-device message from home to away's device. */
    void flowKeysAndToDevice(Side home, Side away) {
        TestClient.Account alice = home.register();
        TestClient.Account bob = away.register();
        String room = createPublicRoom(home, alice);
        join(away, bob, room, home.serverName());
        awaitMembership(home, alice, room, bob.userId(), "join");

        ObjectNode keys = Json.object();
        keys.set("device_keys", E2eeKeysIT.deviceKeys(bob, new E2eeKeysIT.Key()));
        var uploaded = away.client().post("/_matrix/client/v3/keys/upload", bob.accessToken(), keys);
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(200);

        ObjectNode query = Json.object();
        query.putObject("device_keys").putArray(bob.userId());
        eventually(bob.userId() + "'s device keys queried from " + home.label(), () -> {
            var res = home.client().post("/_matrix/client/v3/keys/query", alice.accessToken(), query);
            return res.status() == 200 && res.json().path("device_keys").path(bob.userId()).has(bob.deviceId());
        });

        SyncCursor cursor = new SyncCursor(away, bob);
        ObjectNode messages = Json.object();
        messages.putObject("messages").putObject(bob.userId()).putObject(bob.deviceId()).put("secret", "for bob only");
        var sent = home.client().put("/_matrix/client/v3/sendToDevice/org.lightweb.test/t" + System.nanoTime(),
                alice.accessToken(), messages);
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        cursor.await("the to-device message reaches " + away.label(), s -> {
            for (JsonNode e : s.path("to_device").path("events")) {
                if (e.path("content").path("secret").asText().equals("for bob only")
                        && e.path("sender").asText().equals(alice.userId())) return true;
            }
            return false;
        });
    }

    void flowJoinByVia(Side home, Side away) {
        TestClient.Account alice = home.register();
        TestClient.Account bob = away.register();
        String room = createPublicRoom(home, alice);
        setState(home, alice, room, "m.room.topic", "", Json.object().put("topic", "made on " + home.label()));

        join(away, bob, room, home.serverName());
        awaitMembership(home, alice, room, bob.userId(), "join");

        String fromHome = send(home, alice, room, "hello from " + home.label());
        awaitTimeline(away, bob, room, fromHome);
        String fromAway = send(away, bob, room, "hello from " + away.label());
        awaitTimeline(home, alice, room, fromAway);

        // State set after the join travels both ways (a member event from a profile change on the joining side),
        // and both sides end with the same room state.
        setState(home, alice, room, "org.lightweb.test", "", Json.object().put("from", home.label()));
        assertThat(away.client().put("/_matrix/client/v3/profile/" + enc(bob.userId()) + "/displayname",
                bob.accessToken(), Json.object().put("displayname", "Bob, renamed")).status()).isEqualTo(200);
        eventually("the renamed member reaches " + home.label(), () ->
                "Bob, renamed".equals(stateEvent(home, alice, room, "m.room.member", bob.userId()).path("displayname").asText()));
        awaitSameState(home, alice, away, bob, room);
        assertThat(stateEvent(away, bob, room, "m.room.topic", "").path("topic").asText()).isEqualTo("made on " + home.label());
    }

    void flowInvite(Side home, Side away) {
        TestClient.Account alice = home.register();
        TestClient.Account bob = away.register();
        String room = createRoom(home, alice, Json.object().put("preset", "private_chat"));
        var invite = home.client().post("/_matrix/client/v3/rooms/" + enc(room) + "/invite", alice.accessToken(),
                Json.object().put("user_id", bob.userId()));
        assertThat(invite.status()).as(invite.body()).isEqualTo(200);
        new SyncCursor(away, bob).await("the invite shows in the invitee's sync",
                s -> s.path("rooms").path("invite").has(room));
        var joined = away.client().post("/_matrix/client/v3/rooms/" + enc(room) + "/join", bob.accessToken(), Json.object());
        assertThat(joined.status()).as(joined.body()).isEqualTo(200);
        awaitMembership(home, alice, room, bob.userId(), "join");
        String hello = send(away, bob, room, "thanks for the invite");
        awaitTimeline(home, alice, room, hello);
        awaitSameState(home, alice, away, bob, room);
    }

    // --- steps --------------------------------------------------------------------------------------------------

    static String createPublicRoom(Side side, TestClient.Account who) {
        return createRoom(side, who, Json.object().put("preset", "public_chat"));
    }

    static String createRoom(Side side, TestClient.Account who, ObjectNode body) {
        var res = side.client().post("/_matrix/client/v3/createRoom", who.accessToken(), body);
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.json().path("room_id").asText();
    }

    static void join(Side side, TestClient.Account who, String roomId, String via) {
        var res = side.client().post("/_matrix/client/v3/join/" + enc(roomId) + "?server_name=" + enc(via) + "&via=" + enc(via),
                who.accessToken(), Json.object());
        assertThat(res.status()).as("join %s via %s: %s", roomId, via, res.body()).isEqualTo(200);
        assertThat(res.json().path("room_id").asText()).isEqualTo(roomId);
    }

    static String send(Side side, TestClient.Account who, String roomId, String body) {
        var res = side.client().put("/_matrix/client/v3/rooms/" + enc(roomId) + "/send/m.room.message/t" + System.nanoTime(),
                who.accessToken(), Json.object().put("msgtype", "m.text").put("body", body));
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.json().path("event_id").asText();
    }

    static String setState(Side side, TestClient.Account who, String roomId, String type, String key, ObjectNode content) {
        var res = side.client().put("/_matrix/client/v3/rooms/" + enc(roomId) + "/state/" + type + "/" + enc(key),
                who.accessToken(), content);
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.json().path("event_id").asText();
    }

    static JsonNode stateEvent(Side side, TestClient.Account who, String roomId, String type, String key) {
        var res = side.client().get("/_matrix/client/v3/rooms/" + enc(roomId) + "/state/" + type + "/" + enc(key),
                who.accessToken());
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.json();
    }

    static JsonNode sync(Side side, TestClient.Account who, String since) {
        var res = side.client().get("/_matrix/client/v3/sync?timeout=0" + (since == null ? "" : "&since=" + enc(since)),
                who.accessToken());
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.json();
    }

    /** The event IDs of the room's messages, oldest first, as /messages pages them backwards from the end. */
    static List<String> messageIds(Side side, TestClient.Account who, String roomId) {
        var res = side.client().get("/_matrix/client/v3/rooms/" + enc(roomId) + "/messages?dir=b&limit=200",
                who.accessToken());
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode e : res.json().path("chunk")) ids.add(0, e.path("event_id").asText());
        return ids;
    }

    static void awaitTimeline(Side side, TestClient.Account who, String roomId, String eventId) {
        eventually(eventId + " reaches " + side.label(), () -> messageIds(side, who, roomId).contains(eventId));
    }

    static void awaitMembership(Side side, TestClient.Account who, String roomId, String userId, String membership) {
        eventually(userId + " " + membership + " seen on " + side.label(), () -> {
            var res = side.client().get("/_matrix/client/v3/rooms/" + enc(roomId) + "/state/m.room.member/" + enc(userId),
                    who.accessToken());
            return res.status() == 200 && membership.equals(res.json().path("membership").asText());
        });
    }

    /** Both sides end with the same current state: the same event for every (type, state_key). */
    static void awaitSameState(Side a, TestClient.Account onA, Side b, TestClient.Account onB, String roomId) {
        eventually("the same state on both sides", () -> stateIds(a, onA, roomId).equals(stateIds(b, onB, roomId)));
    }

    static Set<String> stateIds(Side side, TestClient.Account who, String roomId) {
        var res = side.client().get("/_matrix/client/v3/rooms/" + enc(roomId) + "/state", who.accessToken());
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        Set<String> ids = new TreeSet<>();
        for (JsonNode e : res.json()) {
            ids.add(e.path("type").asText() + "|" + e.path("state_key").asText() + "|" + e.path("event_id").asText());
        }
        return ids;
    }

    /** Polls {@code condition} until it holds, for at most {@link #PATIENCE}. */
    static void eventually(String what, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        AssertionError last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.get()) return;
            } catch (AssertionError e) {
                last = e;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("not within " + PATIENCE + ": " + what, last);
    }

    /**
     * Incremental syncs that move on: each poll starts from the previous answer's next_batch. (Synapse keeps the
     * answer to an identical sync request for two minutes, so polling from one token would see nothing new.)
     */
    static final class SyncCursor {
        private final Side side;
        private final TestClient.Account who;
        private String since;
        private JsonNode unread;

        SyncCursor(Side side, TestClient.Account who) {
            this.side = side;
            this.who = who;
            this.unread = sync(side, who, null);
            this.since = unread.path("next_batch").asText();
        }

        /** Polls until one answer (the initial one included, the first time) satisfies {@code seen}. */
        void await(String what, java.util.function.Predicate<JsonNode> seen) {
            eventually(what, () -> {
                if (unread != null) {
                    JsonNode first = unread;
                    unread = null;
                    if (seen.test(first)) return true;
                }
                JsonNode s = sync(side, who, since);
                since = s.path("next_batch").asText(since);
                return seen.test(s);
            });
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
