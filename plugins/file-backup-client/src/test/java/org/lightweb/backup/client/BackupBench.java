package org.lightweb.backup.client;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The backup benchmark of issue #11 ({@code scripts/bench-backup}): lightweb's client against restic, both backing up
 * the same generated tree to a local repository, each step one command as a user runs it (wall clock, so JVM start
 * and key derivation count for lightweb as process start and key opening do for restic).
 *
 * <p>Steps per tool: first push, a push of the unchanged tree (uploads about nothing), a push after about 1% of the
 * data changed (a few spots of the large file, 1% of the small files), a full restore of the latest snapshot. Printed:
 * seconds and MiB/s of each step (logical bytes of the tree over wall time), what each step added to the repository,
 * the repository size, the deduplication ratio (logical bytes of the three snapshots over bytes stored) and
 * lightweb's throughput over restic's.
 *
 * <p>Dataset (generated deterministically in a temporary directory, removed at the end unless {@code bench.keep}): one
 * large incompressible file, many small files half compressible text and half random, some empty, some with Unicode
 * names, and empty directories. System properties:
 * {@code bench.bigMiB} (1024), {@code bench.smallFiles} (20000), {@code bench.smallMaxKiB} (16, sizes uniform in
 * [0, max]), {@code bench.dir} (parent of the temporary directory, java.io.tmpdir), {@code bench.jar} (the CLI jar,
 * plugins/file-backup-client/target/lightweb-backup.jar), {@code bench.lightwebJvm} (options of lightweb's JVM;
 * {@code {step}} is replaced by the step's name, e.g. for a JFR file per step), {@code bench.restic} (restic's
 * binary, found on PATH), {@code bench.resticArgs} (extra global options, e.g. {@code --compression off}),
 * {@code bench.keep} (false), {@code bench.tools} (lightweb,restic).
 */
public final class BackupBench {
    static final String PASSWORD = "bench-passphrase";
    static final long STEP_TIMEOUT_MINUTES = 30;

    record Dataset(Path root, long bytes, long files) {
    }

    /** One step of one tool: wall time, the repository size after it and what the step added to it. */
    record Step(double seconds, long logicalBytes, long repoBytes, long addedBytes) {
        double mibPerSecond() {
            return logicalBytes / 1048576.0 / seconds;
        }
    }

    interface Tool {
        String name();

        void init(Path repo, Path log) throws Exception;

        void push(Path repo, Path data, String step, Path log) throws Exception;

        void restore(Path repo, Path target, Path log) throws Exception;

        /** Lists the snapshots: the fixed cost of any command (process start, opening the key). */
        void snapshots(Path repo, Path log) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        long bigMiB = Long.getLong("bench.bigMiB", 1024);
        int smallFiles = Integer.getInteger("bench.smallFiles", 20_000);
        int smallMaxKiB = Integer.getInteger("bench.smallMaxKiB", 16);
        Path parent = Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir")));
        boolean keep = Boolean.getBoolean("bench.keep");
        List<String> wanted = List.of(System.getProperty("bench.tools", "lightweb,restic").split(","));
        Path jar = Path.of(System.getProperty("bench.jar", "plugins/file-backup-client/target/lightweb-backup.jar"));
        if (!Files.isRegularFile(jar)) {
            System.err.println("no lightweb CLI jar at " + jar + ": run scripts/bench-backup, which builds it (or give -Dbench.jar=...)");
            System.exit(2);
        }
        String restic = System.getProperty("bench.restic", findOnPath("restic"));

        Path work = Files.createTempDirectory(Files.createDirectories(parent), "lightweb-backup-bench-");
        try {
            List<Tool> tools = new ArrayList<>();
            if (wanted.contains("lightweb")) tools.add(new Lightweb(jar, System.getProperty("bench.lightwebJvm", "")));
            if (wanted.contains("restic") && restic != null)
                tools.add(new Restic(restic, System.getProperty("bench.resticArgs", ""), work.resolve("restic-cache")));

            int rounds = Math.max(1, Integer.getInteger("bench.rounds", 1));
            List<Map<String, List<Step>>> all = new ArrayList<>();
            long[] sizes = new long[2];
            for (int round = 1; round <= rounds; round++) {
                if (rounds > 1) System.out.printf(Locale.ROOT, "%nround %d of %d%n", round, rounds);
                Path dir = Files.createDirectories(work.resolve("round-" + round));
                all.add(round(dir, tools, bigMiB, smallFiles, smallMaxKiB, sizes));
                if (!keep) deleteTree(dir);
            }
            if (rounds > 1) {
                Map<String, List<Step>> median = new LinkedHashMap<>();
                for (String n : all.get(0).keySet()) {
                    List<Step> steps = new ArrayList<>();
                    for (int i = 0; i < all.get(0).get(n).size(); i++) {
                        final int step = i;
                        List<Step> runs = new ArrayList<>(all.stream().map(r -> r.get(n).get(step)).toList());
                        runs.sort(Comparator.comparingDouble(Step::seconds));
                        steps.add(runs.get(runs.size() / 2));
                    }
                    median.put(n, steps);
                }
                System.out.printf(Locale.ROOT, "%nmedian of %d rounds, step by step (each tool's own median):%n", rounds);
                print(median, sizes[0], sizes[1]);
            }
            if (restic == null)
                System.out.println("\nrestic is not installed, so there is nothing to compare with: install it (Debian/Ubuntu: "
                        + "apt-get install restic; other systems: https://restic.net) or give -Dbench.restic=/path/to/restic.");
        } finally {
            if (keep) System.out.println("kept " + work);
            else deleteTree(work);
        }
    }

