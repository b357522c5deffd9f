package org.lightweb.federation.protocol.stateres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.federation.protocol.stateres.TestRoom.ALICE;
import static org.lightweb.federation.protocol.stateres.TestRoom.BOB;
import static org.lightweb.federation.protocol.stateres.TestRoom.CHARLIE;
import static org.lightweb.federation.protocol.stateres.TestRoom.content;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.StateKey;

/** The sender's power level at an event, read from its auth events, for the reverse topological power ordering. */
class SenderPowerTest {

    private static TestRoom room(RoomVersion version, Object... createContent) {
        TestRoom room = new TestRoom(version);
        room.add("CREATE", ALICE, StateKey.CREATE, "", content(createContent), List.of(), List.of(), 1);
        room.add("IMA", ALICE, StateKey.MEMBER, ALICE, content("membership", "join"), List.of("CREATE"), List.of("CREATE"), 2);
        room.add("JR", ALICE, StateKey.JOIN_RULES, "", content("join_rule", "public"), List.of("IMA"), List.of("CREATE", "IMA"), 3);
        room.add("IMB", BOB, StateKey.MEMBER, BOB, content("membership", "join"), List.of("JR"), List.of("CREATE", "JR"), 4);
        return room;
    }

    private static long power(TestRoom room, String name) {
        EventGraph graph = EventGraph.of(room.source(), room.version(), room.id(name));
        return SenderPower.of(room.pdu(name), graph);
    }

    @ParameterizedTest
    @EnumSource(value = RoomVersion.class, names = {"V10", "V11"})
    void powerShouldBeAHundredForTheCreatorAndZeroForOthersWhenNoPowerLevelsAreCited(RoomVersion version) {
        TestRoom room = room(version);
        assertThat(power(room, "JR")).isEqualTo(100);
        assertThat(power(room, "IMB")).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = RoomVersion.class, names = {"V10", "V11"})
    void powerShouldComeFromTheCitedPowerLevelsWhenThereAreSome(RoomVersion version) {
        TestRoom room = room(version);
        room.add("PL", ALICE, StateKey.POWER_LEVELS, "", content("users", Map.of(ALICE, 100, BOB, 40), "users_default", 7),
                List.of("IMB"), List.of("CREATE", "IMA"), 5);
        room.add("T", BOB, "m.room.topic", "", content("topic", "t"), List.of("PL"), List.of("CREATE", "PL", "IMB"), 6);
        room.add("IMC", CHARLIE, StateKey.MEMBER, CHARLIE, content("membership", "join"), List.of("PL"), List.of("CREATE", "PL", "JR"), 7);

        assertThat(power(room, "T")).isEqualTo(40);
        assertThat(power(room, "IMC")).isEqualTo(7);
    }

    @Test
    void powerShouldBeInfiniteForEveryCreatorWhenTheRoomIsV12() {
        TestRoom room = room(RoomVersion.V12, "additional_creators", List.of(BOB));
        room.add("PL", ALICE, StateKey.POWER_LEVELS, "", content("users", Map.of(CHARLIE, 100)), List.of("IMB"), List.of("IMA"), 5);
        room.add("T", BOB, "m.room.topic", "", content("topic", "t"), List.of("PL"), List.of("PL", "IMB"), 6);

        assertThat(power(room, "JR")).isEqualTo(SenderPower.INFINITE);
        assertThat(power(room, "T")).isEqualTo(SenderPower.INFINITE);
    }
}
