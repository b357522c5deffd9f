package org.lightweb.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResultsTest {
    @Test
    void tableShouldSayByHowMuchWhenLightwebMissesAnAbsoluteGoal() {
        Results r = new Results();
        r.add("lightweb", "fan.p99", "fan-out p99", 60, "ms", false);
        r.goal("fan.p99", Results.Goal.under(20, "under 20 ms"));

        assertThat(r.table(false)).contains("under 20 ms: missed by 3x");
    }

    @Test
    void tableShouldGiveTheRatioInLightwebsFavourForRatesAndTimes() {
        Results r = new Results();
        r.add("lightweb", "rate", "messages per second", 300, "/s", true);
        r.add("synapse", "rate", "messages per second", 30, "/s", true);
        r.add("lightweb", "sync", "initial sync", 50, "ms", false);
        r.add("synapse", "sync", "initial sync", 500, "ms", false);
        r.goal("rate", Results.Goal.timesSynapse(20));

        String table = r.table(true);

        assertThat(table).contains("| messages per second (/s) |      300 |      30 |   10x | at least 20x synapse: missed by 2x |");
        assertThat(table).contains("| initial sync (ms)        |       50 |     500 |   10x |");
    }

    @Test
    void tableShouldSayAGoalNeedsSynapseWhenRunAlone() {
        Results r = new Results();
        r.add("lightweb", "rate", "messages per second", 300, "/s", true);
        r.goal("rate", Results.Goal.timesSynapse(20));

        assertThat(r.table(false)).contains("at least 20x synapse: needs --vs-synapse");
    }

    @Test
    void tableShouldGiveNoRatioWhenTheFigureIsACount() {
        Results r = new Results();
        r.add("lightweb", "lost", "deliveries", 20000, "count", true);
        r.add("synapse", "lost", "deliveries", 13700, "count", true);

        assertThat(r.table(true)).doesNotContain("x |");
    }
}
