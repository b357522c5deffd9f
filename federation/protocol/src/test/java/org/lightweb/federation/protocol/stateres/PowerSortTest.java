package org.lightweb.federation.protocol.stateres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.federation.protocol.stateres.TestRoom.ALICE;
import static org.lightweb.federation.protocol.stateres.TestRoom.BOB;
import static org.lightweb.federation.protocol.stateres.TestRoom.CHARLIE;
import static org.lightweb.federation.protocol.stateres.TestRoom.content;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.StateKey;

/** Power events, the selection of step 1, and the reverse topological power ordering. */
class PowerSortTest {
    private TestRoom room;

    /** Alice (100) and Bob (50) under PL0. */
    @BeforeEach
    void buildRoom() {
        room = new TestRoom(RoomVersion.V11);
        room.add("CREATE", ALICE, StateKey.CREATE, "", content(), List.of(), List.of(), 1);
        room.add("IMA", ALICE, StateKey.MEMBER, ALICE, content("membership", "join"), List.of("CREATE"), List.of("CREATE"), 2);
        room.add("PL0", ALICE, StateKey.POWER_LEVELS, "", content("users", Map.of(ALICE, 100, BOB, 50)), List.of("IMA"), List.of("CREATE", "IMA"), 3);
        room.add("IMB", BOB, StateKey.MEMBER, BOB, content("membership", "join"), List.of("PL0"), List.of("CREATE", "PL0"), 4);
    }

    private void joinRules(String name, String sender, long ts, String... auth) {
        room.add(name, sender, StateKey.JOIN_RULES, "", content("join_rule", "public", "note", name), List.of("IMB"), Arrays.asList(auth), ts);
    }

    private List<String> sort(String... names) {
        EventGraph graph = EventGraph.of(room.source(), RoomVersion.V11, room.id(names[0]));
        Set<String> ids = Arrays.stream(names).map(room::id).collect(Collectors.toSet());
        return PowerSort.sort(PowerEvents.select(ids, graph), graph).stream().map(room::name).toList();
    }

    @Test
    void isPowerEventShouldHoldForPowerLevelsJoinRulesKicksBansAndTheCreateEventOnly() {
        room.add("KICK", ALICE, StateKey.MEMBER, BOB, content("membership", "leave"), List.of("IMB"), List.of("CREATE", "PL0", "IMA", "IMB"), 5);
        room.add("BAN", ALICE, StateKey.MEMBER, CHARLIE, content("membership", "ban"), List.of("IMB"), List.of("CREATE", "PL0", "IMA"), 6);
        room.add("LEAVE", BOB, StateKey.MEMBER, BOB, content("membership", "leave"), List.of("IMB"), List.of("CREATE", "PL0", "IMB"), 7);
        room.add("TOPIC", ALICE, "m.room.topic", "", content("topic", "t"), List.of("IMB"), List.of("CREATE", "PL0", "IMA"), 8);
        joinRules("JR", ALICE, 9, "CREATE", "PL0", "IMA");

        assertThat(List.of("PL0", "JR", "KICK", "BAN", "CREATE")).allMatch(n -> PowerEvents.isPowerEvent(room.pdu(n)));
        assertThat(List.of("IMA", "LEAVE", "TOPIC")).noneMatch(n -> PowerEvents.isPowerEvent(room.pdu(n)));
    }

    /** Of {KICK, IMB, TOPIC}: KICK is a power event and cites IMB; TOPIC is neither. */
    @Test
    void selectShouldAddTheAuthChainEventsThatAreInTheFullConflictedSet() {
        room.add("TOPIC", BOB, "m.room.topic", "", content("topic", "t"), List.of("IMB"), List.of("CREATE", "PL0", "IMB"), 5);
        room.add("KICK", ALICE, StateKey.MEMBER, BOB, content("membership", "leave"), List.of("TOPIC"), List.of("CREATE", "PL0", "IMA", "IMB"), 6);
        EventGraph graph = EventGraph.of(room.source(), RoomVersion.V11, room.id("KICK"));
        Set<String> full = Set.of(room.id("IMB"), room.id("KICK"), room.id("TOPIC"));

        Map<String, Set<String>> selected = PowerEvents.select(full, graph);

        assertThat(selected.keySet().stream().map(room::name)).containsExactlyInAnyOrder("KICK", "IMB");
        assertThat(selected.get(room.id("KICK"))).containsExactly(room.id("IMB"));
        assertThat(selected.get(room.id("IMB"))).isEmpty();
    }

    /** KICK cites IMB2 (outside the set), which cites IMB (inside): the walk stops at IMB2, as Synapse's and ruma's do. */
    @Test
    void selectShouldNotReachBehindAnAuthEventOutsideTheFullConflictedSet() {
        room.add("IMB2", BOB, StateKey.MEMBER, BOB, content("membership", "join", "displayname", "bob2"), List.of("IMB"),
                List.of("CREATE", "PL0", "IMB"), 5);
        room.add("KICK", ALICE, StateKey.MEMBER, BOB, content("membership", "leave"), List.of("IMB2"), List.of("CREATE", "PL0", "IMA", "IMB2"), 6);
        EventGraph graph = EventGraph.of(room.source(), RoomVersion.V11, room.id("KICK"));

        Map<String, Set<String>> selected = PowerEvents.select(Set.of(room.id("KICK"), room.id("IMB")), graph);

        assertThat(selected).isEqualTo(Map.of(room.id("KICK"), Set.of()));
    }

    @Test
    void sortShouldPutTheMorePowerfulSenderFirstWhenItSentLater() {
        joinRules("BOBS", BOB, 10, "CREATE", "PL0", "IMB");
        joinRules("ALICES", ALICE, 20, "CREATE", "PL0", "IMA");

        assertThat(sort("BOBS", "ALICES")).containsExactly("ALICES", "BOBS");
    }

    @Test
    void sortShouldPutTheEarlierEventFirstWhenSendersAreEquallyPowerful() {
        joinRules("LATER", ALICE, 20, "CREATE", "PL0", "IMA");
        joinRules("EARLIER", ALICE, 10, "CREATE", "PL0", "IMA");

        assertThat(sort("LATER", "EARLIER")).containsExactly("EARLIER", "LATER");
    }

    @Test
    void sortShouldOrderByEventIdWhenPowerAndTimestampAreEqual() {
        joinRules("X", ALICE, 10, "CREATE", "PL0", "IMA");
        joinRules("Y", ALICE, 10, "CREATE", "PL0", "IMA");
        List<String> byId = List.of("X", "Y").stream().sorted((a, b) -> room.id(a).compareTo(room.id(b))).toList();

        assertThat(sort("X", "Y")).isEqualTo(byId);
    }

    /** BOBS must precede ALICE2, which cites it; of the ready events Alice's goes first at each step. */
    @Test
    void sortShouldKeepAuthEventsFirstWhenTheirSendersAreLessPowerful() {
        room.add("BOBS", BOB, StateKey.POWER_LEVELS, "", content("users", Map.of(ALICE, 100, BOB, 50)), List.of("IMB"),
                List.of("CREATE", "PL0", "IMB"), 10);
        joinRules("ALICE2", ALICE, 30, "CREATE", "BOBS", "IMA");
        joinRules("ALICE1", ALICE, 20, "CREATE", "PL0", "IMA");

        assertThat(sort("ALICE2", "BOBS", "ALICE1")).containsExactly("ALICE1", "BOBS", "ALICE2");
    }
}
