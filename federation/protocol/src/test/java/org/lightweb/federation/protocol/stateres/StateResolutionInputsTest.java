package org.lightweb.federation.protocol.stateres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lightweb.federation.protocol.stateres.TestRoom.ALICE;
import static org.lightweb.federation.protocol.stateres.TestRoom.content;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.StateKey;

/** What resolve does with trivial inputs, and how it fails when the caller did not load what it needs. */
class StateResolutionInputsTest {
    private TestRoom room;

    @BeforeEach
    void buildRoom() {
        room = new TestRoom(RoomVersion.V11);
        room.add("CREATE", ALICE, StateKey.CREATE, "", content(), List.of(), List.of(), 1);
        room.add("IMA", ALICE, StateKey.MEMBER, ALICE, content("membership", "join"), List.of("CREATE"), List.of("CREATE"), 2);
        room.add("T1", ALICE, "m.room.topic", "", content("topic", "one"), List.of("IMA"), List.of("CREATE", "IMA"), 3);
        room.add("T2", ALICE, "m.room.topic", "", content("topic", "two"), List.of("IMA"), List.of("CREATE", "IMA"), 4);
    }

    @Test
    void resolveShouldReturnTheStateWhenAllStateSetsAgree() {
        Map<StateKey, String> state = room.state("CREATE", "IMA", "T1");
        assertThat(StateResolution.resolve(RoomVersion.V11, List.of(state, new TreeMap<>(state)), EventSource.of(List.of()), (e, s) -> false))
                .isEqualTo(state);
    }

    @Test
    void resolveShouldReturnNothingWhenThereAreNoStateSets() {
        assertThat(StateResolution.resolve(RoomVersion.V11, List.of(), room.source(), TestRooms.AUTH)).isEmpty();
    }

    @Test
    void resolveShouldNameTheMissingEventWhenAnAuthEventWasNotLoaded() {
        List<Pdu> withoutMembership = room.events().stream().filter(e -> !e.eventId().equals(room.id("IMA"))).collect(Collectors.toList());
        assertThatThrownBy(() -> StateResolution.resolve(RoomVersion.V11,
                List.of(room.state("CREATE", "T1"), room.state("CREATE", "T2")), EventSource.of(withoutMembership), TestRooms.AUTH))
                .isInstanceOf(StateResolutionException.class)
                .hasMessageContaining(room.id("IMA"));
    }

    @Test
    void resolveShouldFailWhenAnEventIsInAnotherRoom() {
        TestRoom other = new TestRoom(RoomVersion.V11, "!other:example.com");
        other.add("CREATE", ALICE, StateKey.CREATE, "", content(), List.of(), List.of(), 1);
        other.add("IMA", ALICE, StateKey.MEMBER, ALICE, content("membership", "join"), List.of("CREATE"), List.of("CREATE"), 2);
        other.add("T9", ALICE, "m.room.topic", "", content("topic", "elsewhere"), List.of("IMA"), List.of("CREATE", "IMA"), 3);
        List<Pdu> events = new ArrayList<>(room.events());
        events.addAll(other.events());
        Map<StateKey, String> withForeignTopic = new TreeMap<>(room.state("CREATE", "IMA"));
        withForeignTopic.put(StateKey.of("m.room.topic", ""), other.id("T9"));

        assertThatThrownBy(() -> StateResolution.resolve(RoomVersion.V11, List.of(room.state("CREATE", "IMA", "T1"), withForeignTopic),
                EventSource.of(events), TestRooms.AUTH))
                .isInstanceOf(StateResolutionException.class)
                .hasMessageContaining("!other:example.com");
    }

    @Test
    void resolveShouldFailWhenAStateSetFilesAnEventUnderAnotherKey() {
        Map<StateKey, String> misfiled = new TreeMap<>(room.state("CREATE", "IMA"));
        misfiled.put(StateKey.of("m.room.topic", ""), room.id("IMA"));

        assertThatThrownBy(() -> StateResolution.resolve(RoomVersion.V11, List.of(misfiled, room.state("CREATE", "IMA", "T2")),
                room.source(), TestRooms.AUTH))
                .isInstanceOf(StateResolutionException.class)
                .hasMessageContaining(room.id("IMA"));
    }
}