    /** One round: a fresh dataset and repositories under {@code work}; prints its table and returns its steps. */
    static Map<String, List<Step>> round(Path work, List<Tool> tools, long bigMiB, int smallFiles, int smallMaxKiB, long[] sizes)
            throws Exception {
        System.out.printf(Locale.ROOT, "generating the dataset in %s ...%n", work);
        long g0 = System.nanoTime();
        Dataset data = generate(work.resolve("data"), bigMiB, smallFiles, smallMaxKiB);
        System.out.printf(Locale.ROOT, "dataset: %d files, %.1f MiB (one %d MiB file, %d small files up to %d KiB), made in %.1f s%n",
                data.files(), data.bytes() / 1048576.0, bigMiB, smallFiles, smallMaxKiB, (System.nanoTime() - g0) / 1e9);

        Map<String, List<Step>> results = new LinkedHashMap<>();
        for (Tool t : tools) results.put(t.name(), new ArrayList<>());
        // Step by step, the tools one after the other, so that both see the same machine load at each step
        // (the change is made once, the same for all).
        for (Tool t : tools) t.init(repo(work, t), log(work, t));
        Map<String, Double> fixed = new LinkedHashMap<>();
        for (Tool t : tools) fixed.put(t.name(), timed(() -> t.snapshots(repo(work, t), log(work, t)), 0, repo(work, t)).seconds());
        for (String step : List.of("push1", "push2")) {
            for (Tool t : tools)
                results.get(t.name()).add(timed(() -> t.push(repo(work, t), data.root(), step, log(work, t)), data.bytes(), repo(work, t)));
            System.out.printf(Locale.ROOT, "%s done%n", step.equals("push1") ? "first push" : "unchanged push");
        }
        long changed = modify(data, smallFiles);
        System.out.printf(Locale.ROOT, "changed the data in place: about %.1f MiB (%.2f%%) to store again%n", changed / 1048576.0, 100.0 * changed / data.bytes());
        long afterBytes = size(data.root());
        for (Tool t : tools)
            results.get(t.name()).add(timed(() -> t.push(repo(work, t), data.root(), "push3", log(work, t)), afterBytes, repo(work, t)));
        System.out.println("push after the change done");
        for (Tool t : tools) {
            Path target = work.resolve("restore-" + t.name());
            Step restore = timed(() -> t.restore(repo(work, t), target, log(work, t)), afterBytes, repo(work, t));
            long restored = size(target);
            if (restored != afterBytes)
                throw new IllegalStateException(t.name() + " restored " + restored + " bytes, expected " + afterBytes + " (log: " + log(work, t) + ")");
            results.get(t.name()).add(restore);
            deleteTree(target);
        }
        System.out.println("full restore done");
        print(results, data.bytes(), afterBytes);
        sizes[0] = data.bytes();
        sizes[1] = afterBytes;
        fixed.forEach((n, sec) -> System.out.printf(Locale.ROOT, "%-9s fixed cost of a command (listing the snapshots of an empty repository): %.2f s%n", n, sec));
        return results;
    }

