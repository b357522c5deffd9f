package org.lightweb.bench;

import java.time.Duration;

/**
 * Scenario 1, registrations per second: {@code bench.registrations} accounts (default 300) through the m.login.dummy
 * flow (two requests each, a device and an access token made), {@code bench.registerConcurrency} at once (default
 * 10), after 20 untimed ones.
 */
final class RegisterScenario {
    private RegisterScenario() {}

    static void run(Server s, Results r) {
        int count = Integer.getInteger("bench.registrations", 300);
        int concurrency = Integer.getInteger("bench.registerConcurrency", 10);
        Api api = new Api(s.baseUrl());
        Load.run(concurrency, 20, Duration.ofMinutes(2), i -> api.register("warm-" + i));
        long wall = Load.run(concurrency, count, Duration.ofMinutes(5), i -> api.register("reg-" + i));
        r.add(s.kind(), "register.rate", "registrations per second (" + count + ", " + concurrency + " at once)",
                count / Load.seconds(wall), "/s", true);
        r.add(s.kind(), "register.errors", "registration errors", api.errors(), "count", false);
    }
}
