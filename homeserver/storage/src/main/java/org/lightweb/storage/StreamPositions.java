package org.lightweb.storage;

import static org.lightweb.storage.jooq.Tables.STREAM_POSITIONS;

import org.jooq.DSLContext;

/** Allocates positions on the server's named streams, inside the caller's write transaction. */
public final class StreamPositions {
    private StreamPositions() {}

    /**
     * Reserves {@code count} positions on {@code stream} and returns the last one. One upsert, so two
     * PostgreSQL writers creating the same stream at once both succeed (an update-then-insert lets the second
     * fail on the primary key); the upsert's row lock holds until the transaction ends, so the read after it sees
     * this transaction's value. Not RETURNING: on SQLite jOOQ reads it back by last_insert_rowid(), which names
     * another stream's row when the upsert updated instead of inserting.
     */
    public static long next(DSLContext tx, String stream, int count) {
        tx.insertInto(STREAM_POSITIONS, STREAM_POSITIONS.STREAM, STREAM_POSITIONS.POSITION)
                .values(stream, (long) count)
                .onConflict(STREAM_POSITIONS.STREAM)
                .doUpdate().set(STREAM_POSITIONS.POSITION, STREAM_POSITIONS.POSITION.plus(count))
                .execute();
        return tx.select(STREAM_POSITIONS.POSITION).from(STREAM_POSITIONS).where(STREAM_POSITIONS.STREAM.eq(stream))
                .fetchSingle().value1();
    }

    /** The current position of {@code stream}; 0 if nothing was ever allocated. */
    public static long current(DSLContext ctx, String stream) {
        Long p = ctx.select(STREAM_POSITIONS.POSITION).from(STREAM_POSITIONS)
                .where(STREAM_POSITIONS.STREAM.eq(stream)).fetchOne(STREAM_POSITIONS.POSITION);
        return p == null ? 0 : p;
    }
}
