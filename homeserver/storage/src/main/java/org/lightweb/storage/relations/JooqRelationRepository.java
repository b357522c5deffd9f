package org.lightweb.storage.relations;

import static org.lightweb.storage.jooq.Tables.EVENTS;
import static org.lightweb.storage.jooq.Tables.EVENT_RELATIONS;
import static org.lightweb.storage.jooq.Tables.REDACTIONS;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.impl.DSL;
import org.lightweb.storage.Db;

public final class JooqRelationRepository implements RelationRepository {
    private static final int IDS_PER_QUERY = 500;
    private static final org.lightweb.storage.jooq.tables.EventRelations R = EVENT_RELATIONS;

    private final Db db;

    private final org.lightweb.storage.rooms.RoomCaches caches;

    public JooqRelationRepository(Db db) {
        this(db, org.lightweb.storage.rooms.RoomCaches.none());
    }

    /** @param caches shared with the event repository, which records which events have related events */
    public JooqRelationRepository(Db db, org.lightweb.storage.rooms.RoomCaches caches) {
        this.db = db;
        this.caches = caches;
    }

    /** The child has not been redacted (a redacted child has lost its relationship). */
    private static Condition notRedacted() {
        return DSL.notExists(DSL.selectOne().from(REDACTIONS).where(REDACTIONS.REDACTS.eq(R.EVENT_ID)));
    }

    private static final String NOT_REDACTED_SQL =
            "NOT EXISTS (SELECT 1 FROM redactions x WHERE x.redacts = r.event_id)";

    @Override
    public Future<List<Child>> children(String roomId, String parentId, String relType, String eventType, int maxDepth,
                                        Long from, Long to, boolean forwards, int limit) {
        // Written once as plain SQL: a recursive common table expression reads the same on SQLite and PostgreSQL.
        StringBuilder sql = new StringBuilder()
                .append("WITH RECURSIVE related(event_id, depth) AS (")
                .append(" SELECT r.event_id, 1 FROM event_relations r")
                .append("  WHERE r.relates_to_id = ? AND r.room_id = ? AND ").append(NOT_REDACTED_SQL)
                .append(" UNION")
                .append(" SELECT r.event_id, related.depth + 1 FROM event_relations r")
                .append("  JOIN related ON r.relates_to_id = related.event_id")
                .append("  WHERE related.depth < ? AND r.room_id = ? AND ").append(NOT_REDACTED_SQL)
                .append(") SELECT r.event_id, r.stream_ordering FROM related JOIN event_relations r ON r.event_id = related.event_id")
                .append(" WHERE 1 = 1");
        List<Object> binds = new ArrayList<>(List.of(parentId, roomId, maxDepth, roomId));
        if (relType != null) { sql.append(" AND r.rel_type = ?"); binds.add(relType); }
        if (eventType != null) { sql.append(" AND r.type = ?"); binds.add(eventType); }
        if (forwards) {
            if (from != null) { sql.append(" AND r.stream_ordering > ?"); binds.add(from); }
            if (to != null) { sql.append(" AND r.stream_ordering <= ?"); binds.add(to); }
            sql.append(" ORDER BY r.stream_ordering ASC");
        } else {
            if (from != null) { sql.append(" AND r.stream_ordering <= ?"); binds.add(from); }
            if (to != null) { sql.append(" AND r.stream_ordering > ?"); binds.add(to); }
            sql.append(" ORDER BY r.stream_ordering DESC");
        }
        sql.append(" LIMIT ?");
        binds.add(limit);
        return db.read(ctx -> ctx.fetch(sql.toString(), binds.toArray())
                .map(rec -> new Child(rec.get(0, String.class), rec.get(1, Long.class))));
    }

    @Override
    public Future<Aggregations> aggregations(String roomId, Collection<String> parentIds, String viewer,
                                             Set<String> ignoredSenders) {
        if (parentIds.isEmpty()) return Future.succeededFuture(new Aggregations(Map.of(), Map.of(), Map.of()));
        // Most events have no related events at all: those known to have none are not looked at.
        return caches.relationParents().getAll(new LinkedHashSet<>(parentIds), missing -> db.read(ctx -> {
            Map<String, Boolean> found = new HashMap<>();
            for (String id : missing) found.put(id, false);
            List<String> all = List.copyOf(missing);
            for (int i = 0; i < all.size(); i += IDS_PER_QUERY) {
                ctx.selectDistinct(R.RELATES_TO_ID).from(R).where(R.RELATES_TO_ID.in(all.subList(i, Math.min(all.size(), i + IDS_PER_QUERY))))
                        .forEach(r -> found.put(r.value1(), true));
            }
            return found;
        })).compose(known -> {
            List<String> withChildren = parentIds.stream().distinct().filter(id -> Boolean.TRUE.equals(known.get(id))).toList();
            return withChildren.isEmpty() ? Future.succeededFuture(new Aggregations(Map.of(), Map.of(), Map.of()))
                    : aggregationsOf(roomId, withChildren, viewer, ignoredSenders);
        });
    }

