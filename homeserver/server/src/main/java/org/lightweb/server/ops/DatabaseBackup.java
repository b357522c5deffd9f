package org.lightweb.server.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.lightweb.server.config.HomeserverConfig;
import org.lightweb.storage.DatabaseSettings;

/**
 * {@code backup-db} and {@code restore-db} for SQLite nodes. A backup is SQLite's {@code VACUUM INTO}: one
 * consistent snapshot taken while the node runs and writes (readers never block the node's writer in WAL mode),
 * checked with {@code PRAGMA integrity_check} before it is reported done. A restore needs the node stopped: it
 * checks the backup (and that no node holds the data directory's lock), keeps the current database beside it ({@code .before-restore}) and puts the backup in place.
 * PostgreSQL nodes use pg_dump and pg_restore; the commands say how.
 */
public final class DatabaseBackup {
    private DatabaseBackup() {}

    /** What happened, for the command line. */
    public record Outcome(boolean ok, String message) {}

    public static Outcome backup(HomeserverConfig config, Path to) throws IOException, SQLException {
        DatabaseSettings db = config.database();
        if (db.type() != DatabaseSettings.Type.SQLITE) return postgres(db, "pg_dump --format=custom --file=" + to);
        if (Files.exists(to)) return new Outcome(false, to + " exists: choose a new file (a backup never overwrites)");
        Path parent = to.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.sqlitePath().toAbsolutePath());
             Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = " + Math.max(1000, db.busyTimeoutMs()));
            s.execute("VACUUM INTO '" + to.toAbsolutePath().toString().replace("'", "''") + "'");
        }
        String check = integrity(to);
        if (!check.equals("ok")) return new Outcome(false, "the backup " + to + " failed its integrity check: " + check);
        return new Outcome(true, "Backed up " + db.sqlitePath() + " to " + to + " (" + Files.size(to) + " bytes, integrity ok)");
    }

    public static Outcome restore(HomeserverConfig config, Path from) throws IOException, SQLException {
        DatabaseSettings db = config.database();
        if (db.type() != DatabaseSettings.Type.SQLITE) return postgres(db, "pg_restore --clean --dbname=... " + from);
        if (!Files.isRegularFile(from)) return new Outcome(false, from + " is not a file");
        if (NodeLock.held(config.dataDir())) {
            return new Outcome(false, "a node runs on " + config.dataDir() + ": stop the node before restoring");
        }
        String check = integrity(from);
        if (!check.equals("ok")) return new Outcome(false, "the backup " + from + " failed its integrity check: " + check);
        Path target = db.sqlitePath().toAbsolutePath();
        if (Files.exists(target)) {
            Files.move(target, target.resolveSibling(target.getFileName() + ".before-restore"), StandardCopyOption.REPLACE_EXISTING);
        }
        for (String suffix : new String[] {"-wal", "-shm"}) Files.deleteIfExists(target.resolveSibling(target.getFileName() + suffix));
        Files.copy(from, target);
        return new Outcome(true, "Restored " + from + " to " + target + " (the database before it: "
                + target.getFileName() + ".before-restore)");
    }

    /** SQLite's integrity check of a database file: "ok" or its first complaint. */
    public static String integrity(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            return rs.next() ? rs.getString(1) : "no answer";
        }
    }

    private static Outcome postgres(DatabaseSettings db, String command) {
        return new Outcome(false, "this node uses PostgreSQL (" + db.describe() + "): use " + command
                + " with the database's connection settings (docs/operations.md)");
    }
}
