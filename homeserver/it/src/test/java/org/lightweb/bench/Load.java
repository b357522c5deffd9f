package org.lightweb.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;

/** Bounded concurrent loops on a fixed pool of threads, and percentiles. */
final class Load {
    private Load() {}

    /**
     * Runs {@code task(0..count-1)} on {@code threads} threads and waits at most {@code bound}; returns the wall
     * time in nanoseconds. A task that throws is printed (the first few) and counted by its Api as an error. At the
     * bound the tasks not yet done are cancelled and a warning printed: callers count what was done.
     */
    static long run(int threads, int count, Duration bound, IntConsumer task) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "bench-load");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(pool.submit(() -> task.accept(n)));
            }
            long deadline = start + bound.toNanos();
            int failures = 0;
            for (Future<?> f : futures) {
                try {
                    f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    System.err.println("bench: WARNING: a load loop reached its bound of " + bound + "; the rest is cancelled");
                    break;
                } catch (java.util.concurrent.ExecutionException e) {
                    if (failures++ < 5) System.err.println("bench: a task failed: " + e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return System.nanoTime() - start;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The p-th percentile (nearest rank) of nanosecond samples, in milliseconds; NaN when there are none. */
    static double percentileMs(List<Long> nanos, double p) {
        if (nanos.isEmpty()) return Double.NaN;
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int idx = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(idx, sorted.size() - 1))) / 1e6;
    }

    static double seconds(long nanos) { return nanos / 1e9; }
}
