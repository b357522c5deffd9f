package org.lightweb.storage.search;

import static org.lightweb.storage.jooq.Tables.EVENT_SEARCH;
import static org.lightweb.storage.jooq.Tables.REDACTIONS;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SelectJoinStep;
import org.jooq.Record;
import org.jooq.SortField;
import org.jooq.impl.DSL;
import org.lightweb.storage.Db;

/**
 * What both databases share: the room bounds, the keys, redactions, ordering and paging. A subclass says how
 * the words match and how relevant a match is.
 */
abstract class JooqSearchIndex implements SearchIndex {
    private final Db db;

    JooqSearchIndex(Db db) {
        this.db = db;
    }

    /** The tables to select from (event_search joined to the full-text index where there is one). */
    abstract SelectJoinStep<Record> from(DSLContext ctx, List<Field<?>> fields);

    /** The condition that every word matches, as a prefix. */
    abstract Condition matches(List<String> words);

    /** Relevance of a match, higher is better. */
    abstract Field<Double> rank(List<String> words);

    @Override
    public Future<Page> search(Query q) {
        if (q.words().isEmpty() || q.rooms().isEmpty() || q.keys().isEmpty() || q.limit() <= 0) {
            return Future.succeededFuture(new Page(List.of(), 0));
        }
        Condition where = matches(q.words()).and(inRooms(q.rooms())).and(EVENT_SEARCH.SEARCH_KEY.in(q.keys()))
                .andNotExists(DSL.selectOne().from(REDACTIONS).where(REDACTIONS.REDACTS.eq(EVENT_SEARCH.EVENT_ID)));
        Field<Double> rank = rank(q.words()).as("search_rank");
        Condition page = q.order() == Order.RECENT && q.beforeOrdering() != null
                ? EVENT_SEARCH.STREAM_ORDERING.lt(q.beforeOrdering()) : DSL.noCondition();
        SortField<?>[] order = q.order() == Order.RANK
                ? new SortField<?>[] {DSL.field(DSL.name("search_rank")).desc(), EVENT_SEARCH.STREAM_ORDERING.desc()}
                : new SortField<?>[] {EVENT_SEARCH.STREAM_ORDERING.desc()};
        int offset = q.order() == Order.RANK ? Math.max(0, q.offset()) : 0;
        return db.read(ctx -> {
            List<Hit> hits = new ArrayList<>();
            from(ctx, List.of(EVENT_SEARCH.EVENT_ID, EVENT_SEARCH.ROOM_ID, EVENT_SEARCH.STREAM_ORDERING, rank))
                    .where(where).and(page).orderBy(order).limit(q.limit()).offset(offset)
                    .forEach(r -> hits.add(new Hit(r.get(EVENT_SEARCH.EVENT_ID), r.get(EVENT_SEARCH.ROOM_ID),
                            r.get(EVENT_SEARCH.STREAM_ORDERING), r.get(rank) == null ? 0 : r.get(rank))));
            long count = from(ctx, List.of(DSL.count())).where(where).fetchOne(0, Long.class);
            return new Page(hits, count);
        });
    }

    /** The rooms, each up to its bound: rooms without a bound in one IN list. */
    private static Condition inRooms(Map<String, Long> rooms) {
        List<String> unbounded = new ArrayList<>();
        Condition bounded = DSL.noCondition();
        boolean any = false;
        for (var room : rooms.entrySet()) {
            if (room.getValue() == null) {
                unbounded.add(room.getKey());
            } else {
                Condition c = EVENT_SEARCH.ROOM_ID.eq(room.getKey()).and(EVENT_SEARCH.STREAM_ORDERING.le(room.getValue()));
                bounded = any ? bounded.or(c) : c;
                any = true;
            }
        }
        Condition open = unbounded.isEmpty() ? DSL.falseCondition() : EVENT_SEARCH.ROOM_ID.in(unbounded);
        return any ? open.or(bounded) : open;
    }
}
