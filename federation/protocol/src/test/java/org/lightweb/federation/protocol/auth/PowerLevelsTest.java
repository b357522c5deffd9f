package org.lightweb.federation.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.federation.protocol.auth.TestRoom.ALICE;
import static org.lightweb.federation.protocol.auth.TestRoom.BOB;
import static org.lightweb.federation.protocol.auth.TestRoom.CAROL;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.StateKey;

/** The power level helpers: user levels, required levels, named levels, and their defaults. */
class PowerLevelsTest {
    private static Pdu levels(TestRoom room, String content) {
        return room.event(ALICE, StateKey.POWER_LEVELS, "").content(content).build();
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void userLevelShouldComeFromUsersThenUsersDefaultThenZero(RoomVersion v) {
        TestRoom room = TestRoom.created(v);
        PowerLevels withDefault = PowerLevels.of(Optional.of(levels(room,
                "{\"users\": {\"" + BOB + "\": 42}, \"users_default\": 7}")), Optional.of(room.create()), v);
        assertThat(withDefault.user(BOB)).isEqualTo(42);
        assertThat(withDefault.user(CAROL)).isEqualTo(7);
        PowerLevels noDefault = PowerLevels.of(Optional.of(levels(room, "{\"users\": {}}")), Optional.of(room.create()), v);
        assertThat(noDefault.user(CAROL)).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = RoomVersion.class, names = {"V10", "V11"})
    void creatorShouldHave100AndOthersZeroWhenThereIsNoPowerLevelsEventBeforeV12(RoomVersion v) {
        TestRoom room = TestRoom.created(v);
        PowerLevels none = PowerLevels.of(Optional.empty(), Optional.of(room.create()), v);
        assertThat(none.exist()).isFalse();
        assertThat(none.user(ALICE)).isEqualTo(100);
        assertThat(none.user(BOB)).isZero();
        PowerLevels some = PowerLevels.of(Optional.of(levels(room, "{}")), Optional.of(room.create()), v);
        assertThat(some.user(ALICE)).isZero();  // the 100 holds only while there is no power levels event
    }

    @Test
    void creatorShouldBeContentCreatorInV10AndTheSenderInV11() {
        TestRoom v10 = TestRoom.created(RoomVersion.V10, TestRoom.JSON.objectNode().put("creator", BOB));
        assertThat(PowerLevels.of(Optional.empty(), Optional.of(v10.create()), RoomVersion.V10).user(BOB)).isEqualTo(100);
        assertThat(PowerLevels.of(Optional.empty(), Optional.of(v10.create()), RoomVersion.V10).user(ALICE)).isZero();
        TestRoom v11 = TestRoom.created(RoomVersion.V11, TestRoom.JSON.objectNode().put("creator", BOB));
        assertThat(PowerLevels.of(Optional.empty(), Optional.of(v11.create()), RoomVersion.V11).user(ALICE)).isEqualTo(100);
        assertThat(PowerLevels.of(Optional.empty(), Optional.of(v11.create()), RoomVersion.V11).user(BOB)).isZero();
    }

    @Test
    void creatorsShouldHaveInfinitePowerWithOrWithoutPowerLevelsInV12() {
        TestRoom room = TestRoom.created(RoomVersion.V12, TestRoom.JSON.objectNode()
                .set("additional_creators", TestRoom.JSON.arrayNode().add(BOB)));
        PowerLevels none = PowerLevels.of(Optional.empty(), Optional.of(room.create()), RoomVersion.V12);
        assertThat(none.user(ALICE)).isEqualTo(PowerLevels.INFINITE);
        assertThat(none.user(BOB)).isEqualTo(PowerLevels.INFINITE);
        assertThat(none.user(CAROL)).isZero();
        PowerLevels some = PowerLevels.of(Optional.of(levels(room, "{\"users_default\": 10}")), Optional.of(room.create()),
                RoomVersion.V12);
        assertThat(some.user(ALICE)).isEqualTo(PowerLevels.INFINITE);
        assertThat(some.user(CAROL)).isEqualTo(10);
    }

    @ParameterizedTest
    @EnumSource(value = RoomVersion.class, names = {"V10", "V11"})
    void additionalCreatorsShouldHaveNoPowerBeforeV12(RoomVersion v) {
        TestRoom room = TestRoom.created(v, TestRoom.JSON.objectNode()
                .set("additional_creators", TestRoom.JSON.arrayNode().add(BOB)));
        assertThat(PowerLevels.of(Optional.empty(), Optional.of(room.create()), v).user(BOB)).isZero();
        assertThat(Creators.all(room.create(), v)).containsExactly(ALICE);
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void requiredLevelShouldComeFromEventsThenStateOrEventsDefault(RoomVersion v) {
        TestRoom room = TestRoom.created(v);
        PowerLevels set = PowerLevels.of(Optional.of(levels(room,
                "{\"events\": {\"m.room.name\": 30}, \"state_default\": 40, \"events_default\": 5}")), Optional.of(room.create()), v);
        assertThat(set.required("m.room.name", true)).isEqualTo(30);
        assertThat(set.required("m.room.name", false)).isEqualTo(30);
        assertThat(set.required("m.room.topic", true)).isEqualTo(40);
        assertThat(set.required("m.room.message", false)).isEqualTo(5);
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void levelsShouldTakeTheSpecDefaultsWhenAbsent(RoomVersion v) {
        TestRoom room = TestRoom.created(v);
        for (Optional<Pdu> event : java.util.List.of(Optional.<Pdu>empty(), Optional.of(levels(room, "{}")))) {
            PowerLevels p = PowerLevels.of(event, Optional.of(room.create()), v);
            assertThat(p.required("m.room.topic", true)).isEqualTo(50);
            assertThat(p.required("m.room.message", false)).isZero();
            assertThat(p.invite()).isZero();
            assertThat(p.kick()).isEqualTo(50);
            assertThat(p.ban()).isEqualTo(50);
            assertThat(p.redact()).isEqualTo(50);
        }
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void namedLevelsShouldComeFromTheEventWhenSet(RoomVersion v) {
        TestRoom room = TestRoom.created(v);
        PowerLevels p = PowerLevels.of(Optional.of(levels(room, "{\"invite\": 1, \"kick\": 2, \"ban\": 3, \"redact\": 4}")),
                Optional.of(room.create()), v);
        assertThat(new long[] {p.invite(), p.kick(), p.ban(), p.redact()}).containsExactly(1, 2, 3, 4);
    }
}