    static void print(Map<String, List<Step>> results, long before, long after) {
        String[] steps = {"first push", "unchanged push", "push after ~1% change", "full restore"};
        List<String> names = new ArrayList<>(results.keySet());
        boolean compare = names.contains("lightweb") && names.contains("restic");
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%n%-24s", "step"));
        for (String n : names) head.append(String.format(Locale.ROOT, " | %-8s %7s %8s %10s", n, "seconds", "MiB/s", "stored +"));
        if (compare) head.append(" | lightweb/restic");
        System.out.println(head);
        System.out.println("-".repeat(head.length() - 1));
        for (int i = 0; i < steps.length; i++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-24s", steps[i]));
            for (String n : names) {
                List<Step> s = results.get(n);
                row.append(String.format(Locale.ROOT, " | %-8s %7.2f %8.1f %10s", "", s.get(i).seconds(), s.get(i).mibPerSecond(),
                        i == 3 ? "" : mib(s.get(i).addedBytes())));
            }
            if (compare) row.append(String.format(Locale.ROOT, " | %.2f", results.get("lightweb").get(i).mibPerSecond()
                    / results.get("restic").get(i).mibPerSecond()));
            System.out.println(row);
        }
        System.out.println();
        long logical = 2 * before + after;
        for (String n : names) {
            long stored = results.get(n).get(2).repoBytes();
            System.out.printf(Locale.ROOT, "%-9s repository %s for 3 snapshots of %s each: deduplication ratio %.2f%n", n, mib(stored),
                    mib(after), (double) logical / stored);
        }
        if (compare) System.out.println("lightweb/restic is lightweb's throughput over restic's (goal: at least 0.67, within 1.5x of restic)");
    }

    static Path repo(Path work, Tool t) {
        return work.resolve("repo-" + t.name());
    }

