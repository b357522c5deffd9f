package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk fills up under a running node: its process gets a file size limit (RLIMIT_FSIZE, set from outside with
 * {@code prlimit}) just above its largest file, so the next writes that grow the database, its WAL or a media file fail
 * in the kernel exactly as they do on a full disk (the write is refused; the JVM ignores SIGXFSZ). Sends and uploads must
 * fail with 503 M_UNKNOWN and Retry-After while reads go on; once the limit is lifted (space returns) the same node,
 * without a restart, accepts the retried transactions, each becomes exactly one event, nothing refused was half-written,
 * and after a clean stop SQLite passes PRAGMA integrity_check and a restart serves everything. SQLite on Linux only: a
 * PostgreSQL server's disk is its own process's (its disk_full answer maps to the same 503, see ErrorRenderingTest).
 */
class DiskFullIT {
    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void writesShouldFailWith503WhileTheDiskIsFullAndTheNodeRecoverWhenSpaceReturns() throws Exception {
        assumeFalse(TestDatabases.postgres(), "the SQLite files are the node's own");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")), "prlimit (util-linux) sets the file size limit");
        int clientPort = FederatingNodes.freePort();
        String base = "http://127.0.0.1:" + clientPort;
        Path log = dir.resolve("node.log");
        Path config = dir.resolve("homeserver.yaml");
        Files.writeString(config, """
                server_name: disk.test
                data_dir: data
                listeners:
                  client: {bind: 127.0.0.1, port: %d}
                  federation: {bind: 127.0.0.1, port: 0, tls: none}
                  shutdown_timeout: 2s
                database: {type: sqlite}
                registration: {require_token: false}
                passwords: {argon2_memory: 64KiB, argon2_iterations: 1}
                rate_limits: {enabled: false}
                admin_bot: {enabled: false}
                log: {level: warn}
                """.formatted(clientPort));
        Process node = NodeProcess.start(config, dir, log, "-Xmx512m");
        try {
            NodeProcess.awaitUp(base, node);
            TestClient client = new TestClient(base);
            var alice = client.register("alice", "password123");
            String room = client.post("/_matrix/client/v3/createRoom", alice.accessToken(), Map.of()).json().path("room_id").asText();
            String before = client.get("/_matrix/client/v3/sync?timeout=0", alice.accessToken()).json().path("next_batch").asText();
            String sendPath = "/_matrix/client/v3/rooms/" + CrashIT.enc(room) + "/send/m.room.message/";
            String padding = "x".repeat(40_000);   // big events fill the files fast

            long limit = largestFile(dir) + 512 * 1024;
            String original = prlimit(node.pid(), "--fsize", "--raw", "--noheadings", "--output=SOFT").strip();
            prlimit(node.pid(), "--fsize=" + limit + ":");

            // fill: send until three sends in a row are refused (bounded)
            Map<String, String> acked = new LinkedHashMap<>();   // txn -> event id
            List<String> refused = new ArrayList<>();
            int refusedInARow = 0;
            for (int i = 0; i < 400 && refusedInARow < 3; i++) {
                String txn = "full-" + i;
                var r = client.put(sendPath + txn, alice.accessToken(), Map.of("msgtype", "m.text", "body", txn, "padding", padding));
                if (r.status() == 200) {
                    acked.put(txn, r.json().path("event_id").asText());
                    refusedInARow = 0;
                } else {
                    assertThat(r.status()).as(r.body()).isEqualTo(503);
                    assertThat(r.errcode()).isEqualTo("M_UNKNOWN");
                    assertThat(r.header("Retry-After")).isNotNull();
                    refused.add(txn);
                    refusedInARow++;
                }
            }
            assertThat(refusedInARow).as("the disk filled up (a limit of %d bytes per file)", limit).isEqualTo(3);

            // while full: an upload bigger than the limit is refused the same way; reads go on
            var upload = upload(base, alice.accessToken(), new byte[(int) limit + 1024]);
            assertThat(upload.statusCode()).as(upload.body()).isEqualTo(503);
            assertThat(upload.body()).contains("M_UNKNOWN");
            var sync = client.get("/_matrix/client/v3/sync?timeout=0&since=" + CrashIT.enc(before), alice.accessToken());
            assertThat(sync.status()).as(sync.body()).isEqualTo(200);
            Map<String, List<String>> whileFull = CrashIT.messages(client, alice.accessToken(), room);
            for (String txn : refused) assertThat(whileFull).as("refused %s is not half-written", txn).doesNotContainKey(txn);

            // space returns: the same process serves writes again, and the retried transactions make one event each
            prlimit(node.pid(), "--fsize=" + original + ":");
            for (String txn : refused) {
                var r = client.put(sendPath + txn, alice.accessToken(), Map.of("msgtype", "m.text", "body", txn, "padding", padding));
                assertThat(r.status()).as("retry of %s: %s", txn, r.body()).isEqualTo(200);
                acked.put(txn, r.json().path("event_id").asText());
            }
            var uploaded = upload(base, alice.accessToken(), new byte[(int) limit + 1024]);
            assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
            var later = client.get("/_matrix/client/v3/sync?timeout=0&since=" + CrashIT.enc(before), alice.accessToken());
            assertThat(later.status()).as(later.body()).isEqualTo(200);
            assertThat(later.json().path("rooms").path("join").has(room)).isTrue();
            assertExactlyOnce(CrashIT.messages(client, alice.accessToken(), room), acked);

            node.destroy();
            assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/homeserver.db"));
                 ResultSet rs = c.createStatement().executeQuery("PRAGMA integrity_check")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("ok");
            }
            node = NodeProcess.start(config, dir, log, "-Xmx512m");
            NodeProcess.awaitUp(base, node);
            assertExactlyOnce(CrashIT.messages(client, alice.accessToken(), room), acked);
        } catch (Exception | AssertionError e) {
            throw new AssertionError("node log:\n" + CrashIT.tail(log), e);
        } finally {
            node.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void assertExactlyOnce(Map<String, List<String>> found, Map<String, String> acked) {
        for (var e : acked.entrySet()) assertThat(found.get(e.getKey())).as(e.getKey()).containsExactly(e.getValue());
        for (var e : found.entrySet()) assertThat(e.getValue()).as("no duplicate of " + e.getKey()).hasSize(1);
    }

    private HttpResponse<String> upload(String base, String token, byte[] bytes) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/_matrix/media/v3/upload?filename=big.bin"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/octet-stream")
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long largestFile(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).max().orElse(0);
        }
    }

    /** Runs prlimit on the node's process; its output. */
    private static String prlimit(long pid, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/prlimit", "--pid", Long.toString(pid)));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("prlimit %s: %s", cmd, out).isZero();
        return out;
    }
}
