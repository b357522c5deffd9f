package org.lightweb.storage.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecentEventsTest {
    private static StoredEvent event(long ordering) {
        return new StoredEvent("$" + ordering, "!r", ordering, ordering, "m.room.message", null, "@u", 0, "{}", false,
                null, 1L, 1L, null, null);
    }

    private static List<Long> orderings(List<StoredEvent> events) {
        return events.stream().map(StoredEvent::streamOrdering).toList();
    }

    @Test
    void timelineShouldAnswerWhenTheWindowStartsAfterTheFirstEventHeld() {
        var recent = new RecentEvents(10, 5);
        recent.stored("!r", List.of(event(10), event(12)), false);
        recent.stored("!r", List.of(event(15)), false);

        assertThat(orderings(recent.timeline("!r", 9, 15, 10))).containsExactly(10L, 12L, 15L);
        assertThat(orderings(recent.timeline("!r", 12, 14, 10))).isEmpty();
        assertThat(orderings(recent.timeline("!r", 10, 15, 1))).containsExactly(15L);
    }

    @Test
    void timelineShouldNotAnswerWhenOlderEventsOfTheRoomMayExist() {
        var recent = new RecentEvents(10, 5);
        recent.stored("!r", List.of(event(10)), false);

        assertThat(recent.timeline("!r", 0, 10, 5)).isNull();   // events before 10 are not held
        assertThat(recent.timeline("!other", 0, 10, 5)).isNull();
    }

    @Test
    void aNewRoomShouldBeCompleteFromTheStartWhenItsFirstEventsAreHeld() {
        var recent = new RecentEvents(10, 5);
        recent.stored("!r", List.of(event(3), event(4)), true);

        assertThat(orderings(recent.timeline("!r", 0, 10, 5))).containsExactly(3L, 4L);
    }

    @Test
    void timelineShouldAnswerWhenTheLimitIsReachedAfterOldEventsWereDropped() {
        var recent = new RecentEvents(10, 3);
        recent.stored("!r", List.of(event(1), event(2), event(3), event(4), event(5)), true);   // keeps 3, 4, 5

        assertThat(orderings(recent.timeline("!r", 0, 5, 2))).containsExactly(4L, 5L);
        assertThat(recent.timeline("!r", 0, 5, 4)).isNull();
        assertThat(orderings(recent.timeline("!r", 2, 5, 4))).containsExactly(3L, 4L, 5L);
    }
}
