package org.lightweb.server.sync;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which member events each device has already been sent while lazy-loading members, so that an incremental sync
 * sends a timeline sender's member event once, not with every message (the filter's include_redundant_members
 * false, the default; Synapse's lazy-loaded members cache).
 *
 * <p>An event counts as sent only once the device syncs from a token at or after the response that carried it:
 * a response the client never received (a dropped connection, then a retry with the old token) sends the members
 * again.
 */
final class LazyMembers {
    /** Member events remembered per device; past this the device's memory starts again (members are re-sent). */
    static final int MAX_PER_DEVICE = 10_000;

    /** user|device -> member event id -> the events position of the response that carried it */
    private final Cache<String, Map<String, Long>> byDevice;

    LazyMembers(long devices, Duration idle) {
        this.byDevice = Caffeine.newBuilder().maximumSize(Math.max(1, devices)).expireAfterAccess(idle).build();
    }

    /** An initial or full-state sync: the client starts from nothing. */
    void reset(SyncContext ctx) {
        String key = key(ctx);
        if (key != null) byDevice.invalidate(key);
    }

    /** Whether the device already has this member event, by its token. */
    boolean has(SyncContext ctx, String eventId) {
        String key = key(ctx);
        if (key == null || ctx.initial()) return false;
        Map<String, Long> sent = byDevice.getIfPresent(key);
        Long at = sent == null ? null : sent.get(eventId);
        return at != null && at <= ctx.since(SyncToken.Stream.EVENTS);
    }

    void sent(SyncContext ctx, Collection<String> eventIds) {
        String key = key(ctx);
        if (key == null || eventIds.isEmpty()) return;
        Map<String, Long> sent = byDevice.get(key, k -> new ConcurrentHashMap<>());
        if (sent.size() > MAX_PER_DEVICE) sent.clear();
        long at = ctx.upTo().events();
        for (String id : eventIds) sent.merge(id, at, Math::min);
    }

    private static String key(SyncContext ctx) {
        return ctx.who().deviceId() == null ? null : ctx.userId() + "|" + ctx.who().deviceId();
    }
}
