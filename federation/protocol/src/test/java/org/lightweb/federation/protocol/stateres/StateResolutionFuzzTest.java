package org.lightweb.federation.protocol.stateres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.federation.protocol.stateres.TestRoom.ALICE;
import static org.lightweb.federation.protocol.stateres.TestRoom.BOB;
import static org.lightweb.federation.protocol.stateres.TestRoom.CHARLIE;
import static org.lightweb.federation.protocol.stateres.TestRoom.ZARA;
import static org.lightweb.federation.protocol.stateres.TestRoom.content;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.StateKey;

/**
 * State resolution over fuzzed rooms (issue #15): up to five events (power levels with any levels, bans, leaves,
 * joins, join rules, topics, messages by any of four members) on up to three forks of Synapse's test room; the forks'
 * states are resolved in every order of the state sets, of their entries and of the loaded events, and the answer
 * must be the same each time. The only exception allowed is {@link StateResolutionException}. Bounded: at most 3
 * state sets (6 orders). Seeds in {@code StateResolutionFuzzTestInputs}.
 */
class StateResolutionFuzzTest {
    private static final String[] MEMBERS = {ALICE, BOB, CHARLIE, ZARA};
    private static final String[] MEMBERSHIPS = {"join", "leave", "ban", "invite", "knock"};

    @FuzzTest(maxDuration = "20s")
    void resolveShouldGiveTheSameAnswerForEveryOrderWhenForksAreFuzzed(FuzzedDataProvider data) {
        RoomVersion version = data.pickValue(RoomVersion.values());
        int forks = data.consumeInt(2, 3);
        List<List<String>> chains = new ArrayList<>();
        for (int f = 0; f < forks; f++) chains.add(new ArrayList<>());
        List<RoomGraph.Spec> specs = new ArrayList<>();
        int count = data.consumeInt(1, 5);
        for (int i = 0; i < count; i++) {
            String name = "F" + i;
            specs.add(spec(name, data));
            chains.get(data.consumeInt(0, forks - 1)).add(0, name);   // newest first, as RoomGraph's chains read
        }
        List<List<String>> edges = new ArrayList<>();
        List<String> tips = new ArrayList<>();
        for (List<String> chain : chains) {
            List<String> edge = new ArrayList<>();
            edge.add("END");
            edge.addAll(chain);
            edge.add("START");
            edges.add(edge);
            tips.add(chain.isEmpty() ? "START" : chain.get(0));
        }

        RoomGraph graph;
        Map<StateKey, String> expected;
        List<Map<StateKey, String>> stateSets;
        try {
            graph = RoomGraph.build(version, specs, edges);
            stateSets = tips.stream().map(graph::stateAfter).toList();
            expected = StateResolution.resolve(version, stateSets, graph.room().source(), TestRooms.AUTH);
        } catch (StateResolutionException documented) {
            return;
        }
        TestRoom room = graph.room();
        assertThat(expected).containsKey(StateKey.create());

        List<Pdu> reversed = new ArrayList<>(room.events());
        Collections.reverse(reversed);
        for (List<Map<StateKey, String>> order : permutations(stateSets)) {
            List<Map<StateKey, String>> reordered = order.stream().map(StateResolutionFuzzTest::reversedEntries).toList();
            assertThat(room.named(StateResolution.resolve(version, order, room.source(), TestRooms.AUTH)))
                    .isEqualTo(room.named(expected));
            assertThat(room.named(StateResolution.resolve(version, reordered, EventSource.of(reversed), TestRooms.AUTH)))
                    .isEqualTo(room.named(expected));
        }
    }

    private static RoomGraph.Spec spec(String name, FuzzedDataProvider data) {
        String sender = data.pickValue(MEMBERS);
        return switch (data.consumeInt(0, 4)) {
            case 0 -> {
                Map<String, Integer> users = new LinkedHashMap<>();
                int n = data.consumeInt(0, 4);
                for (int i = 0; i < n; i++) users.put(data.pickValue(MEMBERS), data.consumeInt(-10, 110));
                yield RoomGraph.powerLevels(name, sender, users);
            }
            case 1 -> RoomGraph.member(name, sender, data.consumeBoolean() ? sender : data.pickValue(MEMBERS), data.pickValue(MEMBERSHIPS));
            case 2 -> new RoomGraph.Spec(name, sender, StateKey.JOIN_RULES, "",
                    content("join_rule", data.consumeBoolean() ? "public" : "invite"));
            case 3 -> RoomGraph.topic(name, sender);
            default -> RoomGraph.message(name, sender);
        };
    }

    private static Map<StateKey, String> reversedEntries(Map<StateKey, String> map) {
        List<Map.Entry<StateKey, String>> entries = new ArrayList<>(map.entrySet());
        Collections.reverse(entries);
        Map<StateKey, String> out = new LinkedHashMap<>();
        entries.forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static <T> List<List<T>> permutations(List<T> items) {
        if (items.size() <= 1) return List.of(items);
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<T> rest = new ArrayList<>(items);
            T first = rest.remove(i);
            for (List<T> tail : permutations(rest)) {
                List<T> p = new ArrayList<>();
                p.add(first);
                p.addAll(tail);
                out.add(p);
            }
        }
        return out;
    }
}
