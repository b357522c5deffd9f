package org.lightweb.server.http;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

/**
 * Recognises a failure of the node's storage that is the machine's state, not the request's fault and not a bug: a
 * database that is locked, busy or unreachable, and a disk that is full or refuses writes (the database's files or
 * the media store's). The client should try again later, so such a failure is a 503 with Retry-After, never a 500;
 * the write it interrupted was rolled back (one transaction per write) or left no file behind (media are written to a
 * temporary file and moved into place).
 */
final class StorageUnavailable {
    private StorageUnavailable() {}

    /** What to tell the client, when {@code failure} (or one of its causes) is such a failure. */
    static Optional<String> reason(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause()) {
            String m = String.valueOf(c.getMessage());
            if (c instanceof SQLException sql && isUnavailable(sql, m)) return Optional.of(describe(m, sql.getSQLState()));
            if (c instanceof IOException && isDiskFull(m)) return Optional.of("The server's disk is full; try again later");
        }
        return Optional.empty();
    }

    private static boolean isUnavailable(SQLException e, String message) {
        if (e instanceof java.sql.SQLTransientException) return true;   // Hikari's pool timeout, connection lost
        String state = e.getSQLState();
        // PostgreSQL: 53xxx insufficient resources (disk_full 53100, out_of_memory, too_many_connections),
        // 08xxx connection failures, 57P03 cannot connect now (starting up or shutting down)
        if (state != null && (state.startsWith("53") || state.startsWith("08") || state.equals("57P03"))) return true;
        // SQLite: BUSY/LOCKED past the busy timeout, FULL (the disk or max_page_count), IOERR (a write, fsync or
        // truncate the kernel refused: ENOSPC, EFBIG, EIO), CANTOPEN (no file handle or directory left)
        return message.contains("SQLITE_BUSY") || message.contains("SQLITE_LOCKED") || message.contains("SQLITE_FULL")
                || message.contains("SQLITE_IOERR") || message.contains("SQLITE_CANTOPEN")
                || message.contains("Connection is not available");
    }

    private static boolean isDiskFull(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("no space left on device") || m.contains("file too large") || m.contains("disk quota exceeded");
    }

    private static String describe(String message, String sqlState) {
        if (message.contains("SQLITE_FULL") || message.contains("SQLITE_IOERR") || "53100".equals(sqlState)) {
            return "The server cannot write to its database (disk full?); try again later";
        }
        return "The database is busy or unavailable; try again shortly";
    }
}
