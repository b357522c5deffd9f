package org.lightweb.appservice.adminbot;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.lightweb.appservice.kit.AsClient;

/**
 * Whether a user is a server admin: GET /_synapse/admin/v2/users/{userId} answers {@code admin: true}. Answers are
 * kept for a short while (a revoked admin loses the bot within that time); remote users are never admins here.
 */
final class AdminCheck {
    private record Known(boolean admin, Instant until) {}

    private final AsClient client;
    private final String serverName;
    private final Duration ttl;
    private final Supplier<Instant> clock;
    private final Map<String, Known> cache = new ConcurrentHashMap<>();

    AdminCheck(AsClient client, String serverName, Duration ttl, Supplier<Instant> clock) {
        this.client = client;
        this.serverName = serverName;
        this.ttl = ttl;
        this.clock = clock;
    }

    CompletionStage<Boolean> isAdmin(String userId) {
        if (!userId.endsWith(":" + serverName)) return CompletableFuture.completedFuture(false);
        Instant now = clock.get();
        Known known = cache.get(userId);
        if (known != null && known.until().isAfter(now)) return CompletableFuture.completedFuture(known.admin());
        if (cache.size() > 10_000) cache.clear();
        return client.call("GET", "/_synapse/admin/v2/users/" + AsClient.enc(userId), null).handle((u, err) -> {
            if (err != null && !CommandContext.isNotFound(err)) throw new CompletionException(err);
            boolean admin = err == null && (u.path("admin").asBoolean(false) || u.path("admin").asInt(0) == 1)
                    && !u.path("deactivated").asBoolean(false);
            cache.put(userId, new Known(admin, now.plus(ttl)));
            return admin;
        });
    }
}
