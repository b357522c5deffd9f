package org.lightweb.federation.protocol.auth;

import static org.lightweb.federation.protocol.auth.AuthAssertions.assertAllowedBy;
import static org.lightweb.federation.protocol.auth.AuthAssertions.assertRejectedBy;
import static org.lightweb.federation.protocol.auth.AuthAssertions.rule;
import static org.lightweb.federation.protocol.auth.TestRoom.ALICE;
import static org.lightweb.federation.protocol.auth.TestRoom.BOB;
import static org.lightweb.federation.protocol.auth.TestRoom.DAVE;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lightweb.federation.protocol.CanonicalJson;
import org.lightweb.federation.protocol.RoomVersion;

/** Rules 8 (required power level) and 9 (state keys naming users); v10/v11: 7 and 8. */
class SendLevelRulesTest {
    private static String eight(RoomVersion v) { return rule(v, "8", "7"); }

    private static String nine(RoomVersion v) { return rule(v, "9", "8"); }

    private static String allowed(RoomVersion v) { return rule(v, "11", "10"); }

    /** The standard room with Bob joined at 0, Dave joined at 50, and {@code extra} merged into the power levels. */
    private static TestRoom room(RoomVersion v, String extra) {
        TestRoom room = TestRoom.standard(v);
        ObjectNode levels = room.powerLevels(DAVE, 50);
        levels.setAll((ObjectNode) CanonicalJson.parse(extra));
        room.setPowerLevels(levels);
        room.forceMembership(BOB, "join");
        room.forceMembership(DAVE, "join");
        return room;
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void messageShouldBeRejectedWhenItsTypesLevelIsAboveTheSender(RoomVersion v) {  // 8
        TestRoom room = room(v, "{\"events\": {\"m.room.message\": 50}}");
        assertRejectedBy(room.check(room.message(BOB).build()), eight(v));
        TestRoom byDefault = room(v, "{\"events_default\": 1}");
        assertRejectedBy(byDefault.check(byDefault.message(BOB).build()), eight(v));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void messageShouldBeAllowedWhenSenderReachesItsTypesLevel(RoomVersion v) {  // 8
        TestRoom room = room(v, "{\"events\": {\"m.room.message\": 50}, \"events_default\": 100}");
        assertAllowedBy(room.check(room.message(DAVE).build()), allowed(v));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void stateEventShouldBeRejectedWhenStateDefaultIsAboveTheSender(RoomVersion v) {  // 8
        TestRoom room = room(v, "{}");  // state_default 50 by default
        assertRejectedBy(room.check(room.event(BOB, "m.room.topic", "").content("{\"topic\": \"t\"}").build()), eight(v));
        assertAllowedBy(room.check(room.event(DAVE, "m.room.topic", "").content("{\"topic\": \"t\"}").build()), allowed(v));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void eventsShouldUseTheDefaultLevelsWhenThereIsNoPowerLevelsEvent(RoomVersion v) {  // 8
        TestRoom room = TestRoom.created(v);
        room.send(room.member(ALICE, ALICE, "join"));
        room.forceMembership(BOB, "join");
        assertRejectedBy(room.check(room.event(BOB, "m.room.topic", "").content("{\"topic\": \"t\"}").build()), eight(v));
        assertAllowedBy(room.check(room.message(BOB).build()), allowed(v));
        assertAllowedBy(room.check(room.event(ALICE, "m.room.topic", "").content("{\"topic\": \"t\"}").build()), allowed(v));
    }

    @Test
    void stateEventShouldBeAllowedWhenSenderIsACreatorWhateverTheLevelInV12() {  // 8, infinite power
        TestRoom room = room(RoomVersion.V12, "{\"events\": {\"m.room.tombstone\": 9007199254740991}}");
        assertAllowedBy(room.check(room.event(ALICE, "m.room.tombstone", "").content("{\"body\": \"gone\"}").build()), "11");
    }

    @ParameterizedTest
    @EnumSource(value = RoomVersion.class, names = {"V10", "V11"})
    void stateEventShouldBeRejectedWhenItsLevelIsAboveTheCreatorBeforeV12(RoomVersion v) {  // 8, creator at 100
        TestRoom room = TestRoom.standard(v);
        room.forcePowerLevels((ObjectNode) room.powerLevels().set("events", CanonicalJson.parse("{\"m.room.tombstone\": 101}")));
        assertRejectedBy(room.check(room.event(ALICE, "m.room.tombstone", "").content("{\"body\": \"gone\"}").build()), "7");
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void stateEventShouldBeRejectedWhenItsStateKeyIsAnotherUsersId(RoomVersion v) {  // 9
        TestRoom room = room(v, "{\"state_default\": 0}");
        assertRejectedBy(room.check(room.event(BOB, "m.custom", ALICE).build()), nine(v));
        assertRejectedBy(room.check(room.event(ALICE, "m.custom", "@bob").build()), nine(v));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void stateEventShouldBeAllowedWhenItsStateKeyIsTheSendersIdOrNoUserId(RoomVersion v) {  // 9
        TestRoom room = room(v, "{\"state_default\": 0}");
        assertAllowedBy(room.check(room.event(BOB, "m.custom", BOB).build()), allowed(v));
        assertAllowedBy(room.check(room.event(BOB, "m.custom", "bob").build()), allowed(v));
        assertAllowedBy(room.check(room.event(BOB, "m.custom", "").build()), allowed(v));
    }
}
