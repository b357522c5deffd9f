package org.lightweb.server.federation.events;

import static org.lightweb.storage.testing.TestStorage.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.lightweb.core.Json;
import org.lightweb.core.ServerName;
import org.lightweb.core.UserId;
import org.lightweb.federation.protocol.EventHashes;
import org.lightweb.federation.protocol.JsonSigning;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.SigningKey;
import org.lightweb.federation.protocol.auth.AuthRules;
import org.lightweb.federation.protocol.auth.SignatureChecker;
import org.lightweb.server.federation.client.FederationClient;
import org.lightweb.server.federation.keys.KeyRing;
import org.lightweb.server.rooms.EventDraft;
import org.lightweb.server.rooms.EventFactory;
import org.lightweb.server.rooms.RoomEvents;
import org.lightweb.server.rooms.RoomLinearizer;
import org.lightweb.server.rooms.RoomVersions;
import org.lightweb.storage.rooms.JooqEventRepository;
import org.lightweb.storage.rooms.JooqRoomRepository;
import org.lightweb.storage.rooms.RemoteEventStore;
import org.lightweb.storage.rooms.RoomCaches;
import org.lightweb.storage.rooms.StateGroups;
import org.lightweb.storage.rooms.StateKeyId;
import org.lightweb.storage.rooms.StoredEvent;
import org.lightweb.storage.testing.TestStorage;

/**
 * A room created on a local node ({@value #LOCAL}, alice) that a fake remote server ({@value #REMOTE}, signing with its
 * own generated key) sends events into, on a real test database: the receiving pipeline with fakes of the key
 * ring and the federation client.
 */
final class RemoteRoom {
    static final String LOCAL = "kaslo.test";
    static final String REMOTE = "nelson.test";
    static final RoomVersion V = RoomVersion.V11;
    static final UserId ALICE = UserId.of("alice", new ServerName(LOCAL));
    static final String BOB = "@bob:" + REMOTE;
    private static final java.util.concurrent.atomic.AtomicLong CLOCK = new java.util.concurrent.atomic.AtomicLong(1_700_000_000_000L);

    final SigningKey localKey = SigningKey.generate();
    final SigningKey remoteKey = SigningKey.generate();
    final FakeKeyRing keyRing = new FakeKeyRing();
    final FakeClient client = new FakeClient();
    final JooqEventRepository events;
    final JooqRoomRepository rooms;
    final RoomEvents roomEvents;
    final EventReceiver receiver;
    final WorkerExecutor cpu;
    final List<StoredEvent> announced = new CopyOnWriteArrayList<>();
    final String roomId;

    RemoteRoom(TestStorage storage) {
        RoomCaches caches = new RoomCaches(1000, 1000, 100, 50);
        events = new JooqEventRepository(storage.db(), storage.clock(), new StateGroups(5, 1000), 1000, caches);
        rooms = new JooqRoomRepository(storage.db(), caches);
        caches.start(await(events.maxStreamOrdering()));
        AuthRules rules = new AuthRules(SignatureChecker.withKeys(Map.of(LOCAL, Map.of(localKey.keyId(), localKey.publicKey()))));
        roomEvents = new RoomEvents(events, new RoomVersions(rooms),
                new EventFactory(new ServerName(LOCAL), localKey, rules, storage.clock()), new RoomLinearizer(), storage.clock());
        roomEvents.addListener((room, stored) -> announced.addAll(stored));
        cpu = storage.vertx().createSharedWorkerExecutor("test-cpu", 2);
        keyRing.add(REMOTE, remoteKey);
        keyRing.add(LOCAL, localKey);
        receiver = new EventReceiver(events, new RemoteEventStore(events), rooms, roomEvents, keyRing, client, cpu,
                storage.clock(), new EventReceiver.Limits(10, 100));
        roomId = "!" + TestStorage.freshName("r") + ":" + LOCAL;
        ObjectNode pl = Json.object();
        pl.putObject("users").put(ALICE.toString(), 100);
        pl.put("state_default", 50).put("events_default", 0).put("ban", 50).put("kick", 50).put("redact", 50)
                .put("invite", 0).put("users_default", 0);
        await(roomEvents.create(V, roomId, List.of(
                EventDraft.state("m.room.create", "", ALICE, content("room_version", V.id())),
                EventDraft.state("m.room.member", ALICE.toString(), ALICE, content("membership", "join")),
                EventDraft.state("m.room.power_levels", "", ALICE, pl),
                EventDraft.state("m.room.join_rules", "", ALICE, content("join_rule", "public")),
                EventDraft.state("m.room.history_visibility", "", ALICE, content("history_visibility", "shared")))));
        // listeners hear of events on the event loop's next turn: wait for the room's own before forgetting them
        long deadline = System.currentTimeMillis() + 5000;
        while (announced.size() < 5 && System.currentTimeMillis() < deadline) Thread.onSpinWait();
        announced.clear();
    }

    static ObjectNode content(String key, String value) {
        ObjectNode c = Json.object();
        c.put(key, value);
        return c;
    }

    /** The event id of the current state entry. */
    String state(String type, String stateKey) {
        return await(events.currentState(roomId)).get(new StateKeyId(type, stateKey));
    }

    long depthOf(String eventId) {
        return await(events.event(eventId)).map(StoredEvent::depth).orElseThrow();
    }