    private Future<Aggregations> aggregationsOf(String roomId, List<String> ids, String viewer, Set<String> ignoredSenders) {
        var parent = EVENTS.as("parent");
        var count = DSL.count();
        var latest = DSL.max(R.STREAM_ORDERING);
        Condition notIgnored = ignoredSenders.isEmpty() ? DSL.noCondition() : R.SENDER.notIn(ignoredSenders);
        return db.read(ctx -> {
            Map<String, List<String>> edits = new HashMap<>();
            Map<String, ThreadSummary> threads = new HashMap<>();
            Map<String, List<String>> references = new HashMap<>();
            for (int i = 0; i < ids.size(); i += IDS_PER_QUERY) {
                List<String> chunk = ids.subList(i, Math.min(ids.size(), i + IDS_PER_QUERY));
                // Edits: only those a valid replacement could be (same sender, same type); the rest is the caller's.
                ctx.select(R.RELATES_TO_ID, R.EVENT_ID).from(R).join(parent).on(parent.EVENT_ID.eq(R.RELATES_TO_ID))
                        .where(R.RELATES_TO_ID.in(chunk), R.ROOM_ID.eq(roomId), R.REL_TYPE.eq(REPLACE),
                                R.SENDER.eq(parent.SENDER), R.TYPE.eq(parent.TYPE), parent.ROOM_ID.eq(roomId), notRedacted())
                        .orderBy(R.ORIGIN_SERVER_TS.desc(), R.EVENT_ID.desc())
                        .forEach(r -> edits.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(r.value2()));
                Map<String, Long> latestOrdering = new HashMap<>();
                Map<String, Long> counts = new HashMap<>();
                ctx.select(R.RELATES_TO_ID, count, latest).from(R)
                        .where(R.RELATES_TO_ID.in(chunk), R.ROOM_ID.eq(roomId), R.REL_TYPE.eq(THREAD), notRedacted(), notIgnored)
                        .groupBy(R.RELATES_TO_ID)
                        .forEach(r -> {
                            counts.put(r.value1(), r.value2().longValue());
                            latestOrdering.put(r.value1(), r.value3());
                        });
                if (!counts.isEmpty()) {
                    Map<String, String> latestIds = new HashMap<>();
                    ctx.select(R.RELATES_TO_ID, R.EVENT_ID).from(R)
                            .where(R.RELATES_TO_ID.in(counts.keySet()), R.REL_TYPE.eq(THREAD),
                                    R.STREAM_ORDERING.in(latestOrdering.values()))
                            .forEach(r -> latestIds.put(r.value1(), r.value2()));
                    Set<String> replied = viewer == null ? Set.of() : new HashSet<>(ctx.selectDistinct(R.RELATES_TO_ID).from(R)
                            .where(R.RELATES_TO_ID.in(counts.keySet()), R.REL_TYPE.eq(THREAD), R.SENDER.eq(viewer), notRedacted())
                            .fetch(R.RELATES_TO_ID));
                    counts.forEach((root, n) -> threads.put(root,
                            new ThreadSummary(n, latestIds.get(root), replied.contains(root))));
                }
                ctx.select(R.RELATES_TO_ID, R.EVENT_ID).from(R)
                        .where(R.RELATES_TO_ID.in(chunk), R.ROOM_ID.eq(roomId), R.REL_TYPE.eq(REFERENCE), notRedacted(),
                                notIgnored)
                        .orderBy(R.STREAM_ORDERING)
                        .forEach(r -> references.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(r.value2()));
            }
            return new Aggregations(edits, threads, references);
        });
    }

    @Override
    public Future<List<ThreadActivity>> threads(String roomId, String participant, long upTo, int limit) {
        var latest = DSL.max(R.STREAM_ORDERING);
        Condition where = R.ROOM_ID.eq(roomId).and(R.REL_TYPE.eq(THREAD)).and(notRedacted());
        if (participant != null) {
            var mine = EVENT_RELATIONS.as("mine");
            where = where.and(DSL.exists(DSL.selectOne().from(EVENTS)
                            .where(EVENTS.EVENT_ID.eq(R.RELATES_TO_ID), EVENTS.SENDER.eq(participant)))
                    .or(DSL.exists(DSL.selectOne().from(mine).where(mine.RELATES_TO_ID.eq(R.RELATES_TO_ID),
                            mine.REL_TYPE.eq(THREAD), mine.SENDER.eq(participant)))));
        }
        Condition finalWhere = where;
        return db.read(ctx -> ctx.select(R.RELATES_TO_ID, latest).from(R).where(finalWhere)
                .groupBy(R.RELATES_TO_ID).having(latest.le(upTo))
                .orderBy(latest.desc()).limit(limit)
                .fetch(r -> new ThreadActivity(r.value1(), r.value2())));
    }

    @Override
    public Future<Boolean> hasAnnotation(String roomId, String parentId, String sender, String type, String key) {
        return db.read(ctx -> ctx.fetchExists(DSL.selectOne().from(R).where(R.RELATES_TO_ID.eq(parentId), R.ROOM_ID.eq(roomId),
                R.REL_TYPE.eq(ANNOTATION), R.SENDER.eq(sender), R.TYPE.eq(type), R.AGGREGATION_KEY.eq(key), notRedacted())));
    }
}
