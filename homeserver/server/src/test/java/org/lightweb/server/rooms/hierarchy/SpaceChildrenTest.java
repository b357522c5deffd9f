package org.lightweb.server.rooms.hierarchy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lightweb.storage.rooms.StoredEvent;

class SpaceChildrenTest {
    private static StoredEvent child(String roomId, long ts, String content) {
        return new StoredEvent("$" + roomId, "!space:example.org", 1L, 1, "m.space.child", roomId, "@a:example.org", ts,
                "{\"content\":" + content + "}", false, null, 1L, 1L, null, null);
    }

    private static List<String> order(List<StoredEvent> state, boolean suggestedOnly) {
        return SpaceChildren.of(state, suggestedOnly).stream().map(SpaceChildren.Child::roomId).toList();
    }

    @Test
    void childrenShouldFollowTheSpecsExampleOrderWhenOrdersAndTimestampsMix() {
        var state = List.of(
                child("!b:example.org", 1640341000000L, "{\"order\":\" \",\"via\":[\"example.org\"]}"),
                child("!a:example.org", 1640141000000L, "{\"order\":\"aaaa\",\"via\":[\"example.org\"]}"),
                child("!c:example.org", 1640841000000L, "{\"order\":\"first\",\"via\":[\"example.org\"]}"),
                child("!e:example.org", 1640641000000L, "{\"via\":[\"example.org\"]}"),
                child("!d:example.org", 1640741000000L, "{\"via\":[\"example.org\"]}"));

        assertThat(order(state, false)).containsExactly("!b:example.org", "!a:example.org", "!c:example.org",
                "!e:example.org", "!d:example.org");
    }

    @Test
    void childrenShouldTreatAnInvalidOrderAsNoneAndBreakTiesByRoomId() {
        var state = List.of(
                child("!z:example.org", 5, "{\"order\":\"caf\u00e9\",\"via\":[\"example.org\"]}"),
                child("!y:example.org", 5, "{\"order\":\"" + "x".repeat(51) + "\",\"via\":[\"example.org\"]}"),
                child("!x:example.org", 9, "{\"order\":\"m\",\"via\":[\"example.org\"]}"));

        assertThat(order(state, false)).containsExactly("!x:example.org", "!y:example.org", "!z:example.org");
    }

    @Test
    void childrenShouldLeaveOutRemovedChildrenAndUnsuggestedOnesWhenSuggestedOnly() {
        var state = List.of(
                child("!gone:example.org", 1, "{}"),
                child("!empty:example.org", 1, "{\"via\":[]}"),
                child("!plain:example.org", 2, "{\"via\":[\"example.org\"]}"),
                child("!tip:example.org", 3, "{\"via\":[\"example.org\"],\"suggested\":true}"));

        assertThat(order(state, false)).containsExactly("!plain:example.org", "!tip:example.org");
        assertThat(order(state, true)).containsExactly("!tip:example.org");
    }
}
