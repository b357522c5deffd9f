package org.lightweb.storage.push;

import static org.lightweb.storage.jooq.Tables.EVENTS;
import static org.lightweb.storage.jooq.Tables.EVENT_PUSH_ACTIONS;
import static org.lightweb.storage.jooq.Tables.RECEIPTS;
import static org.lightweb.storage.jooq.Tables.ROOM_MEMBERSHIPS;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.lightweb.storage.Db;

public final class JooqPushActionRepository implements PushActionRepository {
    /** The receipt types that mark notifications read. */
    static final List<String> READ_TYPES = List.of("m.read", "m.read.private");
    /** The thread_id of unthreaded receipts. */
    static final String UNTHREADED = "";

    private final Db db;
    private final UnreadCountCache cache;

    public JooqPushActionRepository(Db db) {
        this(db, UnreadCountCache.none());
    }

    /** @param cache shared with the receipt repository, which tells it when read receipts move */
    public JooqPushActionRepository(Db db, UnreadCountCache cache) {
        this.db = db;
        this.cache = cache;
    }

    @Override
    public Future<Void> add(List<NewAction> actions) {
        if (actions.isEmpty()) return Future.succeededFuture();
        long stamp = cache.aboutToAdd(actions);
        return db.write(tx -> {
            // One statement, prepared once and executed per member (a message to a room of a hundred members is a
            // hundred rows), in plain JDBC (see Jdbc): jOOQ's binding of each row cost the single writer more than the rows.
            List<Object[]> rows = new java.util.ArrayList<>(actions.size());
            for (NewAction a : actions) {
                rows.add(new Object[] {a.userId(), a.roomId(), a.eventId(), a.streamOrdering(), a.threadId(), a.actions(),
                        true, a.highlight(), a.ts()});
            }
            int[] counts = org.lightweb.storage.Jdbc.batch(tx, "INSERT INTO event_push_actions (user_id, room_id, event_id, "
                    + "stream_ordering, thread_id, actions, notify, highlight, ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT DO NOTHING", rows);
            List<NewAction> stored = new java.util.ArrayList<>();
            for (int i = 0; i < actions.size(); i++) {
                // a driver that cannot tell (SUCCESS_NO_INFO, -2) counts as stored: the cache then counts what is
                if (i >= counts.length || counts[i] != 0) stored.add(actions.get(i));
            }
            return stored;
        }).map(stored -> {
            cache.added(stored, stamp);
            return null;
        });
    }

    @Override
    public Future<Map<String, Counts>> unread(String userId, String roomId) {
        return cache.get(userId, roomId, () -> db.read(ctx -> {
            Map<String, Long> receipts = receiptPositions(ctx, userId, List.of(roomId)).getOrDefault(roomId, Map.of());
            long unthreaded = receipts.getOrDefault(UNTHREADED, 0L);
            Map<String, Counts> out = new HashMap<>();
            var A = EVENT_PUSH_ACTIONS;
            ctx.select(A.THREAD_ID, DSL.count(), highlightSum()).from(A)
                    .where(A.USER_ID.eq(userId), A.ROOM_ID.eq(roomId), A.NOTIFY.isTrue(), A.STREAM_ORDERING.gt(unthreaded))
                    .groupBy(A.THREAD_ID)
                    .forEach(r -> out.put(r.value1(), new Counts(r.value2(), r.value3() == null ? 0 : r.value3().longValue())));
            // A threaded receipt further than the unthreaded one hides more of its thread.
            for (var e : receipts.entrySet()) {
                String thread = e.getKey();
                if (thread.equals(UNTHREADED) || e.getValue() <= unthreaded || !out.containsKey(thread)) continue;
                var r = ctx.select(DSL.count(), highlightSum()).from(A)
                        .where(A.USER_ID.eq(userId), A.ROOM_ID.eq(roomId), A.NOTIFY.isTrue(), A.THREAD_ID.eq(thread),
                                A.STREAM_ORDERING.gt(e.getValue()))
                        .fetchOne();
                long n = r == null ? 0 : r.value1();
                if (n == 0) out.remove(thread);
                else out.put(thread, new Counts(n, r.value2() == null ? 0 : r.value2().longValue()));
            }
            return out;
        }));
    }

    private static Field<java.math.BigDecimal> highlightSum() {
        return DSL.sum(DSL.when(EVENT_PUSH_ACTIONS.HIGHLIGHT.isTrue(), 1).otherwise(0));
    }

    /**
     * The stream position each read receipt of the user points at: room -> thread ('' unthreaded) -> position.
     * Receipts for events this server does not have are left out.
     */
    static Map<String, Map<String, Long>> receiptPositions(DSLContext ctx, String userId, Collection<String> roomIds) {
        var R = RECEIPTS;
        Field<Long> position = DSL.coalesce(R.EVENT_STREAM, EVENTS.STREAM_ORDERING);
        Map<String, Map<String, Long>> out = new HashMap<>();
        ctx.select(R.ROOM_ID, R.THREAD_ID, DSL.max(position)).from(R).leftJoin(EVENTS).on(EVENTS.EVENT_ID.eq(R.EVENT_ID))
                .where(R.USER_ID.eq(userId), R.ROOM_ID.in(roomIds), R.RECEIPT_TYPE.in(READ_TYPES))
                .groupBy(R.ROOM_ID, R.THREAD_ID)
                .forEach(r -> {
                    if (r.value3() != null) out.computeIfAbsent(r.value1(), k -> new HashMap<>()).put(r.value2(), r.value3());
                });
        return out;
    }

