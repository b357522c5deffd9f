package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;
import org.lightweb.server.ops.DatabaseBackup;

/** What an operator relies on: health and readiness, Prometheus metrics, and SQLite backup and restore. */
class OperationsIT {
    @RegisterExtension
    static final TestNode node = TestNode.create(c -> ((com.fasterxml.jackson.databind.node.ObjectNode) c.get("listeners"))
            .putObject("metrics").put("enabled", true).put("bind", "127.0.0.1").put("port", 0));

    static String get(String url) throws Exception {
        HttpResponse<String> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(url + ": " + res.body()).isEqualTo(200);
        return res.body();
    }

    @Test
    void healthAndReadinessShouldAnswerOnTheClientAndMetricsListeners() throws Exception {
        assertThat(node.client().get("/health").body()).isEqualTo("OK");
        assertThat(node.client().get("/ready").body()).isEqualTo("READY");
        String metrics = "http://127.0.0.1:" + node.node().metricsPort();
        assertThat(get(metrics + "/health")).isEqualTo("OK");
        assertThat(get(metrics + "/ready")).isEqualTo("READY");
    }

    @Test
    void metricsShouldCarryHttpJvmDatabaseAndNodeFiguresInPrometheusText() throws Exception {
        var alice = node.client().register("metrics_alice", "password123");
        node.client().get("/_matrix/client/v3/account/whoami", alice.accessToken());
        String text = get("http://127.0.0.1:" + node.node().metricsPort() + "/metrics");
        assertThat(text).contains("jvm_memory_used_bytes", "process_uptime_seconds", "lightweb_sync_waiting",
                "lightweb_db_connections_active", "lightweb_users", "vertx_http_server_requests_total");
        // Routes by template: no user id, token or room id in a label
        assertThat(text).contains("/_matrix/client/v3/account/whoami").doesNotContain(alice.accessToken());
    }

    @Test
    void backupShouldBeConsistentUnderWriteLoadAndRestoreShouldBringItBack() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(TestDatabases.postgres(), "SQLite backups (PostgreSQL uses pg_dump)");
        var bob = node.client().register("backup_bob", "password123");
        String roomId = node.client().post("/_matrix/client/v3/createRoom", bob.accessToken(), Json.object())
                .json().path("room_id").asText();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 2_000 && writing.get(); i++) {
                node.client().put("/_matrix/client/v3/rooms/" + roomId + "/send/m.room.message/w" + i, bob.accessToken(),
                        Json.object().put("msgtype", "m.text").put("body", "load " + i));
                sent.incrementAndGet();
            }
        });
        writer.start();
        while (sent.get() < 20) Thread.sleep(10);
        Path backup = Files.createTempDirectory("lightweb-backup-").resolve("node.db");
        DatabaseBackup.Outcome outcome = DatabaseBackup.backup(node.node().config(), backup);
        writing.set(false);
        writer.join(30_000);
        assertThat(outcome.ok()).as(outcome.message()).isTrue();
        assertThat(DatabaseBackup.integrity(backup)).isEqualTo("ok");
        long inBackup;
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + backup); var s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM events WHERE type = 'm.room.message'")) {
            rs.next();
            inBackup = rs.getLong(1);
        }
        assertThat(inBackup).isBetween(1L, (long) sent.get());
        assertThat(DatabaseBackup.backup(node.node().config(), backup).ok()).isFalse();   // never overwrites

        // Refused while the node runs; done once it is stopped, and the node serves what the backup had
        var config = node.node().config();
        assertThat(DatabaseBackup.restore(config, backup).message()).contains("stop the node");
        node.stopKeepingData();
        DatabaseBackup.Outcome restored = DatabaseBackup.restore(config, backup);
        assertThat(restored.ok()).as(restored.message()).isTrue();
        node.startAgain();
        var login = node.client().post("/_matrix/client/v3/login", null, Json.object().put("type", "m.login.password")
                .put("user", "backup_bob").put("password", "password123"));
        String token = login.json().path("access_token").asText();
        var messages = node.client().get("/_matrix/client/v3/rooms/" + roomId + "/messages?dir=b&limit=1000", token);
        long served = 0;
        for (var e : messages.json().path("chunk")) if (e.path("type").asText().equals("m.room.message")) served++;
        assertThat(served).isEqualTo(inBackup);
    }
}
