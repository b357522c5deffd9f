package org.lightweb.federation.protocol.stateres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.federation.protocol.stateres.RoomGraph.message;
import static org.lightweb.federation.protocol.stateres.RoomGraph.powerLevels;
import static org.lightweb.federation.protocol.stateres.RoomGraph.topic;
import static org.lightweb.federation.protocol.stateres.TestRoom.ALICE;
import static org.lightweb.federation.protocol.stateres.TestRoom.BOB;
import static org.lightweb.federation.protocol.stateres.TestRoom.ZARA;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.StateKey;

/** The answer must not depend on the order of the state sets, of their entries, or of the loaded events. */
class StateResolutionDeterminismTest {

    /** Synapse's test_topic room; four of its states are resolved together. */
    private static RoomGraph topicRoom(RoomVersion version) {
        return RoomGraph.build(version, List.of(
                topic("T1", ALICE),
                powerLevels("PA1", ALICE, Map.of(ALICE, 100, BOB, 50)),
                topic("T2", ALICE),
                powerLevels("PA2", ALICE, Map.of(ALICE, 100, BOB, 0)),
                powerLevels("PB", BOB, Map.of(ALICE, 100, BOB, 50)),
                topic("T3", BOB),
                message("MZ1", ZARA),
                topic("T4", ALICE)),
                List.of(List.of("END", "T4", "MZ1", "PA2", "T2", "PA1", "T1", "START"), List.of("END", "MZ1", "T3", "PB", "PA1")));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void resolveShouldGiveTheSameAnswerWhenInputsAreShuffled(RoomVersion version) {
        RoomGraph graph = topicRoom(version);
        TestRoom room = graph.room();
        List<Map<StateKey, String>> stateSets = List.of(graph.stateAfter("T2"), graph.stateAfter("T3"),
                graph.stateAfter("PA2"), graph.stateAfter("T4"));
        Map<StateKey, String> expected = StateResolution.resolve(version, stateSets, room.source(), TestRooms.AUTH);
        assertThat(expected).isNotEqualTo(stateSets.get(0));

        Random random = new Random(20240612L);
        for (int round = 0; round < 25; round++) {
            List<Map<StateKey, String>> shuffled = new ArrayList<>();
            for (Map<StateKey, String> set : stateSets) shuffled.add(shuffledMap(set, random));
            Collections.shuffle(shuffled, random);
            List<Pdu> events = new ArrayList<>(room.events());
            Collections.shuffle(events, random);

            Map<StateKey, String> actual = StateResolution.resolve(version, shuffled, EventSource.of(events), TestRooms.AUTH);

            assertThat(room.named(actual)).as("round %d", round).isEqualTo(room.named(expected));
        }
    }

    private static Map<StateKey, String> shuffledMap(Map<StateKey, String> map, Random random) {
        List<Map.Entry<StateKey, String>> entries = new ArrayList<>(map.entrySet());
        Collections.shuffle(entries, random);
        Map<StateKey, String> shuffled = new LinkedHashMap<>();
        entries.forEach(e -> shuffled.put(e.getKey(), e.getValue()));
        return shuffled;
    }
}
