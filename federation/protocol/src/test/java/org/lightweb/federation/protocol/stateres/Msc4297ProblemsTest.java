package org.lightweb.federation.protocol.stateres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.federation.protocol.stateres.TestRoom.ALICE;
import static org.lightweb.federation.protocol.stateres.TestRoom.BOB;
import static org.lightweb.federation.protocol.stateres.TestRoom.CHARLIE;
import static org.lightweb.federation.protocol.stateres.TestRoom.ZARA;
import static org.lightweb.federation.protocol.stateres.TestRoom.content;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.StateKey;

/**
 * The two state resets that state resolution v2.1 (room version 12, MSC4297) fixes, as ruma's state-res crate encodes
 * them (crates/ruma-state-res/tests/it/resolve/fixtures/MSC4297-problem-{A,B}), rebuilt as signed PDUs. Each is
 * resolved as a v11 room (v2) and as a v12 room (v2.1); the same events and state sets give different answers.
 */
class Msc4297ProblemsTest {
    private static final String EVE = "@eve:example.com";

    /** Events 00-* of both fixtures: Alice creates a public room, Bob and Charlie join. */
    private static TestRoom commonStart(RoomVersion version) {
        TestRoom room = new TestRoom(version);
        room.add("CREATE", ALICE, StateKey.CREATE, "", content(), List.of(), List.of(), 0);
        room.add("IMA", ALICE, StateKey.MEMBER, ALICE, content("membership", "join"), List.of("CREATE"), List.of("CREATE"), 1);
        room.add("PL00", ALICE, StateKey.POWER_LEVELS, "", content("users", Map.of(ALICE, 100)), List.of("IMA"), List.of("CREATE", "IMA"), 2);
        room.add("JR00", ALICE, StateKey.JOIN_RULES, "", content("join_rule", "public"), List.of("PL00"), List.of("CREATE", "IMA", "PL00"), 3);
        room.add("BJ00", BOB, StateKey.MEMBER, BOB, content("membership", "join"), List.of("JR00"), List.of("CREATE", "PL00", "JR00"), 4);
        room.add("CJ00", CHARLIE, StateKey.MEMBER, CHARLIE, content("membership", "join"), List.of("BJ00"), List.of("CREATE", "PL00", "JR00"), 5);
        return room;
    }

    /**
     * Problem A: Alice makes the room invite-only (JR01) and then leaves. Two servers hold states that agree she left
     * but disagree on the join rules. v2 checks both join rules events against the unconflicted state, in which
     * Alice has left, rejects both, and the join rules vanish from the room. v2.1 checks them from an empty state,
     * falling back to their auth events, in which Alice is joined: JR01 wins.
     */
    private static Map<StateKey, String> problemA(TestRoom room) {
        room.add("JR01", ALICE, StateKey.JOIN_RULES, "", content("join_rule", "invite"), List.of("CJ00"), List.of("CREATE", "PL00", "IMA"), 6);
        room.add("AL01", ALICE, StateKey.MEMBER, ALICE, content("membership", "leave"), List.of("JR01"), List.of("CREATE", "PL00", "IMA"), 7);
        room.add("BOB++", BOB, StateKey.MEMBER, BOB, content("membership", "join", "displayname", "bob++"), List.of("AL01"),
                List.of("CREATE", "PL00", "BJ00", "JR01"), 8);
        room.add("CHARLIE++", CHARLIE, StateKey.MEMBER, CHARLIE, content("membership", "join", "displayname", "charlie++"), List.of("AL01"),
                List.of("CREATE", "PL00", "CJ00", "JR01"), 9);
        Map<StateKey, String> resolved = StateResolution.resolve(room.version(), List.of(
                room.state("CREATE", "PL00", "CJ00", "JR01", "AL01", "BOB++"),
                room.state("CREATE", "PL00", "JR00", "BJ00", "AL01", "CHARLIE++")), room.source(), TestRooms.AUTH);
        return room.named(resolved);
    }

    @Test
    void resolveShouldLoseTheJoinRulesWhenTheirSenderLeftInV2() {
        TestRoom room = commonStart(RoomVersion.V11);
        assertThat(problemA(room)).isEqualTo(room.named(room.state("CREATE", "PL00", "AL01", "BOB++", "CHARLIE++")));
    }

    @Test
    void resolveShouldKeepTheLatestJoinRulesWhenTheirSenderLeftInV21() {
        TestRoom room = commonStart(RoomVersion.V12);
        assertThat(problemA(room)).isEqualTo(room.named(room.state("CREATE", "PL00", "JR01", "AL01", "BOB++", "CHARLIE++")));
    }

    /**
     * Problem B: Alice gives Bob 50 (PL01), Bob gives Charlie 50 (PL02); Zara and Eve join after PL02. Eve's server
     * was reset to PL00. Every auth chain holds PL01, so it is not in the auth difference and v2 never replays it:
     * PL02 is checked against PL00, where Bob has no power, and PL00 wins. PL01 lies on the auth path from PL02 to
     * PL00, both conflicted, so v2.1 replays it as part of the conflicted state subgraph and PL02 wins. (The fixture
     * gives EVE++ and Eve's join the same timestamp; EVE++ comes 1 ms later here so that the answer does not hang on
     * the event IDs.)
     */
    private static Map<StateKey, String> problemB(TestRoom room) {
        room.add("PL01", ALICE, StateKey.POWER_LEVELS, "", content("users", Map.of(ALICE, 100, BOB, 50)), List.of("CJ00"),
                List.of("CREATE", "PL00", "IMA"), 6);
        room.add("PL02", BOB, StateKey.POWER_LEVELS, "", content("users", Map.of(ALICE, 100, BOB, 50, CHARLIE, 50)), List.of("PL01"),
                List.of("CREATE", "PL01", "BJ00"), 7);
        room.add("ZJ00", ZARA, StateKey.MEMBER, ZARA, content("membership", "join"), List.of("PL02"), List.of("CREATE", "PL02", "JR00"), 8);
        room.add("EJ00", EVE, StateKey.MEMBER, EVE, content("membership", "join"), List.of("PL02"), List.of("CREATE", "PL02", "JR00"), 9);
        room.add("EVE++", EVE, StateKey.MEMBER, EVE, content("membership", "join", "displayname", "eve++"), List.of("EJ00"),
                List.of("CREATE", "PL02", "EJ00", "JR00"), 10);
        Map<StateKey, String> resolved = StateResolution.resolve(room.version(), List.of(
                room.state("CREATE", "IMA", "PL00", "JR00", "BJ00", "CJ00", "EVE++"),
                room.state("CREATE", "IMA", "JR00", "BJ00", "CJ00", "PL02", "ZJ00")), room.source(), TestRooms.AUTH);
        return room.named(resolved);
    }

    @Test
    void resolveShouldResetThePowerLevelsWhenTheIntermediateOneIsInEveryAuthChainInV2() {
        TestRoom room = commonStart(RoomVersion.V11);
        assertThat(problemB(room)).isEqualTo(room.named(room.state("CREATE", "IMA", "PL00", "JR00", "BJ00", "CJ00", "EVE++", "ZJ00")));
    }

    @Test
    void resolveShouldKeepTheLatestPowerLevelsWhenTheIntermediateOneIsInTheConflictedSubgraphInV21() {
        TestRoom room = commonStart(RoomVersion.V12);
        assertThat(problemB(room)).isEqualTo(room.named(room.state("CREATE", "IMA", "PL02", "JR00", "BJ00", "CJ00", "EVE++", "ZJ00")));
    }
}