    @Override
    public Future<Set<String>> roomsWithReceiptChanges(String userId, long after, long upTo) {
        if (after >= upTo) return Future.succeededFuture(Set.of());
        var R = RECEIPTS;
        return db.read(ctx -> new HashSet<>(ctx.selectDistinct(R.ROOM_ID).from(R)
                .where(R.USER_ID.eq(userId), R.RECEIPT_TYPE.in(READ_TYPES), R.STREAM_ID.gt(after), R.STREAM_ID.le(upTo))
                .fetch(R.ROOM_ID)));
    }

    @Override
    public Future<List<Notification>> notifications(String userId, long before, int limit, boolean onlyHighlight) {
        var A = EVENT_PUSH_ACTIONS;
        return db.read(ctx -> {
            Condition highlight = onlyHighlight ? A.HIGHLIGHT.isTrue() : DSL.noCondition();
            var rows = ctx.selectFrom(A)
                    .where(A.USER_ID.eq(userId), A.NOTIFY.isTrue(), A.STREAM_ORDERING.lt(before), highlight)
                    .orderBy(A.STREAM_ORDERING.desc()).limit(limit).fetch();
            Set<String> rooms = new HashSet<>();
            rows.forEach(r -> rooms.add(r.getRoomId()));
            Map<String, Map<String, Long>> receipts = rooms.isEmpty() ? Map.of() : receiptPositions(ctx, userId, rooms);
            return rows.stream().map(r -> {
                Map<String, Long> room = receipts.getOrDefault(r.getRoomId(), Map.of());
                long readUpTo = Math.max(room.getOrDefault(UNTHREADED, 0L), room.getOrDefault(r.getThreadId(), 0L));
                return new Notification(r.getRoomId(), r.getEventId(), r.getStreamOrdering(), r.getThreadId(),
                        r.getActions(), r.getHighlight(), r.getTs(), r.getStreamOrdering() <= readUpTo);
            }).toList();
        });
    }

    @Override
    public Future<List<Notification>> notificationsAfter(String userId, long after, int limit) {
        var A = EVENT_PUSH_ACTIONS;
        return db.read(ctx -> {
            var rows = ctx.selectFrom(A)
                    .where(A.USER_ID.eq(userId), A.NOTIFY.isTrue(), A.STREAM_ORDERING.gt(after))
                    .orderBy(A.STREAM_ORDERING.asc()).limit(limit).fetch();
            Set<String> rooms = new HashSet<>();
            rows.forEach(r -> rooms.add(r.getRoomId()));
            Map<String, Map<String, Long>> receipts = rooms.isEmpty() ? Map.of() : receiptPositions(ctx, userId, rooms);
            return rows.stream().map(r -> {
                Map<String, Long> room = receipts.getOrDefault(r.getRoomId(), Map.of());
                long readUpTo = Math.max(room.getOrDefault(UNTHREADED, 0L), room.getOrDefault(r.getThreadId(), 0L));
                return new Notification(r.getRoomId(), r.getEventId(), r.getStreamOrdering(), r.getThreadId(),
                        r.getActions(), r.getHighlight(), r.getTs(), r.getStreamOrdering() <= readUpTo);
            }).toList();
        });
    }

    @Override
    public Future<Boolean> isRead(String userId, String roomId, String threadId, long streamOrdering) {
        return db.read(ctx -> {
            Map<String, Long> room = receiptPositions(ctx, userId, List.of(roomId)).getOrDefault(roomId, Map.of());
            return streamOrdering <= Math.max(room.getOrDefault(UNTHREADED, 0L), room.getOrDefault(threadId, 0L));
        });
    }

    @Override
    public Future<Long> roomsWithUnread(String userId) {
        var A = EVENT_PUSH_ACTIONS;
        var M = ROOM_MEMBERSHIPS;
        return db.read(ctx -> {
            Map<String, Map<String, Long>> latest = new HashMap<>();
            ctx.select(A.ROOM_ID, A.THREAD_ID, DSL.max(A.STREAM_ORDERING)).from(A)
                    .join(M).on(M.ROOM_ID.eq(A.ROOM_ID), M.USER_ID.eq(A.USER_ID), M.MEMBERSHIP.eq("join"))
                    .where(A.USER_ID.eq(userId), A.NOTIFY.isTrue())
                    .groupBy(A.ROOM_ID, A.THREAD_ID)
                    .forEach(r -> latest.computeIfAbsent(r.value1(), k -> new HashMap<>()).put(r.value2(), r.value3()));
            if (latest.isEmpty()) return 0L;
            Map<String, Map<String, Long>> receipts = receiptPositions(ctx, userId, latest.keySet());
            long unread = 0;
            for (var room : latest.entrySet()) {
                Map<String, Long> read = receipts.getOrDefault(room.getKey(), Map.of());
                long unthreaded = read.getOrDefault(UNTHREADED, 0L);
                boolean any = room.getValue().entrySet().stream()
                        .anyMatch(t -> t.getValue() > Math.max(unthreaded, read.getOrDefault(t.getKey(), 0L)));
                if (any) unread++;
            }
            return unread;
        });
    }
}
