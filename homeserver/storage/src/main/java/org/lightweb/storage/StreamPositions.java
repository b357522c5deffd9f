package org.lightweb.storage;

import static org.lightweb.storage.jooq.Tables.STREAM_POSITIONS;

import org.jooq.DSLContext;

/** Allocates positions on the server's named streams, inside the caller's write transaction. */
public final class StreamPositions {
    private StreamPositions() {}

    /**
     * Reserves {@code count} positions on {@code stream} and returns the last one. One upsert, so two
     * PostgreSQL writers creating the same stream at once both succeed (an update-then-insert lets the second
     * fail on the primary key).
     */
    public static long next(DSLContext tx, String stream, int count) {
        return tx.insertInto(STREAM_POSITIONS, STREAM_POSITIONS.STREAM, STREAM_POSITIONS.POSITION)
                .values(stream, (long) count)
                .onConflict(STREAM_POSITIONS.STREAM)
                .doUpdate().set(STREAM_POSITIONS.POSITION, STREAM_POSITIONS.POSITION.plus(count))
                .returningResult(STREAM_POSITIONS.POSITION)
                .fetchSingle().value1();
    }

    /** The current position of {@code stream}; 0 if nothing was ever allocated. */
    public static long current(DSLContext ctx, String stream) {
        Long p = ctx.select(STREAM_POSITIONS.POSITION).from(STREAM_POSITIONS)
                .where(STREAM_POSITIONS.STREAM.eq(stream)).fetchOne(STREAM_POSITIONS.POSITION);
        return p == null ? 0 : p;
    }
}
