package org.lightweb.storage;

import java.nio.file.Path;

/**
 * How to reach the database: the {@code database} section of homeserver.yaml, already validated.
 *
 * @param type            sqlite or postgres
 * @param sqlitePath      the SQLite file (sqlite only)
 * @param url             JDBC URL (postgres only)
 * @param schema          PostgreSQL schema to use and create if missing; null for the user's default
 * @param maxConnections  reader pool size (SQLite) or the whole pool (PostgreSQL)
 * @param busyTimeoutMs   how long SQLite waits for a lock before failing
 * @param walCheckpointPages SQLite: the write-ahead log's size, in pages, at which a commit copies it into the database
 * @param writesPerCommit SQLite: how many queued write transactions the writer may commit together (group commit)
 */
public record DatabaseSettings(Type type, Path sqlitePath, String url, String user, String password, String schema,
                               int maxConnections, long busyTimeoutMs, int walCheckpointPages, int writesPerCommit) {
    public enum Type { SQLITE, POSTGRES }

    /** The default of database.sqlite_writes_per_commit. */
    public static final int WRITES_PER_COMMIT = 64;

    public DatabaseSettings(Type type, Path sqlitePath, String url, String user, String password, String schema,
                            int maxConnections, long busyTimeoutMs, int walCheckpointPages) {
        this(type, sqlitePath, url, user, password, schema, maxConnections, busyTimeoutMs, walCheckpointPages,
                WRITES_PER_COMMIT);
    }

    /** The default of database.sqlite_wal_checkpoint_pages (SQLite's own is 1,000). */
    public static final int WAL_CHECKPOINT_PAGES = 10_000;

    public static DatabaseSettings sqlite(Path path) {
        return new DatabaseSettings(Type.SQLITE, path, null, null, null, null, 4, 5000, WAL_CHECKPOINT_PAGES);
    }

    public static DatabaseSettings postgres(String url, String user, String password, String schema) {
        return new DatabaseSettings(Type.POSTGRES, null, url, user, password, schema, 8, 5000, WAL_CHECKPOINT_PAGES);
    }

    /** A short description for logs: never the password. */
    public String describe() {
        return type == Type.SQLITE ? "sqlite " + sqlitePath.toAbsolutePath()
                : "postgres " + url + (schema == null ? "" : " schema " + schema);
    }
}
