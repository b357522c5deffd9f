package org.lightweb.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.lightweb.core.Json;

/**
 * Scenario 3, fan-out: {@code bench.receivers} users (default 100) long-poll /sync on one room while one sender
 * sends {@code bench.messages} messages (default 200) 20 ms apart; each delivery's latency runs from the send's
 * response to the receiver's sync response carrying the message (0 when the receiver heard first). Counts the
 * deliveries (distinct receiver x event): every one expected, none lost. Rounds of {@code bench.fanWarmup} messages
 * (default 50) go the same way first, untimed, until the server's JIT compilers are quiet ({@link WarmUp}), so that
 * the figures are of compiled code, not of the JIT at work.
 */
final class FanOutScenario {
    private FanOutScenario() {}

    private static final String FILTER = Api.enc("{\"room\":{\"timeline\":{\"limit\":50}}}");

    static void run(Server s, Results r) throws Exception {
        int receivers = Integer.getInteger("bench.receivers", 100);
        int messages = Integer.getInteger("bench.messages", 200);
        int warmup = Integer.getInteger("bench.fanWarmup", 50);
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
        AtomicLong syncErrors = new AtomicLong();
        // The receivers long-poll through one event-driven client (two event loops, a connection each), as the
        // devices of a hundred users would: no thread per receiver, so the load generator's own scheduling, which
        // shares the server's cores, stays out of the figures as far as it can.
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(receivers + 10));
        URI base = URI.create(s.baseUrl());
        for (int i = 0; i < receivers; i++) {
            String since = api.sync(users[i], "filter=" + FILTER, Duration.ofSeconds(60)).json().path("next_batch").asText();
            new Poller(vertx, client, base, users[i], i, room, messages, arrivals, done, stop, syncErrors).poll(since);
        }
        Thread.sleep(500);
        int[] warmed = {0};
        WarmUp.Done warm = WarmUp.untilQuiet(s, 1, () -> {
            for (int i = 0; i < warmup; i++, warmed[0]++) {
                api.send(sender, room, "fan-warmup-" + warmed[0], "warm-up " + warmed[0]);
                pause(20);
            }
        });
        r.footnote(s.kind() + "'s fan-out warm-up: " + warm.describe("of " + warmup + " messages") + ".");
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
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        List<Long> latencies = new ArrayList<>();
        Map<String, Long> lastArrival = new java.util.HashMap<>();   // event id -> its slowest receiver's latency
        for (Map.Entry<String, Long> a : arrivals.entrySet()) {
            String event = a.getKey().substring(a.getKey().indexOf('/') + 1);
            Long at = sentAt.get(event);
            if (at == null) continue;
            long latency = Math.max(0, a.getValue() - at);
            latencies.add(latency);
            lastArrival.merge(event, latency, Math::max);
        }
        String k = s.kind();
        long expected = (long) receivers * sent;
        r.add(k, "fan.sent", "fan-out messages sent (of " + messages + ", within 120 s)", sent, "count", true);
        r.add(k, "fan.deliveries", "fan-out deliveries (" + receivers + " receivers x messages sent)",
                latencies.size(), "count", true);
        r.add(k, "fan.lost", "fan-out deliveries lost" + (all ? "" : " (receivers timed out)"), expected - latencies.size(),
                "count", false);
        r.add(k, "fan.p50", "fan-out send response -> sync response p50", Load.percentileMs(latencies, 50), "ms", false);
        r.add(k, "fan.p90", "fan-out send response -> sync response p90", Load.percentileMs(latencies, 90), "ms", false);
        r.add(k, "fan.p99", "fan-out send response -> sync response p99", Load.percentileMs(latencies, 99), "ms", false);
        r.add(k, "fan.last50", "fan-out: each message's slowest receiver, median over the messages",
                Load.percentileMs(new ArrayList<>(lastArrival.values()), 50), "ms", false);
        r.add(k, "fan.max", "fan-out send response -> sync response, slowest", Load.percentileMs(latencies, 100), "ms", false);
        r.add(k, "fan.errors", "fan-out errors (sends, syncs)", api.errors() + syncErrors.get(), "count", false);
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * One receiver's long-poll loop: a sync from its last token as soon as the previous one answers, until it has
     * seen the {@code messages} timed ones (the warm-up's are not counted).
     */
    private record Poller(Vertx vertx, HttpClient client, URI base, Api.Account u, int n, String room, int messages,
                          Map<String, Long> arrivals, CountDownLatch done, AtomicBoolean stop, AtomicLong errors) {
        void poll(String token) {
            Set<String> seen = ConcurrentHashMap.newKeySet();
            next(token, seen);
        }

        private void next(String token, Set<String> seen) {
            if (seen.size() >= messages || stop.get()) {
                if (seen.size() < messages) System.err.println("bench: " + u.userId() + " saw " + seen.size() + " of " + messages);
                done.countDown();
                return;
            }
            RequestOptions req = new RequestOptions().setMethod(HttpMethod.GET).setHost(base.getHost()).setPort(base.getPort())
                    .setURI("/_matrix/client/v3/sync?timeout=30000&filter=" + FILTER + "&since=" + Api.enc(token))
                    .putHeader("Authorization", "Bearer " + u.token()).setTimeout(60_000);
            client.request(req).compose(r -> r.send().compose(res -> res.body().map(body -> {
                long now = System.nanoTime();
                if (res.statusCode() != 200) throw new IllegalStateException("sync answered " + res.statusCode());
                return Map.entry(now, body.toString());
            }))).onComplete(ar -> {
                if (ar.failed()) {
                    if (errors.incrementAndGet() <= 10) System.err.println("bench: " + u.userId() + " sync: " + ar.cause());
                    vertx.setTimer(100, id -> next(token, seen));
                    return;
                }
                JsonNode body = Json.parse(ar.result().getValue());
                JsonNode timeline = body.path("rooms").path("join").path(room).path("timeline");
                if (timeline.path("limited").asBoolean(false)) {
                    System.err.println("bench: " + u.userId() + " got a limited timeline (seen " + seen.size() + ")");
                }
                for (JsonNode e : timeline.path("events")) {
                    if (e.path("type").asText().equals("m.room.message") && e.path("sender").asText().startsWith("@fan-sender")
                            && e.path("content").path("body").asText().startsWith("fan-out ")
                            && seen.add(e.path("event_id").asText())) {
                        arrivals.put(n + "/" + e.path("event_id").asText(), ar.result().getKey());
                    }
                }
                next(body.path("next_batch").asText(token), seen);
            });
        }
    }
}
