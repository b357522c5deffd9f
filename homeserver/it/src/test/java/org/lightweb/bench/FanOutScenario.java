package org.lightweb.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.lightweb.core.Json;

/**
 * Scenario 3, fan-out: {@code bench.receivers} users (default 100) long-poll /sync on one room while one sender
 * sends {@code bench.messages} messages (default 200) 20 ms apart; each delivery's latency runs from the send's
 * response to the receiver's sync response carrying the message (0 when the receiver heard first). Counts the
 * deliveries (distinct receiver x event): every one expected, none lost.
 */
final class FanOutScenario {
    private FanOutScenario() {}

    private static final String FILTER = Api.enc("{\"room\":{\"timeline\":{\"limit\":50}}}");

    static void run(Server s, Results r) throws Exception {
        int receivers = Integer.getInteger("bench.receivers", 100);
        int messages = Integer.getInteger("bench.messages", 200);
        Api api = new Api(s.baseUrl());
        Api.Account sender = api.register("fan-sender");
        String room = api.createRoom(sender, Json.object().put("preset", "public_chat"));
        Api.Account[] users = new Api.Account[receivers];
        Load.run(10, receivers, Duration.ofMinutes(2), i -> {
            users[i] = api.register("fan-rx-" + i);
            api.join(users[i], room, null);
        });
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> arrivals = new ConcurrentHashMap<>();   // "receiver index/event id" -> arrival nanos
        CountDownLatch done = new CountDownLatch(receivers);
        AtomicBoolean stop = new AtomicBoolean();
        for (int i = 0; i < receivers; i++) {
            int n = i;
            String since = api.sync(users[n], "filter=" + FILTER, Duration.ofSeconds(60)).json().path("next_batch").asText();
            Thread t = new Thread(() -> poll(api, users[n], n, room, since, messages, arrivals, done, stop), "bench-poll");
            t.setDaemon(true);
            t.start();
        }
        Thread.sleep(500);
        long deadline = System.currentTimeMillis() + 120_000;
        int sent = 0;
        for (int i = 0; i < messages && System.currentTimeMillis() < deadline; i++) {
            Api.Res res = api.send(sender, room, "fan-" + i, "fan-out " + i);
            if (res.ok()) {
                sentAt.put(res.json().path("event_id").asText(), System.nanoTime());
                sent++;
            }
            Thread.sleep(20);
        }
        boolean all = done.await(60, TimeUnit.SECONDS);
        stop.set(true);
        List<Long> latencies = new ArrayList<>();
        for (Map.Entry<String, Long> a : arrivals.entrySet()) {
            Long at = sentAt.get(a.getKey().substring(a.getKey().indexOf('/') + 1));
            if (at != null) latencies.add(Math.max(0, a.getValue() - at));
        }
        String k = s.kind();
        long expected = (long) receivers * sent;
        r.add(k, "fan.sent", "fan-out messages sent (of " + messages + ", within 120 s)", sent, "count", true);
        r.add(k, "fan.deliveries", "fan-out deliveries (" + receivers + " receivers x messages sent)",
                latencies.size(), "count", true);
        r.add(k, "fan.lost", "fan-out deliveries lost" + (all ? "" : " (receivers timed out)"), expected - latencies.size(),
                "count", false);
        r.add(k, "fan.p50", "fan-out send response -> sync response p50", Load.percentileMs(latencies, 50), "ms", false);
        r.add(k, "fan.p99", "fan-out send response -> sync response p99", Load.percentileMs(latencies, 99), "ms", false);
        r.add(k, "fan.errors", "fan-out errors (sends, syncs)", api.errors(), "count", false);
    }

    private static void poll(Api api, Api.Account u, int n, String room, String since, int messages,
                             Map<String, Long> arrivals, CountDownLatch done, AtomicBoolean stop) {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        String token = since;
        try {
            while (seen.size() < messages && !stop.get()) {
                Api.Res res = api.sync(u, "timeout=30000&filter=" + FILTER + "&since=" + Api.enc(token), Duration.ofSeconds(60));
                long now = System.nanoTime();
                if (!res.ok()) {
                    Thread.sleep(100);
                    continue;
                }
                JsonNode body = res.json();
                token = body.path("next_batch").asText(token);
                for (JsonNode e : body.path("rooms").path("join").path(room).path("timeline").path("events")) {
                    if (e.path("type").asText().equals("m.room.message") && e.path("sender").asText().startsWith("@fan-sender")
                            && seen.add(e.path("event_id").asText())) {
                        arrivals.put(n + "/" + e.path("event_id").asText(), now);
                    }
                }
            }
        } catch (Exception e) {
            System.err.println("bench: poller " + u.userId() + " stopped: " + e);
        } finally {
            done.countDown();
        }
    }
}
