package org.lightweb.server.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import org.lightweb.core.Clock;
import org.lightweb.core.MatrixException;
import org.lightweb.server.config.HomeserverConfig.Rate;

/**
 * Token buckets per (action, key), as Synapse's rc_* limits: {@code burst_count} actions at once, refilled at
 * {@code per_second}. Buckets live in a bounded cache, so a flood of distinct keys cannot exhaust memory.
 */
public final class RateLimiter {
    private final boolean enabled;
    private final Clock clock;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(100_000).expireAfterAccess(Duration.ofHours(1)).build();

    public RateLimiter(boolean enabled, Clock clock) {
        this.enabled = enabled;
        this.clock = clock;
    }

    /** Takes one action from the bucket, or fails with 429 M_LIMIT_EXCEEDED and when to retry. */
    public void take(String action, String key, Rate rate) {
        if (!enabled) return;
        long wait = bucket(action, key).take(rate, clock.millis(), true);
        if (wait > 0) throw MatrixException.limitExceeded(wait);
    }

    /** Fails like {@link #take} when the bucket is empty, without taking anything. */
    public void check(String action, String key, Rate rate) {
        if (!enabled) return;
        long wait = bucket(action, key).take(rate, clock.millis(), false);
        if (wait > 0) throw MatrixException.limitExceeded(wait);
    }

    /** Records an action that already happened (a failed login), whatever the bucket holds. */
    public void record(String action, String key, Rate rate) {
        if (!enabled) return;
        bucket(action, key).take(rate, clock.millis(), true);
    }

    private Bucket bucket(String action, String key) {
        return buckets.get(action + "\u0000" + key, k -> new Bucket());
    }

    private static final class Bucket {
        private double used;
        private long lastMillis = -1;

        /** Returns 0 when allowed (and takes one if {@code consume}), else the milliseconds until one is free. */
        synchronized long take(Rate rate, long now, boolean consume) {
            if (lastMillis >= 0) used = Math.max(0, used - (now - lastMillis) / 1000.0 * rate.perSecond());
            lastMillis = now;
            if (used + 1 > rate.burstCount()) {
                return (long) Math.ceil((used + 1 - rate.burstCount()) / rate.perSecond() * 1000);
            }
            if (consume) used += 1;
            return 0;
        }
    }
}
