package org.lightweb.storage.push;

import static org.lightweb.storage.jooq.Tables.EVENTS;
import static org.lightweb.storage.jooq.Tables.RECEIPTS;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.lightweb.core.Json;
import org.lightweb.storage.Db;
import org.lightweb.storage.Jdbc;

/**
 * Push actions in runs (table event_push_runs, V18): the notifications of one user in one room stored together (a
 * busy room's send batch) are one row, their entries oldest first in a JSON array. A message to a room of fifty
 * members then writes fifty rows a batch instead of fifty a message. Reads decode the runs that can hold what they
 * want: the unread counts those past the unthreaded receipt, the notification lists pages of runs ordered by their
 * newest or oldest entry.
 */
public final class JooqPushActionRepository implements PushActionRepository {
    /** The receipt types that mark notifications read. */
    static final List<String> READ_TYPES = List.of("m.read", "m.read.private");
    /** The thread_id of unthreaded receipts. */
    static final String UNTHREADED = "";
    /** Members looked up per statement when checking for notifications stored already (an IN list). */
    private static final int USERS_PER_LOOKUP = 500;

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
        // A run per member and room: the notifications of a batch of messages are one row for each member. The rows'
        // JSON is built here, not on the single writer, each entry once for the members who share it.
        Map<List<String>, TreeMap<Long, NewAction>> runs = new LinkedHashMap<>();
        for (NewAction a : actions) {
            runs.computeIfAbsent(List.of(a.userId(), a.roomId()), k -> new TreeMap<>()).putIfAbsent(a.streamOrdering(), a);
        }
        Map<List<String>, String> entries = new HashMap<>();
        Map<Fragment, String> fragments = new HashMap<>();
        runs.forEach((run, byPosition) -> entries.put(run, entriesJson(byPosition.values(), fragments)));
        return db.write(tx -> {
            Map<List<String>, Set<Long>> present = storedPositions(tx, runs);
            List<Object[]> rows = new ArrayList<>(runs.size());
            List<NewAction> stored = new ArrayList<>(actions.size());
            for (var run : runs.entrySet()) {
                TreeMap<Long, NewAction> byPosition = run.getValue();
                String json = entries.get(run.getKey());
                Set<Long> already = present.getOrDefault(run.getKey(), Set.of());
                if (!already.isEmpty()) {
                    byPosition = new TreeMap<>(byPosition);
                    byPosition.keySet().removeAll(already);
                    if (byPosition.isEmpty()) continue;
                    json = entriesJson(byPosition.values(), new HashMap<>());
                }
                int highlights = (int) byPosition.values().stream().filter(NewAction::highlight).count();
                rows.add(new Object[] {run.getKey().get(0), run.getKey().get(1), byPosition.lastKey(), byPosition.firstKey(),
                        byPosition.size(), highlights, json});
                stored.addAll(byPosition.values());
            }
            // Plain JDBC (see Jdbc): jOOQ's binding of each row cost the single writer more than the rows.
            Jdbc.batch(tx, "INSERT INTO event_push_runs (user_id, room_id, last_stream, first_stream, "
                    + "notifications, highlights, entries) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", rows);
            return stored;
        }).map(stored -> {
            cache.added(stored, stamp);
            return null;
        });
    }

    /** What an entry holds besides its member: the members notified of an event the same way share it. */
    private record Fragment(long stream, String eventId, String threadId, String actions, boolean highlight, long ts) {}

    /** The entries column of a run: its notifications, oldest first. */
    private static String entriesJson(Collection<NewAction> run, Map<Fragment, String> fragments) {
        StringBuilder json = new StringBuilder(run.size() * 160).append('[');
        for (NewAction a : run) {
            if (json.length() > 1) json.append(',');
            json.append(fragments.computeIfAbsent(new Fragment(a.streamOrdering(), a.eventId(), a.threadId(), a.actions(),
                    a.highlight(), a.ts()), f -> {
                        StringBuilder e = new StringBuilder(160).append('[').append(f.stream()).append(',');
                        quote(e, f.eventId()).append(',');
                        quote(e, f.threadId()).append(',').append(f.actions()).append(',')
                                .append(f.highlight() ? 1 : 0).append(',').append(f.ts()).append(']');
                        return e.toString();
                    }));
        }
        return json.append(']').toString();
    }

    private static StringBuilder quote(StringBuilder out, String s) {
        out.append('"');
        JsonStringEncoder.getInstance().quoteAsString(s, out);
        return out.append('"');
    }

    /**
     * The positions already stored for each (user, room) of {@code runs} at or after the oldest new one: a retried
     * announcement adds nothing twice. New notifications are newer than every stored one of their room, so this
     * normally finds no run (one index seek per member).
     */
    private static Map<List<String>, Set<Long>> storedPositions(DSLContext tx, Map<List<String>, TreeMap<Long, NewAction>> runs) {
        Map<String, Long> oldestByRoom = new HashMap<>();
        Map<String, List<String>> usersByRoom = new HashMap<>();
        for (var run : runs.entrySet()) {
            String room = run.getKey().get(1);
            oldestByRoom.merge(room, run.getValue().firstKey(), Math::min);
            usersByRoom.computeIfAbsent(room, k -> new ArrayList<>()).add(run.getKey().get(0));
        }
        Map<List<String>, Set<Long>> out = new HashMap<>();
        for (var room : usersByRoom.entrySet()) {
            List<String> users = room.getValue();
            for (int from = 0; from < users.size(); from += USERS_PER_LOOKUP) {
                List<String> some = users.subList(from, Math.min(users.size(), from + USERS_PER_LOOKUP));
                Jdbc.query(tx, "SELECT user_id, entries FROM event_push_runs WHERE room_id = ? AND last_stream >= ? "
                        + "AND user_id IN (" + Jdbc.marks(some.size()) + ")", rs -> {
                            Set<Long> positions = out.computeIfAbsent(List.of(rs.getString(1), room.getKey()), k -> new HashSet<>());
                            for (Entry e : Entry.parse(rs.getString(2))) positions.add(e.stream());
                            return null;
                        }, Jdbc.args(some, room.getKey(), oldestByRoom.get(room.getKey())));
            }
        }
        return out;
    }

    /** One notification of a run: an element of event_push_runs.entries. */
    record Entry(long stream, String eventId, String threadId, JsonNode actions, boolean highlight, long ts) {
        static List<Entry> parse(String entries) {
            List<Entry> out = new ArrayList<>();
            for (JsonNode e : Json.parse(entries)) {
                out.add(new Entry(e.get(0).asLong(), e.get(1).asText(), e.get(2).asText(), e.get(3), e.get(4).asBoolean(),
                        e.get(5).asLong()));
            }
            return out;
        }
    }

    /** A stored run: the room, the newest and oldest positions and the entries, oldest first. */
    private record Run(String roomId, long lastStream, long firstStream, List<Entry> entries) {}

    /** An entry and the room of its run. */
    private record Found(String roomId, Entry entry) {}

    @Override
    public Future<Map<String, Counts>> unread(String userId, String roomId) {
        return cache.get(userId, roomId, () -> db.read(ctx -> {
            Map<String, Long> receipts = receiptPositions(ctx, userId, List.of(roomId)).getOrDefault(roomId, Map.of());
            long unthreaded = receipts.getOrDefault(UNTHREADED, 0L);
            Map<String, Counts> out = new HashMap<>();
            for (Run run : runs(ctx, "room_id = ? AND last_stream > ?", userId, roomId, unthreaded)) {
                for (Entry e : run.entries()) {
                    if (e.stream() <= readUpTo(receipts, e.threadId())) continue;
                    out.merge(e.threadId(), new Counts(1, e.highlight() ? 1 : 0), Counts::plus);
                }
            }
            return out;
        }));
    }

    /** How far the receipts read a thread: an event is read at or before the unthreaded receipt or its thread's. */
    private static long readUpTo(Map<String, Long> receipts, String threadId) {
        return Math.max(receipts.getOrDefault(UNTHREADED, 0L), receipts.getOrDefault(threadId, 0L));
    }

    /** The user's runs matching {@code where} (after {@code user_id = ?}; {@code args} follow the user). */
    private static List<Run> runs(DSLContext ctx, String where, Object... args) {
        return Jdbc.query(ctx, "SELECT room_id, last_stream, first_stream, entries FROM event_push_runs "
                + "WHERE user_id = ? AND " + where,
                rs -> new Run(rs.getString(1), rs.getLong(2), rs.getLong(3), Entry.parse(rs.getString(4))), args);
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
        if (limit < 1) return Future.succeededFuture(List.of());
        return db.read(ctx -> {
            // Runs newest first (by their newest entry), a page at a time, until no later run can hold one of the
            // newest `limit` entries: a run's entries are at or before its last_stream.
            List<Found> found = new ArrayList<>();
            long cursor = Long.MAX_VALUE;
            int page = limit;
            String highlight = onlyHighlight ? " AND highlights > 0" : "";
            while (true) {
                List<Run> runs = runs(ctx, "first_stream < ? AND last_stream < ?" + highlight
                        + " ORDER BY last_stream DESC LIMIT " + page, userId, before, cursor);
                for (Run run : runs) {
                    for (Entry e : run.entries()) {
                        if (e.stream() < before && (!onlyHighlight || e.highlight())) found.add(new Found(run.roomId(), e));
                    }
                }
                found.sort(NEWEST_FIRST);
                if (runs.size() < page) break;
                cursor = runs.get(runs.size() - 1).lastStream();
                if (found.size() >= limit && found.get(limit - 1).entry().stream() >= cursor) break;
            }
            return withReadMarks(ctx, userId, found.subList(0, Math.min(limit, found.size())));
        });
    }

    private static final java.util.Comparator<Found> OLDEST_FIRST = java.util.Comparator.comparingLong(f -> f.entry().stream());
    private static final java.util.Comparator<Found> NEWEST_FIRST = OLDEST_FIRST.reversed();

    @Override
    public Future<List<Notification>> notificationsAfter(String userId, long after, int limit) {
        if (limit < 1) return Future.succeededFuture(List.of());
        return db.read(ctx -> {
            // The runs reaching over `after` (older first entry, newer last), and the `limit` runs wholly after it
            // with the oldest first entries: any other run's entries are all newer than those `limit` first entries.
            List<Found> found = new ArrayList<>();
            for (Run run : runs(ctx, "last_stream > ? AND first_stream <= ?", userId, after, after)) {
                for (Entry e : run.entries()) if (e.stream() > after) found.add(new Found(run.roomId(), e));
            }
            for (Run run : runs(ctx, "first_stream > ? ORDER BY first_stream LIMIT " + limit, userId, after)) {
                for (Entry e : run.entries()) found.add(new Found(run.roomId(), e));
            }
            found.sort(OLDEST_FIRST);
            return withReadMarks(ctx, userId, found.subList(0, Math.min(limit, found.size())));
        });
    }

    /** The entries as notifications, each marked read when a read receipt of the user covers it. */
    private static List<Notification> withReadMarks(DSLContext ctx, String userId, List<Found> found) {
        Set<String> rooms = new HashSet<>();
        found.forEach(f -> rooms.add(f.roomId()));
        Map<String, Map<String, Long>> receipts = rooms.isEmpty() ? Map.of() : receiptPositions(ctx, userId, rooms);
        return found.stream().map(f -> {
            Entry e = f.entry();
            boolean read = e.stream() <= readUpTo(receipts.getOrDefault(f.roomId(), Map.of()), e.threadId());
            return new Notification(f.roomId(), e.eventId(), e.stream(), e.threadId(), Json.write(e.actions()), e.highlight(),
                    e.ts(), read);
        }).toList();
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
        return db.read(ctx -> {
            Map<String, Long> latest = new HashMap<>();
            Jdbc.query(ctx, "SELECT r.room_id, MAX(r.last_stream) FROM event_push_runs r "
                    + "JOIN room_memberships m ON m.room_id = r.room_id AND m.user_id = r.user_id AND m.membership = 'join' "
                    + "WHERE r.user_id = ? GROUP BY r.room_id", rs -> latest.put(rs.getString(1), rs.getLong(2)), userId);
            if (latest.isEmpty()) return 0L;
            Map<String, Map<String, Long>> receipts = receiptPositions(ctx, userId, latest.keySet());
            long unread = 0;
            for (var room : latest.entrySet()) {
                Map<String, Long> read = receipts.getOrDefault(room.getKey(), Map.of());
                long unthreaded = read.getOrDefault(UNTHREADED, 0L);
                if (room.getValue() <= unthreaded) continue;
                // Past the unthreaded receipt: unread unless threaded receipts read every entry after it.
                boolean threadedFurther = read.values().stream().anyMatch(p -> p > unthreaded);
                boolean any = !threadedFurther || runs(ctx, "room_id = ? AND last_stream > ?", userId, room.getKey(), unthreaded)
                        .stream().flatMap(r -> r.entries().stream())
                        .anyMatch(e -> e.stream() > readUpTo(read, e.threadId()));
                if (any) unread++;
            }
            return unread;
        });
    }
}
