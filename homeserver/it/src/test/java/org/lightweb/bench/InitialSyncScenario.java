package org.lightweb.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.lightweb.core.Json;

/**
 * Scenario 4, initial sync: one user in {@code bench.rooms} rooms (default 500), each made by createRoom and
 * filled with messages up to {@code bench.eventsPerRoom} events (default 20; lightweb's createRoom makes 7, so 13
 * messages are sent into each, on both servers), set up by 8 client threads. Then the median of 5 initial syncs,
 * timeline limit 10, without and with lazy-loaded members. Each sync's filter differs by an unused account-data
 * type so that no server answers it from a cache of the previous one (Synapse caches a sync response for 2
 * minutes by its request).
 */
final class InitialSyncScenario {
    private InitialSyncScenario() {}

    static void run(Server s, Results r) {
        int rooms = Integer.getInteger("bench.rooms", 500);
        int eventsPerRoom = Integer.getInteger("bench.eventsPerRoom", 20);
        int messages = Math.max(0, eventsPerRoom - 7);
        Api api = new Api(s.baseUrl());
        Api.Account user = api.register("many-rooms");
        long setup = Load.run(8, rooms, Duration.ofMinutes(15), i -> {
            String room = api.createRoom(user, Json.object());
            for (int e = 0; e < messages; e++) api.send(user, room, "is-" + i + "-" + e, "event " + e);
        });
        String k = s.kind();
        r.add(k, "isync.setup", "initial sync setup: " + rooms + " rooms (createRoom + " + messages + " messages)",
                Load.seconds(setup), "s", false);
        List<Long> plain = new ArrayList<>();
        List<Long> lazy = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < 5; i++) bytes = time(api, user, i, false, plain);
        for (int i = 0; i < 5; i++) time(api, user, i, true, lazy);
        r.add(k, "isync.plain", "initial sync of " + rooms + " rooms, median of 5", Load.percentileMs(plain, 50), "ms", false);
        r.add(k, "isync.lazy", "initial sync, lazy-loaded members, median of 5", Load.percentileMs(lazy, 50), "ms", false);
        r.add(k, "isync.size", "initial sync response size", bytes / 1024.0, "KiB", false);
        r.add(k, "isync.errors", "initial sync errors (setup, syncs)", api.errors(), "count", false);
    }

    private static long time(Api api, Api.Account user, int run, boolean lazy, List<Long> times) {
        String filter = "{\"account_data\":{\"not_types\":[\"bench.run." + run + "\"]},\"room\":{\"timeline\":{\"limit\":10}"
                + (lazy ? ",\"state\":{\"lazy_load_members\":true}" : "") + "}}";
        long t = System.nanoTime();
        Api.Res res = api.sync(user, "filter=" + Api.enc(filter), Duration.ofSeconds(120));
        long took = System.nanoTime() - t;
        if (res.ok()) times.add(took);
        return res.body() == null ? 0 : res.body().length();
    }
}
