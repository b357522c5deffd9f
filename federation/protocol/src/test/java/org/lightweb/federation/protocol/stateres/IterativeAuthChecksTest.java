package org.lightweb.federation.protocol.stateres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.federation.protocol.stateres.TestRoom.ALICE;
import static org.lightweb.federation.protocol.stateres.TestRoom.BOB;
import static org.lightweb.federation.protocol.stateres.TestRoom.content;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.StateKey;

/** Which state the auth rules see during the iterative auth checks, and what is applied. */
class IterativeAuthChecksTest {
    private static final StateKey TOPIC = StateKey.of("m.room.topic", "");

    /** Bob joins (IMB), sets the topic (T) and leaves (BL); T cites IMB. */
    private static TestRoom room(RoomVersion version) {
        TestRoom room = new TestRoom(version);
        room.add("CREATE", ALICE, StateKey.CREATE, "", content(), List.of(), List.of(), 1);
        room.add("IMA", ALICE, StateKey.MEMBER, ALICE, content("membership", "join"), List.of("CREATE"), List.of("CREATE"), 2);
        room.add("IMB", BOB, StateKey.MEMBER, BOB, content("membership", "join"), List.of("IMA"), List.of("CREATE"), 3);
        room.add("T", BOB, "m.room.topic", "", content("topic", "t"), List.of("IMB"), List.of("CREATE", "IMB"), 4);
        room.add("BL", BOB, StateKey.MEMBER, BOB, content("membership", "leave"), List.of("T"), List.of("CREATE", "IMB"), 5);
        return room;
    }

    /** Applies T from {@code initial} with rules that record what they see for Bob's membership and allow it. */
    private static Optional<String> bobsMembershipSeenByT(TestRoom room, EventSource source, Map<StateKey, String> initial) {
        List<Optional<Pdu>> seen = new ArrayList<>();
        AuthCheck recording = (event, state) -> seen.add(state.apply(StateKey.member(BOB))) || true;
        EventGraph graph = EventGraph.of(source, room.version(), room.id("T"));
        Map<StateKey, String> state = IterativeAuthChecks.apply(List.of(room.id("T")), initial, graph, recording);
        assertThat(state).containsEntry(TOPIC, room.id("T"));
        return seen.get(0).map(Pdu::eventId).map(room::name);
    }

    @Test
    void applyShouldUseTheEventsOwnAuthEventWhenTheStateLacksTheKey() {
        TestRoom room = room(RoomVersion.V11);
        assertThat(bobsMembershipSeenByT(room, room.source(), Map.of())).contains("IMB");
    }

    @Test
    void applyShouldUseThePartiallyResolvedStateWhenItHasTheKey() {
        TestRoom room = room(RoomVersion.V11);
        assertThat(bobsMembershipSeenByT(room, room.source(), room.state("BL"))).contains("BL");
    }

    @Test
    void applyShouldPassOverRejectedEventsWhenLookingUpState() {
        TestRoom room = room(RoomVersion.V11);
        EventSource blRejected = EventSource.of(room.events(), Set.of(room.id("BL")));
        EventSource bothRejected = EventSource.of(room.events(), Set.of(room.id("BL"), room.id("IMB")));

        assertThat(bobsMembershipSeenByT(room, blRejected, room.state("BL"))).contains("IMB");
        assertThat(bobsMembershipSeenByT(room, bothRejected, room.state("BL"))).isEmpty();
    }

    @Test
    void applyShouldIgnoreAnEventTheRulesRejectAndGoOn() {
        TestRoom room = room(RoomVersion.V11);
        EventGraph graph = EventGraph.of(room.source(), RoomVersion.V11, room.id("T"));
        AuthCheck noTopics = (event, state) -> !event.isType("m.room.topic");

        Map<StateKey, String> state = IterativeAuthChecks.apply(List.of(room.id("T"), room.id("BL")), room.state("IMB"), graph, noTopics);

        assertThat(room.named(state)).isEqualTo(room.named(room.state("BL")));
    }

    @Test
    void applyShouldFindTheCreateEventFromTheRoomIdWhenTheRoomIsV12() {
        TestRoom room = room(RoomVersion.V12);
        EventGraph graph = EventGraph.of(room.source(), RoomVersion.V12, room.id("T"));
        List<Optional<Pdu>> seen = new ArrayList<>();
        AuthCheck recording = (event, state) -> seen.add(state.apply(StateKey.create()));

        IterativeAuthChecks.apply(List.of(room.id("T")), Map.of(), graph, recording);

        assertThat(room.pdu("T").authEvents()).doesNotContain(room.id("CREATE"));
        assertThat(seen).containsExactly(Optional.of(room.pdu("CREATE")));
    }
}
