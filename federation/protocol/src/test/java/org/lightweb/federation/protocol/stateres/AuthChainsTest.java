package org.lightweb.federation.protocol.stateres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.federation.protocol.stateres.TestRoom.ALICE;
import static org.lightweb.federation.protocol.stateres.TestRoom.BOB;
import static org.lightweb.federation.protocol.stateres.TestRoom.content;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.StateKey;

/** Auth chains, the auth difference and the v12 conflicted state subgraph. */
class AuthChainsTest {

    /** CREATE <- A <- B <- C, as in Synapse's AuthChainDifferenceTestCase.test_simple. */
    private static TestRoom chain(RoomVersion version) {
        TestRoom room = new TestRoom(version);
        room.add("CREATE", ALICE, StateKey.CREATE, "", content(), List.of(), List.of(), 1);
        room.add("A", ALICE, "a", "", content(), List.of("CREATE"), List.of("CREATE"), 2);
        room.add("B", ALICE, "b", "", content(), List.of("A"), List.of("CREATE", "A"), 3);
        room.add("C", ALICE, "c", "", content(), List.of("B"), List.of("CREATE", "B"), 4);
        return room;
    }

    private static Set<String> names(TestRoom room, Set<String> ids) {
        return ids.stream().map(room::name).collect(Collectors.toSet());
    }

    @Test
    void authChainShouldHoldEveryEventReachableThroughAuthEventsButNotTheStartingOnes() {
        TestRoom room = chain(RoomVersion.V11);
        EventGraph graph = EventGraph.of(room.source(), RoomVersion.V11, room.id("C"));

        assertThat(names(room, graph.authChain(List.of(room.id("C"))))).containsExactlyInAnyOrder("B", "A", "CREATE");
    }

    @Test
    void authDifferenceShouldCountTheStateSetsOwnEventsWhenTheyAreCitedElsewhere() {
        TestRoom room = chain(RoomVersion.V11);
        EventGraph graph = EventGraph.of(room.source(), RoomVersion.V11, room.id("C"));
        List<Map<StateKey, String>> stateSets = List.of(room.state("A", "B"), room.state("C"));

        assertThat(names(room, AuthDifference.of(stateSets, graph))).containsExactly("C");
    }

    /**
     * P0 <- P1 <- P2 <- P3 are power levels events; P2 also cites M, which cites IMA. With P0 and P2 conflicted, the
     * only path between them is P2 -> P1 -> P0: M and IMA reach no conflicted event, P3 is not reached from one.
     */
    @Test
    void conflictedSubgraphShouldHoldThePathsBetweenConflictedEventsAndNothingElse() {
        TestRoom room = new TestRoom(RoomVersion.V12);
        room.add("CREATE", ALICE, StateKey.CREATE, "", content(), List.of(), List.of(), 1);
        room.add("IMA", ALICE, StateKey.MEMBER, ALICE, content("membership", "join"), List.of("CREATE"), List.of(), 2);
        room.add("P0", ALICE, StateKey.POWER_LEVELS, "", content(), List.of("IMA"), List.of("IMA"), 3);
        room.add("M", BOB, StateKey.MEMBER, BOB, content("membership", "join"), List.of("P0"), List.of("IMA"), 4);
        room.add("P1", ALICE, StateKey.POWER_LEVELS, "", content("users", Map.of(BOB, 10)), List.of("M"), List.of("P0", "IMA"), 5);
        room.add("P2", ALICE, StateKey.POWER_LEVELS, "", content("users", Map.of(BOB, 20)), List.of("P1"), List.of("P1", "IMA", "M"), 6);
        room.add("P3", ALICE, StateKey.POWER_LEVELS, "", content("users", Map.of(BOB, 30)), List.of("P2"), List.of("P2", "IMA"), 7);
        EventGraph graph = EventGraph.of(room.source(), RoomVersion.V12, room.id("P0"));

        Set<String> subgraph = FullConflictedSet.conflictedSubgraph(Set.of(room.id("P0"), room.id("P2")), graph);

        assertThat(names(room, subgraph)).containsExactlyInAnyOrder("P0", "P1", "P2");
    }
}
