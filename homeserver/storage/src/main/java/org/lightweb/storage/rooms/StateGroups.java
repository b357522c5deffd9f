package org.lightweb.storage.rooms;

import static org.lightweb.storage.jooq.Tables.STATE_GROUPS;
import static org.lightweb.storage.jooq.Tables.STATE_GROUP_ENTRIES;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.lightweb.storage.StreamPositions;

/**
 * State groups: deltas against a parent, with a full snapshot whenever the delta chain would pass
 * {@code snapshotInterval}. Groups never change once written, so materialised states are cached.
 */
public final class StateGroups {
    private final int snapshotInterval;
    private final Cache<Long, Map<StateKeyId, String>> cache;

    public StateGroups(int snapshotInterval, long cacheEntries) {
        this.snapshotInterval = snapshotInterval;
        this.cache = Caffeine.newBuilder().maximumWeight(cacheEntries)
                .weigher((Long k, Map<StateKeyId, String> v) -> Math.max(1, v.size())).build();
    }

    /** The full state of a group: reads at most {@code snapshotInterval} deltas. */
    /** The state of a group when it is in memory, else null (the caller reads it with {@link #read}). */
    public Map<StateKeyId, String> cached(long group) {
        return cache.getIfPresent(group);
    }

    /** Keeps the state of a group whose transaction has committed (its id is now its own for good). */
    void remember(long group, Map<StateKeyId, String> state) {
        cache.put(group, Map.copyOf(state));
    }

    public Map<StateKeyId, String> read(DSLContext ctx, long group) {
        Map<StateKeyId, String> cached = cache.getIfPresent(group);
        if (cached != null) return cached;
        Deque<Long> chain = new ArrayDeque<>();
        Map<StateKeyId, String> base = null;
        Long g = group;
        while (g != null) {
            Map<StateKeyId, String> hit = cache.getIfPresent(g);
            if (hit != null) {
                base = hit;
                break;
            }
            chain.push(g);
            var row = ctx.select(STATE_GROUPS.PREV_GROUP).from(STATE_GROUPS).where(STATE_GROUPS.STATE_GROUP.eq(g)).fetchOne();
            if (row == null) throw new IllegalStateException("missing state group " + g);
            g = row.value1();   // null: g is a snapshot
        }
        Map<StateKeyId, String> state = base == null ? new HashMap<>() : new HashMap<>(base);
        for (Long step : chain) {
            ctx.selectFrom(STATE_GROUP_ENTRIES).where(STATE_GROUP_ENTRIES.STATE_GROUP.eq(step)).forEach(e -> {
                StateKeyId key = new StateKeyId(e.getType(), e.getStateKey());
                if (e.getEventId() == null) state.remove(key);
                else state.put(key, e.getEventId());
            });
        }
        Map<StateKeyId, String> result = Collections.unmodifiableMap(state);
        cache.put(group, result);
        return result;
    }

    /**
     * Stores {@code state} as a new group of {@code roomId}: a delta against {@code parent} (whose full state is
     * {@code parentState}), or a snapshot when there is no parent or the chain is long enough.
     */
    public long write(DSLContext tx, String roomId, Long parent, Map<StateKeyId, String> parentState,
                      Map<StateKeyId, String> state) {
        long id = StreamPositions.next(tx, "state_groups", 1);
        int parentChain = parent == null ? 0 : tx.select(STATE_GROUPS.CHAIN_LENGTH).from(STATE_GROUPS)
                .where(STATE_GROUPS.STATE_GROUP.eq(parent)).fetchSingle(STATE_GROUPS.CHAIN_LENGTH);
        boolean snapshot = parent == null || parentChain + 1 >= snapshotInterval;
        tx.insertInto(STATE_GROUPS)
                .set(STATE_GROUPS.STATE_GROUP, id).set(STATE_GROUPS.ROOM_ID, roomId)
                .set(STATE_GROUPS.PREV_GROUP, snapshot ? null : parent)
                .set(STATE_GROUPS.CHAIN_LENGTH, snapshot ? 0 : parentChain + 1)
                .execute();
        Map<StateKeyId, String> entries = new HashMap<>();
        if (snapshot) {
            entries.putAll(state);
        } else {
            state.forEach((k, v) -> { if (!v.equals(parentState.get(k))) entries.put(k, v); });
            parentState.keySet().forEach(k -> { if (!state.containsKey(k)) entries.put(k, null); });
        }
        // A JDBC batch: a joined room's first group holds thousands of entries, which jOOQ rendered as one statement.
        List<Object[]> rows = new java.util.ArrayList<>(entries.size());
        for (var e : entries.entrySet()) rows.add(new Object[] {id, e.getKey().type(), e.getKey().stateKey(), e.getValue()});
        org.lightweb.storage.Jdbc.batch(tx, "INSERT INTO state_group_entries (state_group, type, state_key, event_id) "
                + "VALUES (?, ?, ?, ?)", rows);
        // Not cached here: the transaction may still roll back, and its id be given to another group.
        return id;
    }
}
