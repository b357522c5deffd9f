package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety: kaslo runs as its own process and is killed with SIGKILL while four clients send messages, nelson (a
 * federating node) sends into the same room, and an appservice is being fed. After a restart on the same data:
 * every acknowledged send is there exactly once (and a retried transaction id answers the same event), a sync token
 * from before the crash still works, the outbound federation queue and the appservice queue resume and deliver every
 * acknowledged event, nelson's sends all arrive, and SQLite passes PRAGMA integrity_check. On PostgreSQL when the
 * test database is configured.
 */
class CrashIT {
    static final int NELSON_PORT = FederatingNodes.freePort();
    static final int KASLO_FED_PORT = FederatingNodes.freePort();
    static final String KASLO = "127.0.0.1:" + KASLO_FED_PORT;

    @RegisterExtension
    static final TestNode nelson = FederatingNodes.node(NELSON_PORT, c -> {});

    @TempDir
    Path dir;

    String schema; // the PostgreSQL schema of this run, dropped at the end

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    String config(int clientPort, String appserviceUrl) throws IOException {
        Path registration = dir.resolve("as.yaml");
        Files.writeString(registration, """
                id: recorder
                url: %s
                as_token: %s
                hs_token: %s
                sender_localpart: recorder
                rate_limited: false
                namespaces:
                  users: [{exclusive: true, regex: "@recorder_.*"}]
                  aliases: []
                  rooms: [{exclusive: false, regex: "!.*"}]
                """.formatted(appserviceUrl, FakeAppservice.AS_TOKEN, FakeAppservice.HS_TOKEN));
        String database = "database: {type: sqlite}";
        if (TestDatabases.postgres()) {
            database = "database: {type: postgres, url: \"%s\", user: \"%s\", password: \"%s\", schema: %s}".formatted(
                    TestDatabases.pgUrl(), TestDatabases.pgUser(), TestDatabases.pgPassword(), schema = TestDatabases.freshSchema());
        }
        return """
                server_name: "%s"
                data_dir: data
                listeners:
                  client: {bind: 127.0.0.1, port: %d}
                  federation: {bind: 127.0.0.1, port: %d, tls: self_signed}
                  shutdown_timeout: 2s
                %s
                federation: {allow_private_destinations: true, verify_certificates: false}
                registration: {require_token: false}
                passwords: {argon2_memory: 64KiB, argon2_iterations: 1}
                rate_limits: {enabled: false}
                admin_bot: {enabled: false}
                appservices: {registration_files: ["%s"], retry_initial_backoff: 200ms, retry_max_backoff: 1s}
                log: {level: warn}
                """.formatted(KASLO, clientPort, KASLO_FED_PORT, database, registration);
    }

