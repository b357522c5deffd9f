package org.lightweb.server.messages;

import org.lightweb.core.MatrixException;
import org.lightweb.server.sync.SyncToken;
import org.lightweb.storage.rooms.RoomPosition;

/**
 * The pagination tokens of /messages and /context. Lightweb hands out topological tokens
 * {@code t<depth>-<stream>}, a point just after the event at (depth, stream_ordering) in the room's topological
 * order (as Synapse does), so that paging keeps the room's order once backfilled events get stream orderings out of
 * it. It also takes sync's stream tokens: a timeline's {@code prev_batch} {@code s<n>} or a whole
 * {@code next_batch}, whose events part stands for the point the events stream had reached in that room.
 */
public sealed interface PageToken {
    /** A point in the room's topological order. */
    record Topological(RoomPosition position) implements PageToken {}

    /** A position of the events stream, to turn into a point of the room's order. */
    record Stream(long position) implements PageToken {}

    /** Parses a token; anything else is 400 M_INVALID_PARAM. */
    static PageToken parse(String token) {
        if (token == null || token.isEmpty()) throw invalid(token);
        if (token.charAt(0) == 's') return new Stream(SyncToken.parse(token).events());
        if (token.charAt(0) != 't') throw invalid(token);
        int dash = token.indexOf('-');
        if (dash < 0) throw invalid(token);
        try {
            long depth = Long.parseLong(token.substring(1, dash));
            long stream = Long.parseLong(token.substring(dash + 1));
            if (depth < 0) throw invalid(token);   // events backfilled over federation have negative streams
            return new Topological(new RoomPosition(depth, stream));
        } catch (NumberFormatException e) {
            throw invalid(token);
        }
    }

    static String format(RoomPosition p) {
        return "t" + p.depth() + "-" + p.stream();
    }

    private static MatrixException invalid(String token) {
        return MatrixException.invalidParam("Invalid pagination token: " + token);
    }
}
