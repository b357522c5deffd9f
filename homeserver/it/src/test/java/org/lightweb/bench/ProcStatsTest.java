package org.lightweb.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcStatsTest {
    private static final long SELF = ProcessHandle.current().pid();

    @Test
    void rssShouldBePositiveAndAtMostThePeakWhenReadForThisProcess() {
        double rss = ProcStats.rssMiB(SELF);

        assertThat(rss).isPositive();
        assertThat(ProcStats.peakRssMiB(SELF)).isGreaterThanOrEqualTo(rss);
    }

    @Test
    void cpuSecondsShouldGrowWhenThisProcessWorks() {
        double before = ProcStats.cpuSeconds(SELF);
        long x = 0;
        long end = System.nanoTime() + 300_000_000L;
        while (System.nanoTime() < end) x++;

        assertThat(ProcStats.cpuSeconds(SELF)).isGreaterThan(before + 0.1);
        assertThat(x).isPositive();
    }

    @Test
    void cpuByThreadShouldNameThisThreadWhenReadForThisProcess() {
        assertThat(ProcStats.cpuByThread(SELF)).isNotEmpty().containsKey("java");
    }

    @Test
    void figuresShouldBeMissingWhenTheProcessIsGone() {
        assertThat(ProcStats.rssMiB(Long.MAX_VALUE)).isNegative();
        assertThat(ProcStats.cpuSeconds(Long.MAX_VALUE)).isNaN();
    }
}
