package org.lightweb.federation.protocol.stateres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.federation.protocol.stateres.RoomGraph.member;
import static org.lightweb.federation.protocol.stateres.RoomGraph.message;
import static org.lightweb.federation.protocol.stateres.RoomGraph.powerLevels;
import static org.lightweb.federation.protocol.stateres.RoomGraph.topic;
import static org.lightweb.federation.protocol.stateres.TestRoom.ALICE;
import static org.lightweb.federation.protocol.stateres.TestRoom.BOB;
import static org.lightweb.federation.protocol.stateres.TestRoom.CHARLIE;
import static org.lightweb.federation.protocol.stateres.TestRoom.EVELYN;
import static org.lightweb.federation.protocol.stateres.TestRoom.content;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.StateKey;

/**
 * The scenarios of Synapse's tests/state/test_v2.py {@code StateTestCase}, in every supported room version: each
 * builds a room that forks after START and merges at END, and asserts the whole state at END (the state at START
 * with the named events applied). The v2.1 changes do not alter these answers.
 */
class SynapseScenariosTest {

    private static void assertStateAtEnd(RoomGraph graph, String... expected) {
        TestRoom room = graph.room();
        assertThat(room.named(graph.stateAfter("END"))).isEqualTo(room.named(graph.startWith(expected)));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void resolveShouldKeepTheBanWhenTheBannedUserRacesWithAPowerLevelsEvent(RoomVersion version) {
        RoomGraph graph = RoomGraph.build(version, List.of(
                powerLevels("PA", ALICE, Map.of(ALICE, 100, BOB, 50)),
                member("MA", ALICE, ALICE, "join"),
                member("MB", ALICE, BOB, "ban"),
                powerLevels("PB", BOB, Map.of(ALICE, 100, BOB, 50))),
                List.of(List.of("END", "MB", "MA", "PA", "START"), List.of("END", "PB", "PA")));
        assertStateAtEnd(graph, "PA", "MA", "MB");
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void resolveShouldRejectTheJoinWhenTheJoinRulesChangedConcurrently(RoomVersion version) {
        RoomGraph graph = RoomGraph.build(version, List.of(
                new RoomGraph.Spec("JR", ALICE, StateKey.JOIN_RULES, "", content("join_rule", "invite")),
                member("ME", EVELYN, EVELYN, "join")),
                List.of(List.of("END", "JR", "START"), List.of("END", "ME", "START")));
        assertStateAtEnd(graph, "JR");
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void resolveShouldKeepTheLatestPowerLevelsWhenAnOlderOneIsOfftopic(RoomVersion version) {
        RoomGraph graph = RoomGraph.build(version, List.of(
                powerLevels("PA", ALICE, Map.of(ALICE, 100, BOB, 50)),
                powerLevels("PB", BOB, Map.of(ALICE, 100, BOB, 50, CHARLIE, 50)),
                powerLevels("PC", CHARLIE, Map.of(ALICE, 100, BOB, 50, CHARLIE, 0))),
                List.of(List.of("END", "PC", "PB", "PA", "START"), List.of("END", "PA")));
        assertStateAtEnd(graph, "PC");
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void resolveShouldKeepTheAdminsTopicWhenTheDemotedUsersTopicRaces(RoomVersion version) {
        RoomGraph graph = RoomGraph.build(version, List.of(
                topic("T1", ALICE),
                powerLevels("PA1", ALICE, Map.of(ALICE, 100, BOB, 50)),
                topic("T2", ALICE),
                powerLevels("PA2", ALICE, Map.of(ALICE, 100, BOB, 0)),
                powerLevels("PB", BOB, Map.of(ALICE, 100, BOB, 50)),
                topic("T3", BOB)),
                List.of(List.of("END", "PA2", "T2", "PA1", "T1", "START"), List.of("END", "T3", "PB", "PA1")));
        assertStateAtEnd(graph, "PA2", "T2");
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void resolveShouldNotResetTheTopicWhenTheSetterIsBannedConcurrently(RoomVersion version) {
        RoomGraph graph = RoomGraph.build(version, List.of(
                topic("T1", ALICE),
                powerLevels("PA", ALICE, Map.of(ALICE, 100, BOB, 50)),
                topic("T2", BOB),
                member("MB", ALICE, BOB, "ban")),
                List.of(List.of("END", "MB", "T2", "PA", "T1", "START"), List.of("END", "T1")));
        assertStateAtEnd(graph, "T1", "MB", "PA");
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void resolveShouldPickTheLaterTopicWhenAMessageMergedTheForks(RoomVersion version) {
        RoomGraph graph = RoomGraph.build(version, List.of(
                topic("T1", ALICE),
                powerLevels("PA1", ALICE, Map.of(ALICE, 100, BOB, 50)),
                topic("T2", ALICE),
                powerLevels("PA2", ALICE, Map.of(ALICE, 100, BOB, 0)),
                powerLevels("PB", BOB, Map.of(ALICE, 100, BOB, 50)),
                topic("T3", BOB),
                message("MZ1", TestRoom.ZARA),
                topic("T4", ALICE)),
                List.of(List.of("END", "T4", "MZ1", "PA2", "T2", "PA1", "T1", "START"), List.of("END", "MZ1", "T3", "PB", "PA1")));
        assertStateAtEnd(graph, "T4", "PA2");
    }

    /** Without the mainline ordering T4 would win, being sent after T3; T3 is based on the later power levels. */
    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void resolveShouldPreferTheTopicBasedOnTheLaterPowerLevelsWhenSortingByMainline(RoomVersion version) {
        RoomGraph graph = RoomGraph.build(version, List.of(
                topic("T1", ALICE),
                powerLevels("PA1", ALICE, Map.of(ALICE, 100, BOB, 50)),
                topic("T2", ALICE),
                new RoomGraph.Spec("PA2", ALICE, StateKey.POWER_LEVELS, "",
                        content("users", Map.of(ALICE, 100, BOB, 50), "events", Map.of(StateKey.POWER_LEVELS, 100))),
                powerLevels("PB", BOB, Map.of(ALICE, 100, BOB, 50)),
                topic("T3", BOB),
                topic("T4", ALICE)),
                List.of(List.of("END", "T3", "PA2", "T2", "PA1", "T1", "START"), List.of("END", "T4", "PB", "PA1")));
        assertStateAtEnd(graph, "T3", "PA2");
    }
}
