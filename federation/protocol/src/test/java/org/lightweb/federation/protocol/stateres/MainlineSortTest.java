package org.lightweb.federation.protocol.stateres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.federation.protocol.stateres.TestRoom.ALICE;
import static org.lightweb.federation.protocol.stateres.TestRoom.BOB;
import static org.lightweb.federation.protocol.stateres.TestRoom.content;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.StateKey;

/** The mainline of P2 is [P2, P1, P0]; Q is a power levels event off the mainline, based on P0. */
class MainlineSortTest {
    private TestRoom room;
    private EventGraph graph;

    @BeforeEach
    void buildRoom() {
        room = new TestRoom(RoomVersion.V11);
        room.add("CREATE", ALICE, StateKey.CREATE, "", content(), List.of(), List.of(), 1);
        room.add("IMA", ALICE, StateKey.MEMBER, ALICE, content("membership", "join"), List.of("CREATE"), List.of("CREATE"), 2);
        powerLevels("P0", 3, "CREATE", "IMA");
        powerLevels("P1", 4, "CREATE", "IMA", "P0");
        powerLevels("P2", 5, "CREATE", "IMA", "P1");
        powerLevels("Q", 6, "CREATE", "IMA", "P0");
        topic("NONE", 50, "CREATE", "IMA");
        topic("ON_P0", 40, "CREATE", "IMA", "P0");
        topic("ON_Q", 30, "CREATE", "IMA", "Q");
        topic("ON_P1", 20, "CREATE", "IMA", "P1");
        topic("ON_P2", 10, "CREATE", "IMA", "P2");
        graph = EventGraph.of(room.source(), RoomVersion.V11, room.id("P2"));
    }

    private void powerLevels(String name, long ts, String... auth) {
        room.add(name, ALICE, StateKey.POWER_LEVELS, "", content("users", Map.of(ALICE, 100, BOB, (int) ts)), List.of("IMA"), List.of(auth), ts);
    }

    private void topic(String name, long ts, String... auth) {
        room.add(name, ALICE, "m.room.topic", name, content("topic", name), List.of("IMA"), List.of(auth), ts);
    }

    private List<String> sort(Optional<String> powerLevels, String... names) {
        return MainlineSort.sort(List.of(names).stream().map(room::id).toList(), powerLevels.map(room::id), graph)
                .stream().map(room::name).toList();
    }

    @Test
    void positionShouldBeTheIndexOfTheFirstMainlineEventInThePowerLevelsChain() {
        Map<String, Integer> mainline = MainlineSort.mainline(Optional.of(room.id("P2")), graph);

        assertThat(MainlineSort.position(room.pdu("ON_P2"), mainline, graph)).isZero();
        assertThat(MainlineSort.position(room.pdu("ON_P1"), mainline, graph)).isEqualTo(1);
        assertThat(MainlineSort.position(room.pdu("ON_Q"), mainline, graph)).isEqualTo(2);
        assertThat(MainlineSort.position(room.pdu("P1"), mainline, graph)).isEqualTo(2);
        assertThat(MainlineSort.position(room.pdu("NONE"), mainline, graph)).isEqualTo(MainlineSort.INFINITY);
    }

    @Test
    void sortShouldPutEventsBasedOnEarlierPowerLevelsFirstThenOrderByTimestamp() {
        assertThat(sort(Optional.of("P2"), "ON_P2", "ON_P1", "ON_P0", "NONE", "ON_Q"))
                .containsExactly("NONE", "ON_Q", "ON_P0", "ON_P1", "ON_P2");
    }

    @Test
    void sortShouldOrderByTimestampWhenThereIsNoResolvedPowerLevelsEvent() {
        assertThat(sort(Optional.empty(), "NONE", "ON_P0", "ON_Q", "ON_P1", "ON_P2"))
                .containsExactly("ON_P2", "ON_P1", "ON_Q", "ON_P0", "NONE");
    }

    @Test
    void sortShouldOrderByEventIdWhenPositionAndTimestampAreEqual() {
        topic("X", 60, "CREATE", "IMA", "P1");
        topic("Y", 60, "CREATE", "IMA", "P1");
        graph = EventGraph.of(room.source(), RoomVersion.V11, room.id("P2"));
        List<String> byId = List.of("X", "Y").stream().sorted((a, b) -> room.id(a).compareTo(room.id(b))).toList();

        assertThat(sort(Optional.of("P2"), "Y", "X")).isEqualTo(byId);
    }
}
