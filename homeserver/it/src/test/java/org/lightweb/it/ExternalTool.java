package org.lightweb.it;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Programs from outside the JVM that black-box tests drive (Node with matrix-js-sdk, Synapse's scripts). A missing
 * tool skips the test, unless its {@code LIGHTWEB_REQUIRE_*} variable is 1: then it fails, so CI cannot pass by
 * quietly skipping. Every run has a time limit and keeps the program's output for the failure message.
 */
final class ExternalTool {
    private ExternalTool() {}

    /** What a run printed (stdout and stderr, interleaved) and how it ended. */
    record Result(List<String> command, int exitCode, String output) {
        /** For assertion messages: the command, its exit code and everything it printed. */
        String describe() {
            return String.join(" ", command) + " exited with " + exitCode + ", output:\n" + output;
        }
    }

    /** Skips (or, when {@code requireVariable}=1, fails) the test unless {@code available}. */
    static void requireOrSkip(boolean available, String requireVariable, String whyMissing) {
        if (available) return;
        if ("1".equals(System.getenv(requireVariable))) {
            fail(whyMissing + " (" + requireVariable + "=1, so this test may not be skipped)");
        }
        assumeTrue(false, whyMissing + "; skipped (set " + requireVariable + "=1 to make this a failure)");
    }

    /** The executable {@code name} in the directories of PATH. */
    static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    /** The repository root: set by failsafe (lightweb.repo.root), else found above the working directory. */
    static Path repoRoot() {
        String configured = System.getProperty("lightweb.repo.root");
        if (configured != null && !configured.isBlank()) return Path.of(configured);
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("homeserver/it"))) return p;
        }
        throw new IllegalStateException("cannot find the repository root from " + Path.of("").toAbsolutePath());
    }

    /**
     * Runs {@code command} in {@code dir} with {@code env} added to this JVM's environment, no stdin, and kills it
     * (with its children) when it outlives {@code timeout}.
     */
    static Result run(List<String> command, Path dir, Map<String, String> env, Duration timeout) {
        Path log = null;
        try {
            log = Files.createTempFile("lightweb-it-tool-", ".log");
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().putAll(env);
            // Never send the node's loopback traffic through a proxy the environment may name.
            pb.environment().merge("NO_PROXY", "127.0.0.1,localhost", (old, add) -> old + "," + add);
            pb.environment().merge("no_proxy", "127.0.0.1,localhost", (old, add) -> old + "," + add);
            Process process = pb.start();
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail(String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s; output:\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(command, process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException ignored) {
                    // a temp file
                }
            }
        }
    }
}
