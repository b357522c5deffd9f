package org.lightweb.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's memory and CPU time from Linux's /proc: VmRSS and VmHWM (peak RSS) from /proc/PID/status, user plus
 * system time from /proc/PID/stat (fields 14 and 15, in clock ticks, 100 per second on Linux for x86 and arm).
 */
final class ProcStats {
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcStats() {}

    /** Resident set size now, in MiB. */
    static double rssMiB(long pid) { return statusKb(pid, "VmRSS:") / 1024.0; }

    /** Peak resident set size since the process started, in MiB. */
    static double peakRssMiB(long pid) { return statusKb(pid, "VmHWM:") / 1024.0; }

    /** CPU seconds (user + system) the process has used so far. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            // f[0] is field 3 (state), so utime (field 14) is f[11] and stime (field 15) f[12].
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    /**
     * CPU seconds per thread name (digits folded, so "vert.x-eventloop-thread-0" and "-1" add up), from
     * /proc/PID/task/TID/stat: where a server's CPU goes, JIT and GC threads included.
     */
    static java.util.Map<String, Double> cpuByThread(long pid) {
        java.util.Map<String, Double> out = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "#");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
                    out.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND, Double::sum);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
        return out;
    }

    /** The threads that used the most CPU between two {@link #cpuByThread} readings, for a footnote. */
    static String topThreads(java.util.Map<String, Double> before, java.util.Map<String, Double> after, int n) {
        return after.entrySet().stream()
                .map(e -> java.util.Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0.0)))
                .filter(e -> e.getValue() > 0)
                .sorted(java.util.Map.Entry.<String, Double>comparingByValue().reversed()).limit(n)
                .map(e -> e.getKey() + " " + String.format("%.1f", e.getValue()) + " s")
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private static long statusKb(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(key)) return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
            }
        } catch (IOException e) {
            // the process is gone
        }
        return -1;
    }
}
