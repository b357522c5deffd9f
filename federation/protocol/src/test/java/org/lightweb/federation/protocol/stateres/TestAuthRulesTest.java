package org.lightweb.federation.protocol.stateres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.federation.protocol.stateres.TestRoom.ALICE;
import static org.lightweb.federation.protocol.stateres.TestRoom.BOB;
import static org.lightweb.federation.protocol.stateres.TestRoom.CHARLIE;
import static org.lightweb.federation.protocol.stateres.TestRoom.content;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.StateKey;

/** The test-only auth rules must hold to the spec where the scenarios lean on them. */
class TestAuthRulesTest {
    private final TestRoom room = new TestRoom(RoomVersion.V11);
    private long ts = 1;

    TestAuthRulesTest() {
        add("CREATE", ALICE, StateKey.CREATE, "", content());
        add("IMA", ALICE, StateKey.MEMBER, ALICE, content("membership", "join"));
        add("PL", ALICE, StateKey.POWER_LEVELS, "", content("users", Map.of(ALICE, 100, BOB, 50, CHARLIE, 50)));
        add("JR", ALICE, StateKey.JOIN_RULES, "", content("join_rule", "invite"));
        add("IMB", BOB, StateKey.MEMBER, BOB, content("membership", "join"));
        add("IMC", CHARLIE, StateKey.MEMBER, CHARLIE, content("membership", "join"));
        add("IMZ", TestRoom.ZARA, StateKey.MEMBER, TestRoom.ZARA, content("membership", "join"));
    }

    private void add(String name, String sender, String type, String stateKey, ObjectNode content) {
        List<String> prev = room.events().isEmpty() ? List.of() : List.of(room.name(room.events().get(room.events().size() - 1).eventId()));
        room.add(name, sender, type, stateKey, content, prev, List.of(), ts++);
    }

    private boolean allowed(String name) {
        Map<StateKey, String> state = room.state("CREATE", "IMA", "PL", "JR", "IMB", "IMC", "IMZ");
        return new TestAuthRules().allowed(room.pdu(name), key -> Optional.ofNullable(state.get(key)).map(id -> room.pdu(room.name(id))));
    }

    @Test
    void rulesShouldAllowTheCreatorsFirstJoinOnlyRightAfterTheCreateEvent() {
        TestRoom fresh = new TestRoom(RoomVersion.V11);
        fresh.add("CREATE", ALICE, StateKey.CREATE, "", content(), List.of(), List.of(), 1);
        fresh.add("IMA", ALICE, StateKey.MEMBER, ALICE, content("membership", "join"), List.of("CREATE"), List.of("CREATE"), 2);
        Map<StateKey, String> state = fresh.state("CREATE");
        assertThat(new TestAuthRules().allowed(fresh.pdu("IMA"), key -> Optional.ofNullable(state.get(key)).map(id -> fresh.pdu("CREATE")))).isTrue();
    }

    @Test
    void rulesShouldRejectAnUninvitedJoinWhenTheRoomIsInviteOnly() {
        add("JE", TestRoom.EVELYN, StateKey.MEMBER, TestRoom.EVELYN, content("membership", "join"));
        assertThat(allowed("JE")).isFalse();
    }

    @Test
    void rulesShouldRejectABanOfAnEquallyPowerfulUser() {
        add("BAN", BOB, StateKey.MEMBER, CHARLIE, content("membership", "ban"));
        add("ALICES_BAN", ALICE, StateKey.MEMBER, CHARLIE, content("membership", "ban"));
        assertThat(allowed("BAN")).isFalse();
        assertThat(allowed("ALICES_BAN")).isTrue();
    }

    @Test
    void rulesShouldRejectPowerLevelsThatDemoteAnEqualOrRaiseAboveTheSender() {
        add("DEMOTE", BOB, StateKey.POWER_LEVELS, "", content("users", Map.of(ALICE, 100, BOB, 50, CHARLIE, 0)));
        add("RAISE", BOB, StateKey.POWER_LEVELS, "", content("users", Map.of(ALICE, 100, BOB, 60, CHARLIE, 50)));
        add("SELF", CHARLIE, StateKey.POWER_LEVELS, "", content("users", Map.of(ALICE, 100, BOB, 50, CHARLIE, 0)));
        assertThat(allowed("DEMOTE")).isFalse();
        assertThat(allowed("RAISE")).isFalse();
        assertThat(allowed("SELF")).isTrue();
    }

    @Test
    void rulesShouldRequireTheStateDefaultToSetTheTopic() {
        add("T_ZERO", TestRoom.ZARA, "m.room.topic", "", content("topic", "t"));
        add("T_BOB", BOB, "m.room.topic", "", content("topic", "t"));
        assertThat(allowed("T_ZERO")).isFalse();
        assertThat(allowed("T_BOB")).isTrue();
    }
}
