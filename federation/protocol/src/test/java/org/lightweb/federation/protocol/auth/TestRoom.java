package org.lightweb.federation.protocol.auth;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.SigningKey;
import org.lightweb.federation.protocol.StateKey;

/**
 * A small hand-made room of real signed PDUs (after Synapse's tests/state/test_v2.py and Dendrite's test/room.go).
 * Events are hashed and signed by their sender's server with a generated key; their auth events are chosen by
 * {@link AuthEventsSelection} from the current state, and their prev event is the last event added.
 */
final class TestRoom {
    static final String ALICE = "@alice:a.example";  // the creator
    static final String BOB = "@bob:b.example";
    static final String CAROL = "@carol:c.example";
    static final String DAVE = "@dave:a.example";
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final RoomVersion version;
    private final Map<String, SigningKey> serverKeys = new HashMap<>();
    private final Map<String, Pdu> events = new LinkedHashMap<>();
    private final Map<StateKey, Pdu> state = new HashMap<>();
    private final Set<String> rejected = new HashSet<>();
    private final String localRoomId;  // the room ID before v12
    private final Pdu create;
    private String last;
    private long depth;

    private TestRoom(RoomVersion version, String localRoomId, ObjectNode createContent) {
        this.version = version;
        this.localRoomId = localRoomId;
        TestEvent createEvent = new TestEvent(this, ALICE, StateKey.CREATE, "").content(createContent).prevEvents();
        if (version.roomIdIsCreateEventId()) createEvent.tweak(json -> json.remove("room_id"));
        this.create = add(createEvent.build());
    }

    /**
     * A room with only its create event, sent by Alice, with {@code content} plus room_version (and in v10 creator
     * Alice, unless {@code content} names one).
     */
    static TestRoom created(RoomVersion v, ObjectNode content) {
        ObjectNode c = content.deepCopy();
        c.put("room_version", v.id());
        if (!v.implicitRoomCreator() && !c.has("creator")) c.put("creator", ALICE);
        return new TestRoom(v, "!room:a.example", c);
    }

    /** A second room, distinct from {@link #standard}'s: another room ID before v12, another create event from v12. */
    static TestRoom other(RoomVersion v) {
        ObjectNode c = JSON.objectNode().put("room_version", v.id()).put("m.test.room", "other");
        if (!v.implicitRoomCreator()) c.put("creator", ALICE);
        TestRoom room = new TestRoom(v, "!other:a.example", c);
        room.send(room.member(ALICE, ALICE, "join"));
        room.send(room.event(ALICE, StateKey.POWER_LEVELS, "").content(room.powerLevels()));
        return room;
    }

    static TestRoom created(RoomVersion v) { return created(v, JSON.objectNode()); }

    /**
     * Create, Alice's join, power levels (Alice at 100 before v12, where she is a creator with infinite power) and
     * join_rules invite. Every event after the create event passes the auth rules.
     */
    static TestRoom standard(RoomVersion v) {
        TestRoom room = created(v);
        room.send(room.member(ALICE, ALICE, "join"));
        room.send(room.event(ALICE, StateKey.POWER_LEVELS, "").content(room.powerLevels()));
        room.setJoinRule("invite");
        return room;
    }

    RoomVersion version() { return version; }

    Pdu create() { return create; }

    /** v12: the create event's ID with sigil '!' (null while the create event is being built). */
    String roomId() {
        if (!version.roomIdIsCreateEventId()) return localRoomId;
        return create == null ? null : create.roomId();
    }

    /** Power levels content: Alice at 100 before v12, then {@code userLevelPairs} (user, level, user, level...). */
    ObjectNode powerLevels(Object... userLevelPairs) {
        ObjectNode c = JSON.objectNode();
        ObjectNode users = c.putObject("users");
        if (!version.creatorsHaveInfinitePower()) users.put(ALICE, 100);
        for (int i = 0; i < userLevelPairs.length; i += 2) users.put((String) userLevelPairs[i], (Integer) userLevelPairs[i + 1]);
        return c;
    }

    TestEvent event(String sender, String type, String stateKey) { return new TestEvent(this, sender, type, stateKey); }

    TestEvent member(String sender, String target, String membership) {
        return event(sender, StateKey.MEMBER, target).content("{\"membership\": \"" + membership + "\"}");
    }

    TestEvent message(String sender) {
        return event(sender, "m.room.message", null).content("{\"msgtype\": \"m.text\", \"body\": \"hi\"}");
    }

    /** Builds, checks that the rules allow it, and adds it to the room. */
    Pdu send(TestEvent e) {
        Pdu pdu = e.build();
        AuthResult r = check(pdu);
        if (r.rejected()) throw new AssertionError("setting up " + pdu + ": " + r);
        return add(pdu);
    }

    /** Adds an event to the DAG and state without checking it (to build state the rules would not let through). */
    Pdu add(Pdu pdu) {
        events.put(pdu.eventId(), pdu);
        if (pdu.isState()) state.put(pdu.stateTuple(), pdu);
        last = pdu.eventId();
        depth++;
        return pdu;
    }

    /** Records an event, e.g. one from another room, so that it can be an auth event, without changing state. */
    Pdu remember(Pdu pdu) {
        events.put(pdu.eventId(), pdu);
        return pdu;
    }

    void markRejected(Pdu pdu) { rejected.add(pdu.eventId()); }

    void setJoinRule(String rule) {
        send(event(ALICE, StateKey.JOIN_RULES, "").content("{\"join_rule\": \"" + rule + "\"}"));
    }

    /** Alice sends new power levels (which the rules must allow). */
    Pdu setPowerLevels(ObjectNode content) {
        return send(event(ALICE, StateKey.POWER_LEVELS, "").content(content));
    }

    /** Alice's new power levels, added without checking them (e.g. levels above her own). */
    Pdu forcePowerLevels(ObjectNode content) {
        return add(event(ALICE, StateKey.POWER_LEVELS, "").content(content).build());
    }

    /** Forces {@code user}'s membership (sent by the user, not checked). */
    void forceMembership(String user, String membership) { add(member(user, user, membership).build()); }

    Optional<Pdu> stateOf(StateKey key) { return Optional.ofNullable(state.get(key)); }

    /** All rules, against the room's current state, with the event's own auth events. */
    AuthResult check(Pdu event) { return new AuthRules(signatures()).check(event, stateFor(event), version); }

    AuthState stateFor(Pdu event) { return AuthState.of(create, state, authEventsOf(event), rejected); }

    List<Pdu> authEventsOf(Pdu event) {
        List<Pdu> out = new ArrayList<>();
        for (String id : event.authEvents()) out.add(events.get(id));
        return out;
    }

    SignatureChecker signatures() {
        Map<String, Map<String, byte[]>> keys = new HashMap<>();
        serverKeys.forEach((server, key) -> keys.put(server, Map.of(key.keyId(), key.publicKey())));
        return SignatureChecker.withKeys(keys);
    }

    SigningKey keyOf(String server) { return serverKeys.computeIfAbsent(server, s -> SigningKey.generate()); }

    Map<StateKey, Pdu> state() { return state; }

    String lastEventId() { return last; }

    long nextDepth() { return depth + 1; }
}