    static Path log(Path work, Tool t) {
        return work.resolve(t.name() + ".log");
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    interface Action {
        void run() throws Exception;
    }

    static Step timed(Action a, long logicalBytes, Path repo) throws Exception {
        long before = size(repo);
        long t0 = System.nanoTime();
        a.run();
        double s = (System.nanoTime() - t0) / 1e9;
        long after = size(repo);
        return new Step(s, logicalBytes, after, after - before);
    }

    // ------------------------------------------------------------------ the tools

    record Lightweb(Path jar, String jvm) implements Tool {
        @Override
        public String name() {
            return "lightweb";
        }

        @Override
        public void init(Path repo, Path log) throws Exception {
            run(cmd("init", "--repo-dir", repo.toString(), "init"), log);
        }

        @Override
        public void push(Path repo, Path data, String step, Path log) throws Exception {
            run(cmd(step, "--repo-dir", repo.toString(), "--quiet", "push", data.toString()), log);
        }

        @Override
        public void restore(Path repo, Path target, Path log) throws Exception {
            run(cmd("restore", "--repo-dir", repo.toString(), "--quiet", "restore", "latest", target.toString()), log);
        }

        @Override
        public void snapshots(Path repo, Path log) throws Exception {
            run(cmd("snapshots", "--repo-dir", repo.toString(), "--quiet", "snapshots"), log);
        }

        private List<String> cmd(String step, String... args) {
            List<String> c = new ArrayList<>();
            c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            for (String o : jvm.replace("{step}", step).trim().split("\\s+")) if (!o.isEmpty()) c.add(o);
            c.add("-jar");
            c.add(jar.toString());
            c.addAll(List.of(args));
            return c;
        }
    }

    record Restic(String binary, String extra, Path cache) implements Tool {
        @Override
        public String name() {
            return "restic";
        }

        @Override
        public void init(Path repo, Path log) throws Exception {
            run(cmd(repo, "init"), log);
        }

        @Override
        public void push(Path repo, Path data, String step, Path log) throws Exception {
            run(cmd(repo, "backup", data.toString()), log);
        }

        @Override
        public void restore(Path repo, Path target, Path log) throws Exception {
            run(cmd(repo, "restore", "latest", "--target", target.toString()), log);
        }

        @Override
        public void snapshots(Path repo, Path log) throws Exception {
            run(cmd(repo, "snapshots"), log);
        }

        private List<String> cmd(Path repo, String... args) {
            List<String> c = new ArrayList<>(List.of(binary, "--repo", repo.toString(), "--cache-dir", cache.toString(), "--quiet"));
            for (String o : extra.trim().split("\\s+")) if (!o.isEmpty()) c.add(o);
            c.addAll(List.of(args));
            return c;
        }
    }

    /** Runs a command with both passphrase variables set, output appended to {@code log}; fails on a non-zero exit. */
    static void run(List<String> cmd, Path log) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("LIGHTWEB_BACKUP_PASSWORD", PASSWORD);
        pb.environment().put("RESTIC_PASSWORD", PASSWORD);
        Files.writeString(log, "$ " + String.join(" ", cmd) + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        Process p = pb.start();
        if (!p.waitFor(STEP_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out after " + STEP_TIMEOUT_MINUTES + " minutes: " + String.join(" ", cmd));
        }
        if (p.exitValue() != 0) {
            System.err.println(Files.readString(log));
            throw new IllegalStateException("exit " + p.exitValue() + ": " + String.join(" ", cmd));
        }
    }

    static String findOnPath(String exe) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, exe);
            if (Files.isExecutable(p)) return p.toString();
        }
        return null;
    }

    // ------------------------------------------------------------------ the dataset

    /**
     * One large xorshift file, {@code smallFiles} small files in directories of 100 (every 50th empty, every 100th
     * with a Unicode name, even ones random, odd ones text from a small vocabulary: compressible), a few empty
     * directories. Deterministic: the same sizes and bytes on every run. Streams the large file.
     */
    public static Dataset generate(Path root, long bigMiB, int smallFiles, int smallMaxKiB) throws IOException {
        Files.createDirectories(root);
        writeRandom(root.resolve("large.img"), bigMiB << 20, 0x9E3779B97F4A7C15L);
        long x = 0x2545F4914F6CDD1DL;
        byte[] buf = new byte[smallMaxKiB * 1024 + 1];
        String[] words = {"lightweb ", "matrix ", "backup ", "the ", "of ", "encrypted ", "partner ", "node ", "room ", "file\n"};
        for (int i = 0; i < smallFiles; i++) {
            Path dir = Files.createDirectories(root.resolve(String.format(Locale.ROOT, "small/d%04d", i / 100)));
            x = xorshift(x);
            int len = i % 50 == 0 ? 0 : (int) Long.remainderUnsigned(x, buf.length);
            if (i % 2 == 0) {
                for (int j = 0; j < len; j += 8) {
                    x = xorshift(x);
                    for (int k = 0; k < 8 && j + k < len; k++) buf[j + k] = (byte) (x >>> (8 * k));
                }
            } else {
                int j = 0;
                while (j < len) {
                    x = xorshift(x);
                    byte[] w = words[(int) Long.remainderUnsigned(x, words.length)].getBytes(StandardCharsets.US_ASCII);
                    int n = Math.min(w.length, len - j);
                    System.arraycopy(w, 0, buf, j, n);
                    j += n;
                }
            }
            String name = i % 100 == 7 ? "ünïcödé-名前-" + i + ".txt" : "f" + i + (i % 2 == 0 ? ".bin" : ".txt");
            try (OutputStream out = Files.newOutputStream(dir.resolve(name))) {
                out.write(buf, 0, len);
            }
        }
        for (int i = 0; i < 10; i++) Files.createDirectories(root.resolve("empty/e" + i));
        long files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(Files::isRegularFile).count();
        }
        return new Dataset(root, size(root), files);
    }

    /**
     * Changes about 1% of the data in place: 4 KiB at twelve spots of the large file (each spot costs a new chunk of
     * about 1 MiB to a chunking backup) and 100 bytes appended to 1% of the small files; new mtimes on all of them.
     * Returns the bytes a deduplicating backup may store again (the large file's chunks around the spots, estimated
     * at 1 MiB each, plus the changed small files).
     */
    static long modify(Dataset d, int smallFiles) throws IOException {
        FileTime later = FileTime.from(Instant.now().plusSeconds(5));
        Path big = d.root().resolve("large.img");
        long size = Files.size(big);
        long changed = 0;
        try (RandomAccessFile raf = new RandomAccessFile(big.toFile(), "rw")) {
            byte[] b = new byte[4096];
            for (int i = 0; i < 12 && size > b.length; i++) {
                long at = size / 13 * (i + 1);
                raf.seek(at);
                raf.readFully(b);
                for (int j = 0; j < b.length; j++) b[j] ^= (byte) 0x5a;
                raf.seek(at);
                raf.write(b);
                changed += Math.min(size, 1 << 20);
            }
        }
        Files.setLastModifiedTime(big, later);
        List<Path> small;
        try (Stream<Path> s = Files.walk(d.root().resolve("small"))) {
            small = s.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString)).toList();
        }
        byte[] extra = "changed by the benchmark, 100 bytes long, to make this file differ from the pushed one.........\n"
                .getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < small.size(); i += 100) {
            Path p = small.get(i);
            Files.write(p, extra, java.nio.file.StandardOpenOption.APPEND);
            Files.setLastModifiedTime(p, later);
            changed += Files.size(p);
        }
        return changed;
    }

    static long xorshift(long x) {
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        return x;
    }

    /** {@code size} bytes of xorshift64 output from {@code seed}: incompressible, reproducible, streamed. */
    static void writeRandom(Path p, long size, long seed) throws IOException {
        long x = seed;
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        try (OutputStream out = Files.newOutputStream(p)) {
            long left = size;
            while (left > 0) {
                buf.clear();
                while (buf.remaining() >= 8) {
                    x = xorshift(x);
                    buf.putLong(x);
                }
                int n = (int) Math.min(left, buf.position());
                out.write(buf.array(), 0, n);
                left -= n;
            }
        }
    }

    /** Bytes of all regular files under {@code root} (0 if it does not exist). */
    static long size(Path root) throws IOException {
        if (!Files.exists(root)) return 0;
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                p.toFile().setWritable(true);
                Files.deleteIfExists(p);
            }
        }
    }
}
