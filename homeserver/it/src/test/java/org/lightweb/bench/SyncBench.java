package org.lightweb.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.lightweb.core.Json;
import org.lightweb.it.TestClient;
import org.lightweb.it.TestNode;

/**
 * The sync figures of the sync issue, measured against a real node on a fresh database (run by scripts/bench):
 * (1) fan-out: receivers long-polling one room, the time from a send's response to each receiver's sync response
 * carrying it, p50/p99, and that no message is lost; (2) an initial sync of a user in many rooms with events in
 * each. Bounded in count and time; prints a table.
 */
public final class SyncBench {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        int receivers = Integer.getInteger("bench.receivers", 100);
        int messages = Integer.getInteger("bench.messages", 200);
        int rooms = Integer.getInteger("bench.rooms", 500);
        int eventsPerRoom = Integer.getInteger("bench.eventsPerRoom", 20);
        // By default the node runs in its own JVM, as it does in production: the load generator's own garbage
        // and threads then do not pause the server. -Dbench.node=inprocess runs it inside this JVM instead.
        boolean ownProcess = !"inprocess".equals(System.getProperty("bench.node"));
        Target target = ownProcess ? NodeProcess.start(System.getProperty("bench.serverJvm", NodeProcess.DEFAULT_JVM))
                : InProcess.start();
        try {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"node", ownProcess ? "own JVM: " + System.getProperty("bench.serverJvm", NodeProcess.DEFAULT_JVM)
                    : "inside the load generator's JVM"});
            rows.addAll(fanOut(target, receivers, messages));
            rows.addAll(initialSync(target, rooms, eventsPerRoom));
            System.out.println();
            System.out.printf("%-58s %12s%n", "figure", "value");
            for (String[] r : rows) System.out.printf("%-58s %12s%n", r[0], r[1]);
        } finally {
            target.stop();
        }
    }

    /** The node under test: its client API's base URL. */
    interface Target {
        String baseUrl();

        default TestClient client() { return new TestClient(baseUrl()); }

        void stop() throws Exception;
    }

    record InProcess(TestNode node) implements Target {
        static InProcess start() throws Exception {
            TestNode node = TestNode.create(c -> c.with("log").put("level", "error"));
            node.start();
            return new InProcess(node);
        }

        public String baseUrl() { return node.baseUrl(); }

        public void stop() throws Exception { node.stop(); }
    }

    /** A node started with the project's own entry point ({@code Main run --config}) in a child JVM. */
    record NodeProcess(Process process, String baseUrl, java.nio.file.Path dir) implements Target {
        static final String DEFAULT_JVM = "-Xms256m -Xmx2g -XX:+UseParallelGC";

        static NodeProcess start(String jvmOptions) throws Exception {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("lightweb-bench");
            int port;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            String config = String.join("\n",
                    "server_name: localhost",
                    "data_dir: " + dir,
                    "listeners:",
                    "  client: {bind: 127.0.0.1, port: " + port + "}",
                    "  federation: {bind: 127.0.0.1, port: 0, tls: none}",
                    "database: {type: sqlite}",
                    "registration: {enabled: true, require_token: false}",
                    "passwords: {argon2_memory: 64KiB, argon2_iterations: 1, minimum_length: 8}",
                    "rate_limits: {enabled: false}",
                    "log: {level: error}", "");
            java.nio.file.Path file = dir.resolve("homeserver.yaml");
            java.nio.file.Files.writeString(file, config);
            List<String> command = new ArrayList<>();
            command.add(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString());
            for (String o : jvmOptions.trim().split("\\s+")) if (!o.isEmpty()) command.add(o);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.lightweb.server.Main", "run",
                    "--config", file.toString()));
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("node.log").toFile()).start();
            String base = "http://127.0.0.1:" + port;
            long deadline = System.currentTimeMillis() + 60_000;
            while (true) {
                try {
                    if (HTTP.send(HttpRequest.newBuilder(URI.create(base + "/_matrix/client/versions")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) break;
                } catch (java.io.IOException notYet) {
                    // not listening yet
                }
                if (!p.isAlive() || System.currentTimeMillis() > deadline) {
                    p.destroyForcibly();
                    throw new IllegalStateException("the node did not start; see " + dir.resolve("node.log"));
                }
                Thread.sleep(100);
            }
            return new NodeProcess(p, base, dir);
        }

        public void stop() throws Exception {
            process.destroy();   // SIGTERM: the node shuts down cleanly
            if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly();
        }
    }

    static List<String[]> fanOut(Target node, int receivers, int messages) throws Exception {
        TestClient c = node.client();
        TestClient.Account sender = c.register("bench-sender", "password123");
        String room = c.post("/_matrix/client/v3/createRoom", sender.accessToken(), Json.object().put("preset", "public_chat"))
                .json().path("room_id").asText();
        List<TestClient.Account> users = new ArrayList<>();
        for (int i = 0; i < receivers; i++) {
            TestClient.Account u = c.register("bench-rx-" + i, "password123");
            c.post("/_matrix/client/v3/rooms/" + room + "/join", u.accessToken(), Json.object());
            users.add(u);
        }
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Object[]> arrivals = Collections.synchronizedList(new ArrayList<>());   // {event id, arrival nanos}
        CountDownLatch done = new CountDownLatch(receivers);
        AtomicBoolean stop = new AtomicBoolean();
        String filter = java.net.URLEncoder.encode("{\"room\":{\"timeline\":{\"limit\":50}}}", java.nio.charset.StandardCharsets.UTF_8);
        for (TestClient.Account u : users) {
            String since = c.get("/_matrix/client/v3/sync?filter=" + filter, u.accessToken()).json().path("next_batch").asText();
            Thread t = new Thread(() -> poll(node.baseUrl(), u, room, since, filter, messages, arrivals, done, stop));
            t.setDaemon(true);
            t.start();
        }
        Thread.sleep(500);
        long deadline = System.currentTimeMillis() + 120_000;
        for (int i = 0; i < messages && System.currentTimeMillis() < deadline; i++) {
            var res = c.put("/_matrix/client/v3/rooms/" + room + "/send/m.room.message/b" + i, sender.accessToken(),
                    Json.object().put("msgtype", "m.text").put("body", "bench " + i));
            sentAt.put(res.json().path("event_id").asText(), System.nanoTime());
            Thread.sleep(20);
        }
        boolean all = done.await(60, TimeUnit.SECONDS);
        stop.set(true);
        long expected = (long) receivers * messages;
        List<Long> sorted = new ArrayList<>();
        synchronized (arrivals) {
            for (Object[] a : arrivals) {
                Long at = sentAt.get((String) a[0]);
                // A receiver may hear of a message before the sender has read its send response: latency 0.
                if (at != null) sorted.add(Math.max(0, (Long) a[1] - at));
            }
        }
        Collections.sort(sorted);
        return List.of(
                new String[] {"fan-out: receivers long-polling one room", Integer.toString(receivers)},
                new String[] {"fan-out: messages sent", Integer.toString(messages)},
                new String[] {"fan-out: deliveries (expected " + expected + ")", Integer.toString(sorted.size()) + (all ? "" : " (timed out)")},
                new String[] {"fan-out: send response -> sync response, p50 (ms)", fmt(percentile(sorted, 50))},
                new String[] {"fan-out: send response -> sync response, p99 (ms)", fmt(percentile(sorted, 99))});
    }

    private static void poll(String base, TestClient.Account u, String room, String since, String filter, int messages,
                             List<Object[]> arrivals, CountDownLatch done, AtomicBoolean stop) {
        int seen = 0;
        String token = since;
        try {
            while (seen < messages && !stop.get()) {
                HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/_matrix/client/v3/sync?timeout=30000&filter="
                        + filter + "&since=" + token)).header("Authorization", "Bearer " + u.accessToken())
                        .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
                long now = System.nanoTime();
                JsonNode body = Json.parse(res.body());
                token = body.path("next_batch").asText(token);
                for (JsonNode e : body.path("rooms").path("join").path(room).path("timeline").path("events")) {
                    if (e.path("type").asText().equals("m.room.message") && e.path("sender").asText().startsWith("@bench-sender")) {
                        seen++;
                        arrivals.add(new Object[] {e.path("event_id").asText(), now});
                    }
                }
            }
        } catch (Exception e) {
            System.err.println("poller " + u.userId() + " stopped: " + e);
        } finally {
            done.countDown();
        }
    }

    static List<String[]> initialSync(Target node, int rooms, int eventsPerRoom) throws Exception {
        TestClient c = node.client();
        TestClient.Account user = c.register("bench-many", "password123");
        long setup = System.nanoTime();
        for (int r = 0; r < rooms; r++) {
            String room = c.post("/_matrix/client/v3/createRoom", user.accessToken(), Json.object()).json().path("room_id").asText();
            for (int e = 0; e < eventsPerRoom - 7; e++) {   // createRoom already made 7 events
                c.put("/_matrix/client/v3/rooms/" + room + "/send/m.room.message/i" + r + "-" + e, user.accessToken(),
                        Json.object().put("msgtype", "m.text").put("body", "event " + e));
            }
        }
        long setupMs = (System.nanoTime() - setup) / 1_000_000;
        List<Long> plain = timeInitialSyncs(c, user, "", 5);
        String lazy = "?filter=" + java.net.URLEncoder.encode("{\"room\":{\"state\":{\"lazy_load_members\":true}}}",
                java.nio.charset.StandardCharsets.UTF_8);
        List<Long> lazyTimes = timeInitialSyncs(c, user, lazy, 5);
        return List.of(
                new String[] {"initial sync: rooms x events per room", rooms + " x " + eventsPerRoom},
                new String[] {"initial sync: setup through the client API (ms)", Long.toString(setupMs)},
                new String[] {"initial sync, median of 5 (ms)", fmt(percentile(plain, 50))},
                new String[] {"initial sync with lazy-loaded members, median of 5 (ms)", fmt(percentile(lazyTimes, 50))});
    }

    private static List<Long> timeInitialSyncs(TestClient c, TestClient.Account user, String query, int runs) {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            var res = c.get("/_matrix/client/v3/sync" + query, user.accessToken());
            if (res.status() != 200) throw new IllegalStateException("sync failed: " + res.body());
            times.add(System.nanoTime() - t);
        }
        Collections.sort(times);
        return times;
    }

    private static long percentile(List<Long> sortedNanos, int p) {
        if (sortedNanos.isEmpty()) return -1;
        int idx = (int) Math.ceil(p / 100.0 * sortedNanos.size()) - 1;
        return sortedNanos.get(Math.max(0, Math.min(idx, sortedNanos.size() - 1)));
    }

    private static String fmt(long nanos) {
        return nanos < 0 ? "n/a" : String.format("%.1f", nanos / 1e6);
    }
}
