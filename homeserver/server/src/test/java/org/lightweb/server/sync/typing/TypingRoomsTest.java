package org.lightweb.server.sync.typing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TypingRoomsTest {
    private final AtomicLong clock = new AtomicLong(1_000_000);   // a fake clock, moved by hand
    private final TypingRooms rooms = new TypingRooms();

    @Test
    void typingShouldBeListedUntilItsTimeoutWhenNotStopped() {
        rooms.start("!a", "@amy:x", clock.get() + 30_000);
        clock.addAndGet(29_999);
        assertThat(rooms.expire(clock.get())).isEmpty();
        assertThat(rooms.typing("!a")).containsExactly("@amy:x");
        clock.addAndGet(1);
        assertThat(rooms.expire(clock.get())).containsExactly("!a");
        assertThat(rooms.typing("!a")).isEmpty();
    }

    @Test
    void everyChangeShouldGetANewPositionWhenTheListChanges() {
        long first = rooms.start("!a", "@amy:x", clock.get() + 1000);
        long second = rooms.start("!a", "@bo:x", clock.get() + 1000);
        assertThat(first).isPositive();
        assertThat(second).isGreaterThan(first);
        assertThat(rooms.changedAt("!a")).isEqualTo(second);
        assertThat(rooms.typing("!a")).containsExactly("@amy:x", "@bo:x");
        long stopped = rooms.stop("!a", "@amy:x");
        assertThat(stopped).isGreaterThan(second);
        assertThat(rooms.position()).isEqualTo(stopped);
    }

    @Test
    void renewingShouldMoveTheExpiryWithoutANewPositionWhenAlreadyTyping() {
        long first = rooms.start("!a", "@amy:x", clock.get() + 1000);
        assertThat(rooms.start("!a", "@amy:x", clock.get() + 5000)).isZero();
        assertThat(rooms.changedAt("!a")).isEqualTo(first);
        clock.addAndGet(2000);
        assertThat(rooms.expire(clock.get())).isEmpty();
        assertThat(rooms.typing("!a")).containsExactly("@amy:x");
        assertThat(rooms.nextExpiry()).isEqualTo(1_005_000);
    }

    @Test
    void stoppingShouldChangeNothingWhenTheUserWasNotTyping() {
        assertThat(rooms.stop("!a", "@amy:x")).isZero();
        assertThat(rooms.changedAt("!a")).isZero();
        assertThat(rooms.position()).isZero();
    }

    @Test
    void expiryShouldGiveOnePositionToEveryRoomThatChangedWhenSeveralExpireTogether() {
        rooms.start("!a", "@amy:x", clock.get() + 100);
        rooms.start("!b", "@bo:x", clock.get() + 100);
        rooms.start("!c", "@cy:x", clock.get() + 10_000);
        long before = rooms.position();
        clock.addAndGet(500);
        assertThat(rooms.expire(clock.get())).containsExactlyInAnyOrder("!a", "!b");
        assertThat(rooms.position()).isEqualTo(before + 1);
        assertThat(rooms.changedAt("!a")).isEqualTo(before + 1);
        assertThat(rooms.changedAt("!b")).isEqualTo(before + 1);
        assertThat(rooms.typing("!c")).containsExactly("@cy:x");
        assertThat(rooms.nextExpiry()).isEqualTo(1_010_000);
    }

    @Test
    void nextExpiryShouldBeMaxWhenNobodyTypes() {
        assertThat(rooms.nextExpiry()).isEqualTo(Long.MAX_VALUE);
        rooms.start("!a", "@amy:x", clock.get() + 100);
        rooms.stop("!a", "@amy:x");
        assertThat(rooms.nextExpiry()).isEqualTo(Long.MAX_VALUE);
    }
}
