package org.lightweb.federation.protocol.stateres;

import static org.lightweb.federation.protocol.stateres.TestRoom.ALICE;
import static org.lightweb.federation.protocol.stateres.TestRoom.BOB;
import static org.lightweb.federation.protocol.stateres.TestRoom.CHARLIE;
import static org.lightweb.federation.protocol.stateres.TestRoom.ZARA;
import static org.lightweb.federation.protocol.stateres.TestRoom.content;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.StateKey;

/**
 * The harness of Synapse's tests/state/test_v2.py ({@code build_event_graph}), over real PDUs: a room that starts
 * with {@link #INITIAL_EVENTS}, plus the scenario's events, linked by chains of {@code prev_events} edges. Events are
 * created in lexicographical topological order of their names, each one millisecond after the previous; the state
 * before an event is the state after its only prev event, or the resolution of the states after its prev events;
 * its {@code auth_events} are picked from that state by the spec's auth events selection. Like Synapse's harness,
 * it does not auth-check the events it creates: the scenarios are written to be valid.
 */
final class RoomGraph {
    /** An event of a scenario, named as in Synapse's tests; {@code stateKey} null for a message. */
    record Spec(String name, String sender, String type, String stateKey, ObjectNode content) {}

    static final String TOPIC = "m.room.topic";
    static final long FIRST_TS = 1_700_000_000_000L;

    /** Every graph starts with these, linked START -> IMZ -> IMC -> IMB -> IJR -> IPOWER -> IMA -> CREATE. */
    static final List<Spec> INITIAL_EVENTS = List.of(
            new Spec("CREATE", ALICE, StateKey.CREATE, "", content()),
            member("IMA", ALICE, ALICE, "join"),
            new Spec("IPOWER", ALICE, StateKey.POWER_LEVELS, "", content("users", Map.of(ALICE, 100))),
            new Spec("IJR", ALICE, StateKey.JOIN_RULES, "", content("join_rule", "public")),
            member("IMB", BOB, BOB, "join"),
            member("IMC", CHARLIE, CHARLIE, "join"),
            member("IMZ", ZARA, ZARA, "join"),
            message("START", ZARA),
            message("END", ZARA));
    static final List<String> INITIAL_EDGES = List.of("START", "IMZ", "IMC", "IMB", "IJR", "IPOWER", "IMA", "CREATE");

    private final TestRoom room;
    private final Map<String, Map<StateKey, String>> stateAfter = new HashMap<>();

    private RoomGraph(TestRoom room) {
        this.room = room;
    }

    static Spec member(String name, String sender, String target, String membership) {
        return new Spec(name, sender, StateKey.MEMBER, target, content("membership", membership));
    }

    static Spec powerLevels(String name, String sender, Map<String, Integer> users) {
        return new Spec(name, sender, StateKey.POWER_LEVELS, "", content("users", users));
    }

    static Spec topic(String name, String sender) {
        return new Spec(name, sender, TOPIC, "", content("topic", "topic " + name));
    }

    static Spec message(String name, String sender) {
        return new Spec(name, sender, "m.room.message", null, content("body", name));
    }

    /** Builds the room; each edge list is a chain, {@code ["END", "MB", "PA"]} meaning END -> MB -> PA. */
    static RoomGraph build(RoomVersion version, List<Spec> events, List<List<String>> edges) {
        Map<String, Spec> specs = new LinkedHashMap<>();
        Map<String, TreeSet<String>> prevs = new TreeMap<>();
        for (Spec spec : INITIAL_EVENTS) specs.put(spec.name(), spec);
        for (Spec spec : events) specs.put(spec.name(), spec);
        specs.keySet().forEach(name -> prevs.put(name, new TreeSet<>()));
        List<List<String>> chains = new ArrayList<>(edges);
        chains.add(INITIAL_EDGES);
        for (List<String> chain : chains) {
            for (int i = 0; i + 1 < chain.size(); i++) prevs.get(chain.get(i)).add(chain.get(i + 1));
        }
        RoomGraph graph = new RoomGraph(new TestRoom(version));
        long ts = FIRST_TS;
        for (String name : creationOrder(prevs)) graph.create(specs.get(name), List.copyOf(prevs.get(name)), ts++);
        return graph;
    }

    private void create(Spec spec, List<String> prevNames, long ts) {
        Map<StateKey, String> before = stateBefore(prevNames);
        List<String> authNames = new ArrayList<>();
        for (StateKey key : authTypes(spec)) {
            if (before.containsKey(key)) authNames.add(room.name(before.get(key)));
        }
        Pdu pdu = room.add(spec.name(), spec.sender(), spec.type(), spec.stateKey(), spec.content(), prevNames, authNames, ts);
        Map<StateKey, String> after = new TreeMap<>(before);
        if (pdu.isState()) after.put(pdu.stateTuple(), pdu.eventId());
        stateAfter.put(spec.name(), after);
    }

    private Map<StateKey, String> stateBefore(List<String> prevNames) {
        if (prevNames.isEmpty()) return Map.of();
        if (prevNames.size() == 1) return stateAfter.get(prevNames.get(0));
        List<Map<StateKey, String>> states = prevNames.stream().map(stateAfter::get).toList();
        return StateResolution.resolve(room.version(), states, room.source(), TestRooms.AUTH);
    }

    /** The server-server API's "Auth events selection" (third party invites aside). */
    private List<StateKey> authTypes(Spec spec) {
        List<StateKey> keys = new ArrayList<>();
        if (spec.type().equals(StateKey.CREATE)) return keys;
        if (room.version().createEventInAuthEvents()) keys.add(StateKey.create());
        keys.add(StateKey.powerLevels());
        keys.add(StateKey.member(spec.sender()));
        if (spec.type().equals(StateKey.MEMBER)) {
            if (!spec.stateKey().equals(spec.sender())) keys.add(StateKey.member(spec.stateKey()));
            String membership = spec.content().path("membership").asText();
            if (List.of("join", "invite", "knock").contains(membership)) keys.add(StateKey.joinRules());
        }
        return keys;
    }

    /** Kahn's algorithm over prev_events edges, taking the lexicographically smallest ready name first. */
    private static List<String> creationOrder(Map<String, TreeSet<String>> prevs) {
        Map<String, Integer> waiting = new HashMap<>();
        Map<String, List<String>> next = new HashMap<>();
        TreeSet<String> ready = new TreeSet<>();
        prevs.forEach((name, before) -> {
            waiting.put(name, before.size());
            before.forEach(p -> next.computeIfAbsent(p, k -> new ArrayList<>()).add(name));
            if (before.isEmpty()) ready.add(name);
        });
        List<String> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            String name = ready.pollFirst();
            order.add(name);
            for (String later : next.getOrDefault(name, List.of())) {
                if (waiting.merge(later, -1, Integer::sum) == 0) ready.add(later);
            }
        }
        return order;
    }

    TestRoom room() { return room; }

    /** The state after the named event (for END, a message, the state before it: the resolution at stake). */
    Map<StateKey, String> stateAfter(String name) { return stateAfter.get(name); }

    /** The state after START with the named events applied: what a scenario expects at END. */
    Map<StateKey, String> startWith(String... names) {
        Map<StateKey, String> expected = new TreeMap<>(stateAfter("START"));
        for (String name : names) expected.put(room.pdu(name).stateTuple(), room.id(name));
        return expected;
    }
}