    /** A PDU built and signed by the remote server (or by {@code key} under its name). */
    ObjectNode build(String type, String stateKey, String sender, ObjectNode content, List<String> prev,
                     List<String> auth, long depth, SigningKey key) {
        return buildIn(roomId, type, stateKey, sender, content, prev, auth, depth, REMOTE, key);
    }

    /** A PDU of any room, signed by {@code signer} with {@code key}. */
    static ObjectNode buildIn(String roomId, String type, String stateKey, String sender, ObjectNode content,
                              List<String> prev, List<String> auth, long depth, String signer, SigningKey key) {
        ObjectNode json = Json.object();
        json.put("room_id", roomId);
        json.put("type", type);
        if (stateKey != null) json.put("state_key", stateKey);
        json.put("sender", sender);
        json.set("content", content);
        json.put("origin_server_ts", CLOCK.incrementAndGet());   // later events later: state resolution's tie-break
        prev.forEach(json.putArray("prev_events")::add);
        if (!json.has("prev_events")) json.putArray("prev_events");
        auth.forEach(json.putArray("auth_events")::add);
        if (!json.has("auth_events")) json.putArray("auth_events");
        json.put("depth", depth);
        return JsonSigning.hashAndSignEvent(json, V, signer, key);
    }

    ObjectNode build(String type, String stateKey, String sender, ObjectNode content, List<String> prev, List<String> auth) {
        long depth = prev.stream().mapToLong(this::depthOfAny).max().orElse(0) + 1;
        return build(type, stateKey, sender, content, prev, auth, depth, remoteKey);
    }

    /** Depth of a stored event, or of one built here and not stored yet. */
    private final Map<String, Long> builtDepths = new ConcurrentHashMap<>();

    long depthOfAny(String eventId) {
        Long built = builtDepths.get(eventId);
        return built != null ? built : depthOf(eventId);
    }

    static String id(ObjectNode pdu) {
        return EventHashes.eventId(pdu, V);
    }

    /** Remembers a built event's depth so later events can build on it before it is stored. */
    String remember(ObjectNode pdu) {
        builtDepths.put(id(pdu), pdu.get("depth").asLong());
        return id(pdu);
    }

    /** Bob's join, built on the room's current extremity. */
    /** Bob's join, received and accepted (the tests' usual start); its event id. */
    String joinBob() {
        ObjectNode join = bobJoin();
        org.assertj.core.api.Assertions.assertThat(receive(join).error()).as("bob's join").isNull();
        return id(join);
    }

    ObjectNode bobJoin() {
        String prev = await(events.forwardExtremities(roomId)).keySet().iterator().next();
        return build("m.room.member", BOB, BOB, content("membership", "join"), List.of(prev),
                List.of(state("m.room.create", ""), state("m.room.power_levels", ""), state("m.room.join_rules", "")));
    }

    /** A message by bob on {@code prev}, authorised by bob's current membership. */
    ObjectNode bobMessage(String body, List<String> prev) {
        return build("m.room.message", null, BOB, content("body", body), prev,
                List.of(state("m.room.create", ""), state("m.room.power_levels", ""), state("m.room.member", BOB)));
    }

    /** The ids announced so far, once {@code expected} are among them (listeners run on a later turn), at most 5 s. */
    List<String> announcedOnce(String... expected) {
        long deadline = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < deadline
                && !announced.stream().map(StoredEvent::eventId).toList().containsAll(List.of(expected))) {
            Thread.onSpinWait();
        }
        return announced.stream().map(StoredEvent::eventId).toList();
    }

    FederationEvents.Outcome receive(ObjectNode pdu) {
        return await(receiver.receive(REMOTE, pdu));
    }

    void close() {
        cpu.close();
    }

    /** A key ring that knows the keys it was given. */
    static final class FakeKeyRing implements KeyRing {
        private final Map<String, Map<String, byte[]>> keys = new ConcurrentHashMap<>();

        void add(String server, SigningKey key) {
            keys.computeIfAbsent(server, s -> new ConcurrentHashMap<>()).put(key.keyId(), key.publicKey());
        }

        @Override
        public Future<Map<String, byte[]>> verifyKeys(String server, Collection<String> keyIds, long validAt) {
            Map<String, byte[]> out = new HashMap<>();
            keys.getOrDefault(server, Map.of()).forEach((id, k) -> { if (keyIds.contains(id)) out.put(id, k); });
            return Future.succeededFuture(out);
        }

        @Override
        public Future<Boolean> isSignedBy(JsonNode signed, String server, long validAt) {
            return Future.succeededFuture(JsonSigning.verify(signed, server, keys.getOrDefault(server, Map.of())));
        }
    }

    /** A federation client answering from handlers by method and path prefix; everything else is a 404. */
    static final class FakeClient implements FederationClient {
        final Map<String, Function<JsonNode, JsonNode>> handlers = new ConcurrentHashMap<>();
        final List<String> requests = new CopyOnWriteArrayList<>();

        @Override
        public Future<JsonNode> request(String method, String destination, String path, Map<String, String> query,
                                        JsonNode body) {
            String key = method + " " + path + (query.isEmpty() ? "" : "?" + new java.util.TreeMap<>(query));
            requests.add(key);
            for (var h : new ArrayList<>(handlers.entrySet())) {
                if (key.startsWith(h.getKey())) return Future.succeededFuture(h.getValue().apply(body));
            }
            return Future.failedFuture(new RemoteError(destination, 404, "M_NOT_FOUND", "no handler for " + key));
        }
    }
}
