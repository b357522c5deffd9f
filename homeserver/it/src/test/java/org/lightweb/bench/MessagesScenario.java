package org.lightweb.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.lightweb.core.Json;

/**
 * Scenario 2, message throughput: {@code bench.senders} users (default 50) each send
 * {@code bench.messagesPerSender} messages (default 40) one after another with distinct transaction ids, all
 * senders at once (one thread each): first into one room they all joined, then each into a room of its own.
 * Figures: messages per second (all messages over the wall time), the p50/p99 of each send's latency (request to
 * response), errors, and the server's CPU seconds per 1,000 messages over both phases (from /proc). First rounds
 * of {@code bench.warmUpPerSender} untimed messages per sender (default 10), into the shared room and into each
 * sender's own, until the server's JIT compilers are quiet ({@link WarmUp}): the figures are of the server's compiled
 * code (the footnote says where its CPU went during the timed phases, compilers included).
 */
final class MessagesScenario {
    private MessagesScenario() {}

    static void run(Server s, Results r) {
        int senders = Integer.getInteger("bench.senders", 50);
        int perSender = Integer.getInteger("bench.messagesPerSender", 40);
        int warmUp = Integer.getInteger("bench.warmUpPerSender", 10);
        Api api = new Api(s.baseUrl());
        Api.Account[] users = new Api.Account[senders];
        Load.run(10, senders, Duration.ofMinutes(2), i -> users[i] = api.register("snd-" + i));
        String shared = api.createRoom(users[0], Json.object().put("preset", "public_chat"));
        Load.run(10, senders - 1, Duration.ofMinutes(2), i -> api.join(users[i + 1], shared, null));
        String[] own = new String[senders];
        Load.run(10, senders, Duration.ofMinutes(2), i -> own[i] = api.createRoom(users[i], Json.object()));
        int[] round = {0};
        WarmUp.Done warm = WarmUp.untilQuiet(s, 1, () -> {
            int n = round[0]++;
            Load.run(senders, senders, Duration.ofMinutes(2), i -> {
                for (int m = 0; m < warmUp; m++) {
                    api.send(users[i], shared, "warm-" + n + "-" + m, "warm-up " + m);
                    api.send(users[i], own[i], "warm-own-" + n + "-" + m, "warm-up " + m);
                }
            });
        });
        r.footnote(s.kind() + "'s message warm-up: " + warm.describe("of " + senders + " senders x " + warmUp
                + " messages into the shared room and as many into their own") + ".");
        long setupErrors = api.errors();

        long self = ProcessHandle.current().pid();
        double cpu0 = ProcStats.cpuSeconds(s.pid());
        double load0 = ProcStats.cpuSeconds(self);
        var threads0 = ProcStats.cpuByThread(s.pid());
        List<Long> oneRoom = Collections.synchronizedList(new ArrayList<>());
        long wallOne = Load.run(senders, senders, Duration.ofMinutes(10),
                i -> sendAll(api, users[i], shared, "one-" + i + "-", perSender, oneRoom));
        List<Long> manyRooms = Collections.synchronizedList(new ArrayList<>());
        long wallMany = Load.run(senders, senders, Duration.ofMinutes(10),
                i -> sendAll(api, users[i], own[i], "own-" + i + "-", perSender, manyRooms));
        double cpu = ProcStats.cpuSeconds(s.pid()) - cpu0;
        double load = ProcStats.cpuSeconds(self) - load0;
        r.footnote(s.kind() + "'s CPU during the message phases (" + String.format("%.1f", cpu) + " s of "
                + String.format("%.1f", Load.seconds(wallOne + wallMany)) + " s; the load generator's: "
                + String.format("%.1f", load) + " s), by thread: " + ProcStats.topThreads(threads0, ProcStats.cpuByThread(s.pid()), 8) + ".");

        int total = senders * perSender;
        String k = s.kind();
        r.add(k, "msg.one.rate", "messages per second, one room, " + senders + " senders x " + perSender,
                total / Load.seconds(wallOne), "/s", true);
        r.add(k, "msg.one.p50", "send latency p50, one room", Load.percentileMs(oneRoom, 50), "ms", false);
        r.add(k, "msg.one.p99", "send latency p99, one room", Load.percentileMs(oneRoom, 99), "ms", false);
        r.add(k, "msg.many.rate", "messages per second, " + senders + " rooms (one sender each) x " + perSender,
                total / Load.seconds(wallMany), "/s", true);
        r.add(k, "msg.many.p50", "send latency p50, " + senders + " rooms", Load.percentileMs(manyRooms, 50), "ms", false);
        r.add(k, "msg.many.p99", "send latency p99, " + senders + " rooms", Load.percentileMs(manyRooms, 99), "ms", false);
        r.add(k, "msg.errors", "message errors (setup + sends)", api.errors(), "count", false);
        if (setupErrors > 0) System.err.println("bench: " + k + ": " + setupErrors + " errors while setting up the message scenario");
        r.add(k, "msg.cpu", "server CPU seconds per 1,000 messages", cpu * 1000 / (2.0 * total), "s", false);
    }

    private static void sendAll(Api api, Api.Account user, String room, String txnPrefix, int count, List<Long> latencies) {
        for (int m = 0; m < count; m++) {
            long t = System.nanoTime();
            Api.Res res = api.send(user, room, txnPrefix + m, "message " + m);
            if (res.ok()) latencies.add(System.nanoTime() - t);
        }
    }
}
