package org.lightweb.storage.search;

import static org.lightweb.storage.jooq.Tables.EVENTS;

import io.vertx.core.Future;
import java.util.List;
import org.lightweb.storage.Db;

/** The timeline events next to one event of a room: a search result's context. */
public final class TimelineNeighbours {
    private final Db db;

    public TimelineNeighbours(Db db) {
        this.db = db;
    }

    /** The ids of up to {@code limit} non-rejected timeline events just before {@code streamOrdering}, nearest first. */
    public Future<List<String>> before(String roomId, long streamOrdering, int limit) {
        if (limit <= 0) return Future.succeededFuture(List.of());
        return db.read(ctx -> ctx.select(EVENTS.EVENT_ID).from(EVENTS)
                .where(EVENTS.ROOM_ID.eq(roomId), EVENTS.STREAM_ORDERING.lt(streamOrdering), EVENTS.REJECTED_REASON.isNull())
                .orderBy(EVENTS.STREAM_ORDERING.desc()).limit(limit).fetch(EVENTS.EVENT_ID));
    }

    /** The ids of up to {@code limit} non-rejected timeline events just after {@code streamOrdering}, nearest first. */
    public Future<List<String>> after(String roomId, long streamOrdering, int limit) {
        if (limit <= 0) return Future.succeededFuture(List.of());
        return db.read(ctx -> ctx.select(EVENTS.EVENT_ID).from(EVENTS)
                .where(EVENTS.ROOM_ID.eq(roomId), EVENTS.STREAM_ORDERING.gt(streamOrdering), EVENTS.REJECTED_REASON.isNull())
                .orderBy(EVENTS.STREAM_ORDERING.asc()).limit(limit).fetch(EVENTS.EVENT_ID));
    }
}
