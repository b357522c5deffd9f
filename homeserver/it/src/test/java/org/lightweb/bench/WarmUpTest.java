package org.lightweb.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WarmUpTest {
    /** A clock that moves one second per round, and compilers that use {@code perRound[i]} seconds in round i. */
    private static WarmUp.Done warm(int min, int max, double... perRound) {
        AtomicLong now = new AtomicLong();
        AtomicInteger rounds = new AtomicInteger();
        double[] used = {0};
        return WarmUp.untilQuiet(() -> used[0], now::get, min, max, 0.1, () -> {
            used[0] += perRound[Math.min(rounds.getAndIncrement(), perRound.length - 1)];
            now.addAndGet(1_000_000_000L);
        });
    }

    @Test
    void warmUpShouldStopAtTheFirstQuietRoundWhenTheCompilersCalmDown() {
        WarmUp.Done done = warm(1, 20, 0.8, 0.5, 0.3, 0.05, 0.0);

        assertThat(done.rounds()).isEqualTo(4);
        assertThat(done.quiet()).isTrue();
        assertThat(done.lastCompilerShare()).isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(done.describe("of 50 messages")).isEqualTo("4 rounds of 50 messages, until the JIT compilers used 5% of a core in the last");
    }

    @Test
    void warmUpShouldRunItsMinimumWhenTheCompilersAreQuietFromTheStart() {
        assertThat(warm(3, 20, 0.0).rounds()).isEqualTo(3);
    }

    @Test
    void warmUpShouldGiveUpAtItsMaximumWhenTheCompilersNeverCalmDown() {
        WarmUp.Done done = warm(1, 5, 0.6);

        assertThat(done.rounds()).isEqualTo(5);
        assertThat(done.quiet()).isFalse();
        assertThat(done.describe("of 50 messages")).contains("still using 60%");
    }

    @Test
    void warmUpShouldRunOneRoundWhenTheServerHasNoJit() {
        AtomicInteger rounds = new AtomicInteger();
        WarmUp.Done done = WarmUp.untilQuiet(() -> Double.NaN, System::nanoTime, 1, 20, 0.1, rounds::incrementAndGet);

        assertThat(rounds).hasValue(1);
        assertThat(done.describe("of 50 messages")).isEqualTo("1 round of 50 messages (the server has no JIT compiler threads)");
    }

    @Test
    void compilerSecondsShouldBeReadWhenThisJvmHasCompilerThreads() {
        double seconds = WarmUp.compilerSeconds(ProcessHandle.current().pid());

        assertThat(seconds).isNotNaN().isGreaterThanOrEqualTo(0);
        assertThat(WarmUp.compilerSeconds(Long.MAX_VALUE)).isNaN();
    }
}
