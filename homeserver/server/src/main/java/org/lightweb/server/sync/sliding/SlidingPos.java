package org.lightweb.server.sync.sliding;

import org.lightweb.core.ErrCode;
import org.lightweb.core.MatrixException;
import org.lightweb.server.sync.SyncToken;

/**
 * A sliding sync {@code pos}: the stream positions the response covered (the /sync token) and the connection
 * position of the state remembered for it, written {@code <sync token>.<connection position>}. It starts like a
 * sync token, so /messages takes it as a {@code from} (MSC4186: "A pos token can be used in /messages").
 */
public record SlidingPos(SyncToken streams, long connection) {
    public static SlidingPos parse(String raw) {
        int dot = raw.lastIndexOf('.');
        if (dot < 0) throw unknown();
        try {
            long connection = Long.parseLong(raw.substring(dot + 1));
            if (connection < 0) throw unknown();
            return new SlidingPos(SyncToken.parse(raw.substring(0, dot)), connection);
        } catch (NumberFormatException e) {
            throw unknown();
        } catch (MatrixException e) {
            throw unknown();
        }
    }

    /** What an unknown, expired or malformed pos answers (as Synapse does): the client starts a new connection. */
    public static MatrixException unknown() {
        return new MatrixException(400, ErrCode.M_UNKNOWN_POS, "Unknown or expired pos: start a new connection");
    }

    @Override
    public String toString() {
        return streams + "." + connection;
    }
}
