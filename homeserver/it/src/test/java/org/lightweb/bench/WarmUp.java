package org.lightweb.bench;

import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Untimed load before a scenario's measured phase, repeated until the server's JIT compilers are quiet: a
 * fresh JVM compiles its hot paths with C2 for tens of seconds of load, and on the project's two cores those
 * compiler threads took half a core from the server and the load generator through a measured phase that followed
 * a fixed 50 messages (the fan-out figures then measured the JIT at work, not the server). A round is quiet when
 * the server's compiler threads used less than {@code bench.jitQuietShare} (default 0.1) of one core over it, read
 * from /proc/PID/task; at least {@code minRounds} run, at most {@code bench.warmUpMaxRounds} (default 20). A
 * server without compiler threads (Synapse's python) is quiet after the first rounds.
 */
final class WarmUp {
    private WarmUp() {}

    /** What a warm-up did: the rounds run, and the compilers' share of a core in the last one (NaN: no JIT). */
    record Done(int rounds, double lastCompilerShare, boolean quiet) {
        /** E.g. "3 rounds of 50 messages, until the JIT compilers used 4% of a core in the last". */
        String describe(String round) {
            String done = rounds + (rounds == 1 ? " round " : " rounds ") + round;
            if (Double.isNaN(lastCompilerShare)) return done + " (the server has no JIT compiler threads)";
            return done + (quiet ? ", until the JIT compilers used " : ", the JIT compilers still using ")
                    + String.format("%.0f%%", 100 * lastCompilerShare) + " of a core in the last";
        }
    }

    static Done untilQuiet(Server s, int minRounds, Runnable round) {
        double quietShare = Double.parseDouble(System.getProperty("bench.jitQuietShare", "0.1"));
        int maxRounds = Math.max(minRounds, Integer.getInteger("bench.warmUpMaxRounds", 20));
        return untilQuiet(() -> compilerSeconds(s.pid()), System::nanoTime, minRounds, maxRounds, quietShare, round);
    }

    /** The loop, on a reading of the compilers' CPU seconds and a nanosecond clock. */
    static Done untilQuiet(DoubleSupplier compilers, LongSupplier nanos, int minRounds, int maxRounds, double quietShare,
                           Runnable round) {
        double share = 0;
        for (int n = 1; n <= maxRounds; n++) {
            double before = compilers.getAsDouble();
            long start = nanos.getAsLong();
            round.run();
            double wall = (nanos.getAsLong() - start) / 1e9;
            share = Double.isNaN(before) ? Double.NaN : wall <= 0 ? 0 : (compilers.getAsDouble() - before) / wall;
            if (n >= minRounds && (Double.isNaN(share) || share < quietShare)) return new Done(n, share, true);
        }
        return new Done(maxRounds, share, false);
    }

    /**
     * CPU seconds of the process's JIT compiler threads ("C1 CompilerThre", "C2 CompilerThre" in /proc); NaN when it
     * has none (or /proc cannot be read).
     */
    static double compilerSeconds(long pid) {
        double sum = Double.NaN;
        for (Map.Entry<String, Double> e : ProcStats.cpuByThread(pid).entrySet()) {
            if (e.getKey().contains("CompilerThre")) sum = (Double.isNaN(sum) ? 0 : sum) + e.getValue();
        }
        return sum;
    }
}