    static void eventually(String what, Duration within, BooleanSupplier ok) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("not within " + within + ": " + what);
            Thread.sleep(200);
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void acknowledgedWorkShouldSurviveASigkill() throws Exception {
        int clientPort = FederatingNodes.freePort();
        String base = "http://127.0.0.1:" + clientPort;
        Path log = dir.resolve("node.log");
        try (FakeAppservice appservice = new FakeAppservice()) {
            Path config = dir.resolve("homeserver.yaml");
            Files.writeString(config, config(clientPort, appservice.url()));
            Process node = NodeProcess.start(config, dir, log, "-Xmx512m");
            try {
                NodeProcess.awaitUp(base, node);
                TestClient kaslo = new TestClient(base);
                var alice = kaslo.register("alice", "password123");
                String room = kaslo.post("/_matrix/client/v3/createRoom", alice.accessToken(), Map.of("preset", "public_chat")).json()
                        .path("room_id").asText();
                var bob = nelson.client().register("bob", "password123");
                var joined = nelson.client().post("/_matrix/client/v3/join/" + enc(room) + "?via=" + enc(KASLO), bob.accessToken(), Map.of());
                assertThat(joined.status()).as(joined.body()).isEqualTo(200);
                String before = kaslo.get("/_matrix/client/v3/sync?timeout=0", alice.accessToken()).json().path("next_batch").asText();

                // four of alice's devices' worth of senders at kaslo, bob at nelson; kill kaslo mid-flight
                Map<String, String> acked = new ConcurrentHashMap<>();      // txn id -> event id
                Map<String, String> bobAcked = new ConcurrentHashMap<>();
                AtomicBoolean stop = new AtomicBoolean();
                ExecutorService senders = Executors.newFixedThreadPool(5);
                for (int t = 0; t < 4; t++) {
                    int thread = t;
                    senders.submit(() -> {
                        for (int i = 0; i < 400 && !stop.get(); i++) {
                            String txn = "t" + thread + "-" + i;
                            try {
                                var r = kaslo.put("/_matrix/client/v3/rooms/" + enc(room) + "/send/m.room.message/" + txn, alice.accessToken(),
                                        Map.of("msgtype", "m.text", "body", txn));
                                if (r.status() == 200) acked.put(txn, r.json().path("event_id").asText());
                            } catch (RuntimeException connectionGone) {
                                return;
                            }
                        }
                    });
                }
                senders.submit(() -> {
                    for (int i = 0; i < 200 && !stop.get(); i++) {
                        var r = nelson.client().put("/_matrix/client/v3/rooms/" + enc(room) + "/send/m.room.message/b" + i, bob.accessToken(),
                                Map.of("msgtype", "m.text", "body", "bob " + i));
                        if (r.status() == 200) bobAcked.put("bob " + i, r.json().path("event_id").asText());
                    }
                });
                eventually("some sends acknowledged", Duration.ofSeconds(60), () -> acked.size() >= 150 && bobAcked.size() >= 20);
                node.destroyForcibly().waitFor(30, TimeUnit.SECONDS);   // SIGKILL
                stop.set(true);
                senders.shutdown();
                assertThat(senders.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
                Map<String, String> sent = Map.copyOf(acked);

                node = NodeProcess.start(config, dir, log, "-Xmx512m");
                NodeProcess.awaitUp(base, node);

                // every acknowledged send exactly once, at the same event id
                Map<String, List<String>> found = messages(kaslo, alice.accessToken(), room);
                for (var e : sent.entrySet()) assertThat(found.get(e.getKey())).as(e.getKey()).containsExactly(e.getValue());
                for (var e : found.entrySet()) assertThat(e.getValue()).as("no duplicate of " + e.getKey()).hasSize(1);
                String anyTxn = sent.keySet().iterator().next();
                var again = kaslo.put("/_matrix/client/v3/rooms/" + enc(room) + "/send/m.room.message/" + anyTxn, alice.accessToken(),
                        Map.of("msgtype", "m.text", "body", anyTxn));
                assertThat(again.json().path("event_id").asText()).as("a retried transaction id").isEqualTo(sent.get(anyTxn));

                // a token from before the crash still works
                var since = kaslo.get("/_matrix/client/v3/sync?timeout=0&since=" + enc(before), alice.accessToken());
                assertThat(since.status()).as(since.body()).isEqualTo(200);
                assertThat(since.json().path("rooms").path("join").has(room)).isTrue();

                // nelson gets every acknowledged message of alice's; kaslo every one of bob's
                eventually("nelson has alice's acknowledged messages", Duration.ofSeconds(90), () -> {
                    Map<String, List<String>> there = messages(nelson.client(), bob.accessToken(), room);
                    return there.keySet().containsAll(sent.keySet());
                });
                eventually("kaslo has bob's acknowledged messages", Duration.ofSeconds(90), () -> {
                    Set<String> ids = new HashSet<>();
                    messages(kaslo, alice.accessToken(), room).values().forEach(ids::addAll);
                    return ids.containsAll(bobAcked.values());
                });
                // the appservice is fed every acknowledged event
                eventually("the appservice has every acknowledged event", Duration.ofSeconds(90), () -> {
                    Set<String> ids = new HashSet<>();
                    for (var t : appservice.transactions())
                        for (JsonNode e : t.body().path("events")) ids.add(e.path("event_id").asText());
                    return ids.containsAll(sent.values());
                });

                node.destroy();
                assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
                if (!TestDatabases.postgres()) {
                    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/homeserver.db"));
                         ResultSet rs = c.createStatement().executeQuery("PRAGMA integrity_check")) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getString(1)).isEqualTo("ok");
                    }
                }
            } catch (Exception | AssertionError e) {
                throw new AssertionError("node log:\n" + tail(log), e);
            } finally {
                node.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                if (schema != null) TestDatabases.dropSchema(schema);
            }
        }
    }

    /** Message bodies in a room, each with the ids of the events that carry it (paging /messages back to the start). */
    static Map<String, List<String>> messages(TestClient client, String token, String room) {
        Map<String, List<String>> out = new HashMap<>();
        String from = "";
        for (int page = 0; page < 100; page++) {
            var r = client.get("/_matrix/client/v3/rooms/" + enc(room) + "/messages?dir=b&limit=500" + from, token);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode chunk = r.json().path("chunk");
            for (JsonNode e : chunk) {
                if (e.path("type").asText().equals("m.room.message"))
                    out.computeIfAbsent(e.path("content").path("body").asText(), k -> new ArrayList<>()).add(e.path("event_id").asText());
            }
            if (chunk.isEmpty() || !r.json().has("end")) break;
            from = "&from=" + enc(r.json().path("end").asText());
        }
        return out;
    }

    static String tail(Path log) {
        try {
            String s = Files.readString(log);
            return s.length() > 20000 ? s.substring(s.length() - 20000) : s;
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
