package org.lightweb.federation.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lightweb.federation.protocol.auth.AuthAssertions.assertAllowedBy;
import static org.lightweb.federation.protocol.auth.AuthAssertions.assertRejectedBy;
import static org.lightweb.federation.protocol.auth.AuthAssertions.rule;
import static org.lightweb.federation.protocol.auth.TestRoom.ALICE;
import static org.lightweb.federation.protocol.auth.TestRoom.BOB;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.StateKey;

/** Rule 2 (v12) and rule 3 (v10/v11: rule 2): the event's own auth events. */
class AuthEventRulesTest {
    private static Pdu pl(TestRoom room) { return room.stateOf(StateKey.powerLevels()).orElseThrow(); }

    private static Pdu aliceJoin(TestRoom room) { return room.stateOf(StateKey.member(ALICE)).orElseThrow(); }

    /** The auth events a message from Alice selects, plus {@code extra}, in this order. */
    private static Pdu[] messageAuth(TestRoom room, Pdu... extra) {
        List<Pdu> out = new ArrayList<>();
        if (room.version().createEventInAuthEvents()) out.add(room.create());
        out.add(pl(room));
        out.add(aliceJoin(room));
        out.addAll(List.of(extra));
        return out.toArray(Pdu[]::new);
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void messageShouldBeAllowedWhenAuthEventsAreTheSelectedOnes(RoomVersion v) {
        TestRoom room = TestRoom.standard(v);
        assertAllowedBy(room.check(room.message(ALICE).authEvents(messageAuth(room)).build()), rule(v, "11", "10"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void messageShouldBeAllowedWhenCheckedAgainstItsOwnAuthEvents(RoomVersion v) {
        TestRoom room = TestRoom.standard(v);
        Pdu message = room.message(ALICE).build();
        Optional<Pdu> roomCreate = v.roomIdIsCreateEventId() ? Optional.of(room.create()) : Optional.empty();
        AuthState fromAuthEvents = AuthState.fromAuthEvents(roomCreate, room.authEventsOf(message), Set.of());
        assertAllowedBy(new AuthRules(room.signatures()).check(message, fromAuthEvents, v), rule(v, "11", "10"));
    }

    @Test
    void eventShouldBeRejectedWhenRoomIdIsNotTheCreateEventsIdInV12() {  // 2
        TestRoom room = TestRoom.standard(RoomVersion.V12);
        Pdu elsewhere = room.message(ALICE).tweak(json -> json.put("room_id", "!notTheCreateEvent")).build();
        assertRejectedBy(room.check(elsewhere), "2");
    }

    @Test
    void eventShouldBeRejectedWhenTheCreateEventWasRejectedInV12() {  // 2
        TestRoom room = TestRoom.standard(RoomVersion.V12);
        Pdu message = room.message(ALICE).build();
        room.markRejected(room.create());
        assertRejectedBy(room.check(message), "2");
    }

    @Test
    void eventShouldBeRejectedWhenNoCreateEventIsGivenInV12() {  // 2
        TestRoom room = TestRoom.standard(RoomVersion.V12);
        Pdu message = room.message(ALICE).build();
        AuthState noCreate = AuthState.fromAuthEvents(Optional.empty(), room.authEventsOf(message), Set.of());
        assertRejectedBy(new AuthRules(room.signatures()).check(message, noCreate, RoomVersion.V12), "2");
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void eventShouldBeRejectedWhenAuthEventsHaveDuplicateTypeAndStateKey(RoomVersion v) {  // 3.1
        TestRoom room = TestRoom.standard(v);
        Pdu firstLevels = pl(room);
        room.send(room.event(ALICE, StateKey.POWER_LEVELS, "").content(room.powerLevels(BOB, 10)));
        Pdu message = room.message(ALICE).authEvents(messageAuth(room, firstLevels)).build();
        assertRejectedBy(room.check(message), rule(v, "3.1", "2.1"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void eventShouldBeRejectedWhenAnAuthEventIsNotSelected(RoomVersion v) {  // 3.2
        TestRoom room = TestRoom.standard(v);
        Pdu joinRules = room.stateOf(StateKey.joinRules()).orElseThrow();
        Pdu message = room.message(ALICE).authEvents(messageAuth(room, joinRules)).build();
        assertRejectedBy(room.check(message), rule(v, "3.2", "2.2"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void eventShouldBeRejectedWhenAnAuthEventIsNotAStateEvent(RoomVersion v) {  // 3.2
        TestRoom room = TestRoom.standard(v);
        Pdu earlier = room.add(room.message(ALICE).build());
        Pdu message = room.message(ALICE).authEvents(messageAuth(room, earlier)).build();
        assertRejectedBy(room.check(message), rule(v, "3.2", "2.2"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void joinShouldBeAllowedWhenJoinRulesAndTargetMemberAreAmongAuthEvents(RoomVersion v) {  // 3.2
        TestRoom room = TestRoom.standard(v);
        room.send(room.member(ALICE, BOB, "invite"));
        Pdu join = room.member(BOB, BOB, "join").build();
        assertThat(room.authEventsOf(join)).contains(
                room.stateOf(StateKey.joinRules()).orElseThrow(), room.stateOf(StateKey.member(BOB)).orElseThrow());
        assertAllowedBy(room.check(join), rule(v, "5.3.4", "4.3.4"));
    }

    @Test
    void eventShouldBeRejectedWhenTheCreateEventIsAmongAuthEventsInV12() {  // 3.2 (v12)
        TestRoom room = TestRoom.standard(RoomVersion.V12);
        Pdu message = room.message(ALICE).authEvents(messageAuth(room, room.create())).build();
        assertRejectedBy(room.check(message), "3.2");
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void eventShouldBeRejectedWhenAnAuthEventWasRejected(RoomVersion v) {  // 3.3
        TestRoom room = TestRoom.standard(v);
        Pdu message = room.message(ALICE).build();
        room.markRejected(pl(room));
        assertRejectedBy(room.check(message), rule(v, "3.3", "2.3"));
    }

    @ParameterizedTest
    @EnumSource(value = RoomVersion.class, names = {"V10", "V11"})
    void eventShouldBeRejectedWhenNoCreateEventIsAmongAuthEventsBeforeV12(RoomVersion v) {  // 2.4 (v10/v11)
        TestRoom room = TestRoom.standard(v);
        Pdu message = room.message(ALICE).authEvents(pl(room), aliceJoin(room)).build();
        assertRejectedBy(room.check(message), "2.4");
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void eventShouldBeRejectedWhenAnAuthEventIsFromAnotherRoom(RoomVersion v) {  // 3.4 (v10/v11: 2.5)
        TestRoom room = TestRoom.standard(v);
        TestRoom other = TestRoom.other(v);
        Pdu foreignLevels = room.remember(other.stateOf(StateKey.powerLevels()).orElseThrow());
        List<Pdu> auth = new ArrayList<>(List.of(messageAuth(room)));
        auth.set(auth.indexOf(pl(room)), foreignLevels);
        Pdu message = room.message(ALICE).authEvents(auth.toArray(Pdu[]::new)).build();
        assertRejectedBy(room.check(message), rule(v, "3.4", "2.5"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void checkAgainstStateShouldNotReadAuthEventsWhenTheyWereCheckedBefore(RoomVersion v) {
        TestRoom room = TestRoom.standard(v);
        Pdu duplicated = room.message(ALICE).authEvents(messageAuth(room, pl(room))).build();
        AuthRules rules = new AuthRules(room.signatures());
        assertRejectedBy(rules.check(duplicated, room.stateFor(duplicated), v), rule(v, "3.1", "2.1"));
        AuthState stateOnly = AuthState.of(room.create(), room.state(), List.of(), Set.of());
        assertAllowedBy(rules.checkAgainstState(duplicated, stateOnly, v), rule(v, "11", "10"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void checkAgainstStateShouldRejectWhenThereIsNoCreateEvent(RoomVersion v) {
        TestRoom room = TestRoom.standard(v);
        Pdu message = room.message(ALICE).build();
        AuthState noCreate = AuthState.fromAuthEvents(Optional.empty(), List.of(pl(room), aliceJoin(room)), Set.of());
        assertRejectedBy(new AuthRules(room.signatures()).checkAgainstState(message, noCreate, v), rule(v, "2", "2.4"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void checkShouldFailWhenAnAuthEventWasNotGiven(RoomVersion v) {
        TestRoom room = TestRoom.standard(v);
        Pdu message = room.message(ALICE).build();
        AuthState missing = AuthState.of(room.create(), room.state(), List.of(), Set.of());
        assertThatThrownBy(() -> new AuthRules(room.signatures()).check(message, missing, v))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was not given");
    }
}
