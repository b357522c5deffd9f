package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/lightweb's class-data archive, as operators run it: the first {@code run} writes one when it stops, the next
 * maps it, and an archive cut short (a node killed while writing it) is thrown away instead of crashing the JVM that
 * would map it. Runs the packaged jar from a copy of the checkout (the script and the jar), on a fresh database.
 */
class LauncherClassDataIT {
    private static final Path SCRIPT = Path.of("..", "..", "scripts", "lightweb").toAbsolutePath().normalize();
    private static final Path JAR = Path.of("..", "server", "target", "lightweb.jar").toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path root;

    private Path target;
    private Path config;
    private int port;

    @BeforeEach
    void checkout() throws IOException {
        assertThat(JAR).as("the packaged server jar (mvn package)").exists();
        Files.createDirectories(root.resolve("scripts"));
        Files.copy(SCRIPT, root.resolve("scripts/lightweb"));
        target = Files.createDirectories(root.resolve("homeserver/server/target"));
        Files.copy(JAR, target.resolve("lightweb.jar"));
        // The script rebuilds a jar older than the sources; here there are none newer.
        Path pom = Files.writeString(root.resolve("pom.xml"), "");
        Files.setLastModifiedTime(pom, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        port = FederatingNodes.freePort();
        Path data = Files.createDirectories(root.resolve("data"));
        config = Files.writeString(root.resolve("homeserver.yaml"), String.join("\n",
                "server_name: cds.test",
                "data_dir: " + data,
                "listeners:",
                "  client: {bind: 127.0.0.1, port: " + port + "}",
                "  federation: {bind: 127.0.0.1, port: " + FederatingNodes.freePort() + ", tls: self_signed}",
                "admin_bot: {enabled: false}",
                "log: {level: warn}", ""));
    }

    @Test
    void theSecondRunShouldMapTheArchiveTheFirstWroteAndACutShortOneShouldBeDropped() throws Exception {
        Process first = start();
        assertThat(maps(first)).as("no archive yet").doesNotContain("lightweb.jsa");
        stop(first);
        Path written = target.resolve("lightweb.jsa." + first.pid() + ".tmp");
        assertThat(written).as("written when the first run stopped").exists();
        assertThat(Files.size(written)).isPositive();

        Process second = start();
        assertThat(maps(second)).contains(target.resolve("lightweb.jsa").toString());
        stop(second);
        assertThat(tmpFiles()).isEmpty();

        // A run killed while it wrote its archive leaves it cut short; mapping that would crash the JVM (SIGBUS).
        Path archive = target.resolve("lightweb.jsa");
        Path cut = target.resolve("lightweb.jsa.999999.tmp");
        byte[] whole = Files.readAllBytes(archive);
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 3));
        Files.copy(target.resolve("lightweb.jsa.id"), target.resolve("lightweb.jsa.999999.tmp.id"));
        Files.delete(archive);
        Process third = start();
        assertThat(maps(third)).doesNotContain("lightweb.jsa");
        assertThat(cut).as("dropped").doesNotExist();
        stop(third);
    }

    private Process start() throws Exception {
        ProcessBuilder b = new ProcessBuilder("bash", root.resolve("scripts/lightweb").toString(), "run", "--config",
                config.toString()).redirectErrorStream(true).redirectOutput(root.resolve("node.log").toFile());
        b.environment().put("LIGHTWEB_JAVA_OPTS", "-Xmx256m -XX:TieredStopAtLevel=1");
        b.environment().remove("LIGHTWEB_CDS");
        Process p = b.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                int status = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_matrix/client/versions"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) return p;
            } catch (IOException notYet) {
                // not listening yet
            }
            assertThat(p.isAlive()).as("the node exited; see " + root.resolve("node.log") + ":\n" + log()).isTrue();
            assertThat(System.nanoTime()).as("the node did not start within 60 s:\n" + log()).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static void stop(Process p) throws Exception {
        p.destroy();   // SIGTERM: the JVM writes its archive as it exits
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("stopped").isTrue();
    }

    /** The files the process has mapped (/proc/<pid>/maps). */
    private static String maps(Process p) throws IOException {
        return Files.readString(Path.of("/proc", Long.toString(p.pid()), "maps"));
    }

    private List<Path> tmpFiles() throws IOException {
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    private String log() {
        try {
            return Files.readString(root.resolve("node.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
