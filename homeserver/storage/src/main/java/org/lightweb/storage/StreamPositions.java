package org.lightweb.storage;

import static org.lightweb.storage.jooq.Tables.STREAM_POSITIONS;

import org.jooq.DSLContext;

/** Allocates positions on the server's named streams, inside the caller's write transaction. */
public final class StreamPositions {
    private StreamPositions() {}

    /**
     * Reserves {@code count} positions on {@code stream} and returns the last one. One upsert, so two
     * PostgreSQL writers creating the same stream at once both succeed (an update-then-insert lets the second
     * fail on the primary key); the upsert's row lock holds until the transaction ends, so positions are handed
     * out in commit order. Plain SQL (see {@link Jdbc}): every stored event runs it. RETURNING is native on both
     * databases (SQLite 3.35+); jOOQ's emulation on SQLite would read last_insert_rowid(), which names another
     * stream's row when the upsert updated instead of inserting.
     */
    public static long next(DSLContext tx, String stream, int count) {
        Long last = Jdbc.first(tx, NEXT, rs -> rs.getLong(1), stream, (long) count);
        if (last == null) throw new IllegalStateException("no position returned for stream " + stream);
        return last;
    }

    private static final String NEXT = "INSERT INTO stream_positions (stream, position) VALUES (?, ?) "
            + "ON CONFLICT (stream) DO UPDATE SET position = stream_positions.position + excluded.position RETURNING position";

    /** The current position of {@code stream}; 0 if nothing was ever allocated. */
    public static long current(DSLContext ctx, String stream) {
        Long p = ctx.select(STREAM_POSITIONS.POSITION).from(STREAM_POSITIONS)
                .where(STREAM_POSITIONS.STREAM.eq(stream)).fetchOne(STREAM_POSITIONS.POSITION);
        return p == null ? 0 : p;
    }
}
