package org.lightweb.storage.push;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;
import org.lightweb.storage.push.PushActionRepository.Counts;

/**
 * Each user's unread counts per room (by thread), in memory: every sync of a room reads them, and in a busy room
 * every message changes them for every member. New notifications are added to a kept entry instead of dropping
 * it, so a message fanned out to a hundred members costs no query per member; a read receipt drops the entry.
 *
 * <p>Why it cannot count a notification twice or miss one: a writer stamps the keys it is about to change
 * ({@link #aboutToAdd}) before its transaction, and adds to entries after the commit ({@link #added}) only
 * when the entry's load began before that stamp. A load whose key was stamped while it ran is not kept, so an
 * entry that began before the stamp read the table before the notification was there. An entry that began after
 * the stamp may or may not have seen it: it is dropped instead.
 */
public final class UnreadCountCache {
    private static final int STRIPES = 1024;

    private record Key(String userId, String roomId) {}

    private record Entry(Map<String, Counts> byThread, long loadedFrom) {}

    private final boolean enabled;
    private final Cache<Key, Entry> entries;
    private final AtomicLong clock = new AtomicLong();
    /** The latest stamp given to any key of each stripe. */
    private final AtomicLongArray stamps = new AtomicLongArray(STRIPES);

    /** @param maximumEntries (user, room) pairs to keep; 0 keeps none */
    public UnreadCountCache(long maximumEntries) {
        this.enabled = maximumEntries > 0;
        this.entries = Caffeine.newBuilder().maximumSize(Math.max(1, maximumEntries)).executor(Runnable::run).build();
    }

    public static UnreadCountCache none() { return new UnreadCountCache(0); }

    Future<Map<String, Counts>> get(String userId, String roomId, Supplier<Future<Map<String, Counts>>> load) {
        if (!enabled) return load.get();
        Key key = new Key(userId, roomId);
        Entry cached = entries.getIfPresent(key);
        if (cached != null) return Future.succeededFuture(cached.byThread());
        int stripe = stripe(key);
        long start = clock.get();
        return load.get().onSuccess(counts -> {
            if (stamps.get(stripe) > start) return;
            entries.put(key, new Entry(Map.copyOf(counts), start));
            if (stamps.get(stripe) > start) entries.invalidate(key);   // stamped between the check and the put
        });
    }

    /** Before a transaction that adds notifications for these (user, room) pairs: the stamp to pass to {@link #added}. */
    long aboutToAdd(List<PushActionRepository.NewAction> actions) {
        long stamp = clock.incrementAndGet();
        for (var a : actions) stamps.accumulateAndGet(stripe(new Key(a.userId(), a.roomId())), stamp, Math::max);
        return stamp;
    }

    /** After the commit: the notifications that were stored (not those that were there already). */
    void added(List<PushActionRepository.NewAction> stored, long stamp) {
        if (!enabled) return;
        for (var a : stored) {
            Counts one = new Counts(1, a.highlight() ? 1 : 0);
            entries.asMap().computeIfPresent(new Key(a.userId(), a.roomId()), (k, e) -> {
                if (e.loadedFrom() >= stamp) return null;   // may have seen it already: load again
                Map<String, Counts> next = new HashMap<>(e.byThread());
                next.merge(a.threadId(), one, Counts::plus);
                return new Entry(Map.copyOf(next), e.loadedFrom());
            });
        }
    }

    /** After a read receipt of the user in the room was stored: counts start again from it. */
    public void receiptMoved(String userId, String roomId) {
        Key key = new Key(userId, roomId);
        long stamp = clock.incrementAndGet();
        stamps.accumulateAndGet(stripe(key), stamp, Math::max);
        entries.invalidate(key);
    }

    private static int stripe(Key key) {
        int h = key.hashCode();
        return (h ^ (h >>> 16)) & (STRIPES - 1);
    }
}
