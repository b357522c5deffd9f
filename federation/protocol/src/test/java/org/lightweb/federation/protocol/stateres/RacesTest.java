package org.lightweb.federation.protocol.stateres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.federation.protocol.stateres.RoomGraph.member;
import static org.lightweb.federation.protocol.stateres.RoomGraph.powerLevels;
import static org.lightweb.federation.protocol.stateres.RoomGraph.topic;
import static org.lightweb.federation.protocol.stateres.TestRoom.ALICE;
import static org.lightweb.federation.protocol.stateres.TestRoom.BOB;
import static org.lightweb.federation.protocol.stateres.TestRoom.CHARLIE;
import static org.lightweb.federation.protocol.stateres.TestRoom.ZARA;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.StateKey;

/** Power level and membership races on top of the Synapse harness's room, each asserting the whole state at END. */
class RacesTest {

    private static void assertStateAtEnd(RoomGraph graph, String... expected) {
        TestRoom room = graph.room();
        assertThat(room.named(graph.stateAfter("END"))).isEqualTo(room.named(graph.startWith(expected)));
    }

    /** Bob, a moderator, kicks Charlie while Alice demotes Bob: the demotion sorts first and the kick fails. */
    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void resolveShouldRejectTheKickWhenTheKickerIsDemotedConcurrently(RoomVersion version) {
        RoomGraph graph = RoomGraph.build(version, List.of(
                powerLevels("PA", ALICE, Map.of(ALICE, 100, BOB, 50)),
                member("KC", BOB, CHARLIE, "leave"),
                powerLevels("PB", ALICE, Map.of(ALICE, 100, BOB, 0))),
                List.of(List.of("END", "KC", "PA", "START"), List.of("END", "PB", "PA")));
        assertStateAtEnd(graph, "PB");
    }

    /** Bob promotes Charlie while Alice demotes Bob: Bob's change is checked against the demotion and fails. */
    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void resolveShouldRejectThePromotionWhenThePromoterIsDemotedConcurrently(RoomVersion version) {
        RoomGraph graph = RoomGraph.build(version, List.of(
                powerLevels("PA", ALICE, Map.of(ALICE, 100, BOB, 50)),
                powerLevels("PD", ALICE, Map.of(ALICE, 100, BOB, 0)),
                powerLevels("PP", BOB, Map.of(ALICE, 100, BOB, 50, CHARLIE, 50))),
                List.of(List.of("END", "PD", "PA", "START"), List.of("END", "PP", "PA")));
        assertStateAtEnd(graph, "PD");
    }

    /**
     * Alice and Bob, both at 100 before v12, change the power levels concurrently: equal power, so the earlier (PX)
     * is applied first and the later (PY) over it. In v12 Alice, the creator, is above Bob and also goes first.
     */
    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void resolveShouldApplyTheLaterPowerLevelsWhenTwoAdminsRace(RoomVersion version) {
        RoomGraph graph = RoomGraph.build(version, List.of(
                powerLevels("PA", ALICE, Map.of(ALICE, 100, BOB, 100)),
                powerLevels("PX", ALICE, Map.of(ALICE, 100, BOB, 100, CHARLIE, 50)),
                powerLevels("PY", BOB, Map.of(ALICE, 100, BOB, 100, ZARA, 50))),
                List.of(List.of("END", "PX", "PA", "START"), List.of("END", "PY", "PA")));
        assertStateAtEnd(graph, "PY");
    }

    /** Zara leaves while Alice bans her: the ban is a power event and goes first; leaving while banned fails. */
    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void resolveShouldKeepTheBanWhenTheBannedUserLeavesConcurrently(RoomVersion version) {
        RoomGraph graph = RoomGraph.build(version, List.of(
                member("LZ", ZARA, ZARA, "leave"),
                member("MZ", ALICE, ZARA, "ban")),
                List.of(List.of("END", "LZ", "START"), List.of("END", "MZ", "START")));
        assertStateAtEnd(graph, "MZ");
    }

    /**
     * Bob, a moderator, sets the topic (T1) and leaves (BL). Then Charlie sets the topic (T2) while Alice demotes
     * Charlie (PB). Both forks agree that Bob left. v2 checks T1 against the unconflicted state, where Bob is gone,
     * and T2 against PB, where Charlie is powerless: the topic vanishes. v2.1 checks T1 from an empty state, falling
     * back to T1's auth events, where Bob is joined: T1 stays.
     */
    private static RoomGraph topicOfADepartedModerator(RoomVersion version) {
        return RoomGraph.build(version, List.of(
                powerLevels("PA", ALICE, Map.of(ALICE, 100, BOB, 50, CHARLIE, 50)),
                topic("T1", BOB),
                member("BL", BOB, BOB, "leave"),
                topic("T2", CHARLIE),
                powerLevels("PB", ALICE, Map.of(ALICE, 100, BOB, 50, CHARLIE, 0))),
                List.of(List.of("END", "T2", "BL", "T1", "PA", "START"), List.of("END", "PB", "BL")));
    }

    @ParameterizedTest
    @EnumSource(value = RoomVersion.class, names = {"V10", "V11"})
    void resolveShouldResetTheTopicWhenItsSetterLeftBeforeTheForkInV2(RoomVersion version) {
        RoomGraph graph = topicOfADepartedModerator(version);
        assertThat(graph.stateAfter("T2")).containsEntry(StateKey.of(RoomGraph.TOPIC, ""), graph.room().id("T2"));
        assertThat(graph.stateAfter("PB")).containsEntry(StateKey.of(RoomGraph.TOPIC, ""), graph.room().id("T1"));
        assertStateAtEnd(graph, "BL", "PB");
        assertThat(graph.stateAfter("END")).doesNotContainKey(StateKey.of(RoomGraph.TOPIC, ""));
    }

    @Test
    void resolveShouldKeepTheTopicWhenItsSetterLeftBeforeTheForkInV21() {
        assertStateAtEnd(topicOfADepartedModerator(RoomVersion.V12), "BL", "PB", "T1");
    }
}
