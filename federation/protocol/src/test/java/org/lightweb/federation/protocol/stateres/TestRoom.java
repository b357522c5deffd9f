package org.lightweb.federation.protocol.stateres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lightweb.federation.protocol.JsonSigning;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.SigningKey;
import org.lightweb.federation.protocol.StateKey;

/**
 * A hand-built room of real PDUs: hashed and signed by example.com, with event IDs computed by the room version's
 * rules, and with the {@code prev_events}, {@code auth_events} and {@code origin_server_ts} the test chooses. Events
 * are named by the test ("PA", "T1") and looked up by name.
 *
 * <p>Three adaptations keep one scenario valid in every room version: the create event gets {@code creator} only
 * where the version reads it (before v11); in v12 the create event is dropped from {@code auth_events} (it is never
 * selected there), and a power levels event never lists a room creator in {@code users} (auth rule 10.4; creators
 * have infinite power there anyway).
 */
final class TestRoom {
    static final String ALICE = "@alice:example.com";
    static final String BOB = "@bob:example.com";
    static final String CHARLIE = "@charlie:example.com";
    static final String EVELYN = "@evelyn:example.com";
    static final String ZARA = "@zara:example.com";
    static final String ROOM_ID = "!test:example.com";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SigningKey KEY = SigningKey.generate();

    private final RoomVersion version;
    private final String createRoomId;
    private final Map<String, Pdu> byName = new LinkedHashMap<>();
    private final Map<String, String> nameById = new LinkedHashMap<>();
    private String roomId;
    private String creator;

    TestRoom(RoomVersion version) {
        this(version, ROOM_ID);
    }

    /** A room with its own room ID before v12 (from v12 the room ID is always the create event's). */
    TestRoom(RoomVersion version, String roomId) {
        this.version = version;
        this.createRoomId = roomId;
    }

    RoomVersion version() { return version; }

    /** Content from alternating keys and values, e.g. {@code content("membership", "join")}. */
    static ObjectNode content(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return JSON.valueToTree(map);
    }

    /** Adds a signed event; {@code stateKey} null for a message event. */
    Pdu add(String name, String sender, String type, String stateKey, JsonNode content,
            List<String> prevNames, List<String> authNames, long originServerTs) {
        ObjectNode event = JSON.createObjectNode();
        boolean create = StateKey.CREATE.equals(type) && "".equals(stateKey);
        if (!create || !version.roomIdIsCreateEventId()) event.put("room_id", create ? createRoomId : roomId);
        event.put("sender", sender);
        event.put("type", type);
        if (stateKey != null) event.put("state_key", stateKey);
        event.set("content", adapt(type, sender, content.deepCopy()));
        event.set("prev_events", JSON.valueToTree(ids(prevNames)));
        List<String> auth = authNames.stream()
                .filter(a -> version.createEventInAuthEvents() || !pdu(a).isCreate())
                .toList();
        event.set("auth_events", JSON.valueToTree(ids(auth)));
        event.put("depth", prevNames.stream().mapToLong(p -> pdu(p).depth()).max().orElse(0) + 1);
        event.put("origin_server_ts", originServerTs);
        JsonSigning.hashAndSignEvent(event, version, "example.com", KEY);
        Pdu pdu = Pdu.of(event, version);
        if (create) {
            roomId = pdu.roomId();
            creator = sender;
        }
        byName.put(name, pdu);
        nameById.put(pdu.eventId(), name);
        return pdu;
    }

    private ObjectNode adapt(String type, String sender, ObjectNode content) {
        if (StateKey.CREATE.equals(type)) {
            content.put("room_version", version.id());
            if (version.implicitRoomCreator()) content.remove("creator");
            else if (!content.has("creator")) content.put("creator", sender);
        }
        if (StateKey.POWER_LEVELS.equals(type) && version.creatorsHaveInfinitePower() && content.path("users").isObject()) {
            ((ObjectNode) content.get("users")).remove(creator);
        }
        return content;
    }

    Pdu pdu(String name) {
        Pdu pdu = byName.get(name);
        if (pdu == null) throw new IllegalArgumentException("no event named " + name);
        return pdu;
    }

    String id(String name) { return pdu(name).eventId(); }

    String name(String eventId) { return nameById.getOrDefault(eventId, eventId); }

    List<Pdu> events() { return List.copyOf(byName.values()); }

    EventSource source() { return EventSource.of(events()); }

    /** The state map made of the named events, each under its own (type, state_key). */
    Map<StateKey, String> state(String... names) {
        Map<StateKey, String> state = new TreeMap<>();
        for (String name : names) state.put(pdu(name).stateTuple(), id(name));
        return state;
    }

    /** A resolved state rewritten with event names, for readable assertions and failure messages. */
    Map<StateKey, String> named(Map<StateKey, String> state) {
        Map<StateKey, String> named = new TreeMap<>();
        state.forEach((key, id) -> named.put(key, name(id)));
        return named;
    }

    private List<String> ids(List<String> names) {
        List<String> ids = new ArrayList<>();
        for (String name : names) ids.add(id(name));
        return ids;
    }
}
