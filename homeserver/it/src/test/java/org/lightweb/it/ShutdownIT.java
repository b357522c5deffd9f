package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lightweb.core.Json;

/** The node as a separate process: SIGTERM lets in-flight requests finish and closes the database cleanly. */
class ShutdownIT {
    @TempDir
    Path dir;

    @Test
    void sigtermShouldFinishInFlightRequestsAndCloseTheDatabase() throws Exception {
        int port = FederatingNodes.freePort();
        Path config = dir.resolve("homeserver.yaml");
        // Expensive password hashing makes the registration slow enough to still be running at SIGTERM.
        Files.writeString(config, """
                server_name: localhost
                data_dir: data
                listeners:
                  client: {bind: 127.0.0.1, port: %d}
                  federation: {bind: 127.0.0.1, port: 0, tls: none}
                  shutdown_timeout: 20s
                registration: {require_token: false}
                passwords: {argon2_memory: 256MiB, argon2_iterations: 4}
                rate_limits: {enabled: false}
                """.formatted(port));
        Path log = dir.resolve("node.log");
        Process node = NodeProcess.start(config, dir, log);
        try {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String base = "http://127.0.0.1:" + port;
            NodeProcess.awaitUp(base, node);

            String first = post(http, base, Json.object().put("username", "late").put("password", "password123").toString()).join().body();
            String session = Json.parse(first).path("session").asText();
            var body = Json.object().put("username", "late").put("password", "password123");
            body.putObject("auth").put("type", "m.login.dummy").put("session", session);
            CompletableFuture<HttpResponse<String>> inFlight = post(http, base, body.toString());
            Thread.sleep(150);
            node.destroy();   // SIGTERM

            HttpResponse<String> res = inFlight.get(60, TimeUnit.SECONDS);
            assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
            assertThat(Json.parse(res.body()).path("user_id").asText()).isEqualTo("@late:localhost");
            assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(log)).contains("Lightweb stopped").doesNotContain("\tat ");
            Path wal = dir.resolve("data/homeserver.db-wal");
            assertThat(!Files.exists(wal) || Files.size(wal) == 0).as("WAL checkpointed at close").isTrue();
        } catch (Exception | AssertionError e) {
            throw new AssertionError("node log:\n" + Files.readString(log), e);
        } finally {
            node.destroyForcibly();
        }
    }

    @Test
    void sigtermDuringStartUpShouldStopTheNodeCleanly() throws Exception {
        int port = FederatingNodes.freePort();
        Path config = dir.resolve("homeserver.yaml");
        Files.writeString(config, """
                server_name: localhost
                data_dir: data
                listeners:
                  client: {bind: 127.0.0.1, port: %d}
                  federation: {bind: 127.0.0.1, port: 0, tls: none}
                """.formatted(port));
        Path log = dir.resolve("node.log");
        Process node = NodeProcess.start(config, dir, log);
        try {
            // SIGTERM as soon as the database exists: the node is migrating or wiring, not yet listening
            CrashIT.eventually("the node is starting", Duration.ofSeconds(60), () -> Files.exists(dir.resolve("data/homeserver.db")));
            node.destroy();   // SIGTERM
            assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
            // stopped once started, or its start gave up: either way cleanly, with no stack trace
            assertThat(Files.readString(log)).contains("Lightweb stopped").doesNotContain("\tat ");
        } catch (Exception | AssertionError e) {
            throw new AssertionError("node log:\n" + Files.readString(log), e);
        } finally {
            node.destroyForcibly();
        }
    }

    private static CompletableFuture<HttpResponse<String>> post(HttpClient http, String base, String json) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/_matrix/client/v3/register"))
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
