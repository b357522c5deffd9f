package org.lightweb.storage.cache;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Which entities (rooms, users) changed after a stream position, from memory: the answer to "what is new since
 * this sync token" without a query, for the recent positions that most long-polls ask about. Like Synapse's
 * StreamChangeCache. Knows every change after {@link #earliestKnown()}; older questions get an empty answer and
 * go to the database.
 *
 * <p>Writers call {@link #record} in stream order (from the ordered writer, after commit). At most
 * {@code capacity} entities are kept: forgetting the oldest moves {@code earliestKnown} up to its position.
 */
public final class StreamChangeCache {
    private final int capacity;
    /** position -> entities whose latest change was at that position */
    private final ConcurrentSkipListMap<Long, Set<String>> byPosition = new ConcurrentSkipListMap<>();
    private final Map<String, Long> latest = new ConcurrentHashMap<>();
    private volatile long earliestKnown;

    /** @param startPosition the stream's head when the cache starts: every later change will be recorded */
    public StreamChangeCache(long startPosition, int capacity) {
        this.earliestKnown = startPosition;
        this.capacity = Math.max(1, capacity);
    }

    /** Every change after this position is known. */
    public long earliestKnown() { return earliestKnown; }

    public synchronized void record(String entity, long position) {
        Long previous = latest.put(entity, position);
        if (previous != null) {
            if (previous > position) {   // out of order: keep the newest
                latest.put(entity, previous);
                return;
            }
            Set<String> at = byPosition.get(previous);
            if (at != null) {
                at.remove(entity);
                if (at.isEmpty()) byPosition.remove(previous);
            }
        }
        byPosition.computeIfAbsent(position, p -> ConcurrentHashMap.newKeySet()).add(entity);
        while (latest.size() > capacity) {
            Map.Entry<Long, Set<String>> oldest = byPosition.pollFirstEntry();
            if (oldest == null) break;
            for (String e : oldest.getValue()) latest.remove(e, oldest.getKey());
            earliestKnown = Math.max(earliestKnown, oldest.getKey());
        }
    }

    /**
     * The entities that changed in (after, upTo], or empty when changes that old are not known here. Entities
     * that changed in the window and again after {@code upTo} are included too (a superset is safe: callers
     * read what changed).
     */
    public Optional<Set<String>> changedIn(long after, long upTo) {
        if (after < earliestKnown) return Optional.empty();
        Set<String> out = new HashSet<>();
        for (Set<String> at : byPosition.tailMap(after, false).values()) out.addAll(at);
        // Re-check: an eviction racing with the read may have dropped part of the window.
        if (after < earliestKnown) return Optional.empty();
        return Optional.of(out);
    }

    /** Whether {@code entity} may have changed after {@code after} (true when the cache cannot tell). */
    public boolean maybeChangedSince(String entity, long after) {
        if (after < earliestKnown) return true;
        Long at = latest.get(entity);
        return at != null && at > after;
    }
}
