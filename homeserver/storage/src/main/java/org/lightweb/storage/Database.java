package org.lightweb.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Connection pools, migrations and jOOQ contexts for one database. SQLite gets a single writer connection
 * (transactions begin IMMEDIATE, so a writer never fails half-way on lock upgrade) and a small pool of readers,
 * all in WAL mode with foreign keys on; PostgreSQL gets one pool for both.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final DatabaseSettings settings;
    private final HikariDataSource writerPool;
    private final HikariDataSource readerPool;
    private final DSLContext writer;
    private final DSLContext reader;

    private Database(DatabaseSettings settings, HikariDataSource writerPool, HikariDataSource readerPool) {
        this.settings = settings;
        this.writerPool = writerPool;
        this.readerPool = readerPool;
        SQLDialect dialect = settings.type() == DatabaseSettings.Type.SQLITE ? SQLDialect.SQLITE : SQLDialect.POSTGRES;
        Settings jooq = new Settings().withExecuteLogging(false).withRenderSchema(false);
        this.writer = DSL.using(writerPool, dialect, jooq);
        this.reader = DSL.using(readerPool, dialect, jooq);
    }

    /** Opens the pools and brings the schema up to date. */
    public static Database open(DatabaseSettings s) {
        HikariDataSource writer;
        HikariDataSource reader;
        if (s.type() == DatabaseSettings.Type.SQLITE) {
            try {
                Path parent = s.sqlitePath().toAbsolutePath().getParent();
                if (parent != null) Files.createDirectories(parent);
            } catch (java.io.IOException e) {
                throw new StorageException("cannot create the directory of " + s.sqlitePath() + ": " + e.getMessage(), e);
            }
            // Checkpoints run in the committing connection, the writer: at SQLite's default (every 1,000 pages) a busy
            // room's writes spent about a quarter of their time copying the log into the database, the same index
            // pages (every member's) again and again. A longer log copies each page once for many commits.
            writer = pool("lightweb-writer", sqlite(s, true), 1, null, "PRAGMA wal_autocheckpoint = " + s.walCheckpointPages());
            reader = pool("lightweb-reader", sqlite(s, false), Math.max(1, s.maxConnections()), null, null);
        } else {
            HikariConfig c = new HikariConfig();
            c.setPoolName("lightweb-pg");
            c.setJdbcUrl(s.url());
            c.setUsername(s.user());
            c.setPassword(s.password());
            c.setMaximumPoolSize(Math.max(2, s.maxConnections()));
            c.setConnectionTimeout(Math.max(250, s.busyTimeoutMs()));
            if (s.schema() != null) c.setSchema(s.schema());
            writer = new HikariDataSource(c);
            reader = writer;
        }
        try {
            migrate(s, writer);
        } catch (RuntimeException e) {
            close(writer, reader);
            throw e;
        }
        return new Database(s, writer, reader);
    }

    private static SQLiteDataSource sqlite(DatabaseSettings s, boolean forWriting) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, s.busyTimeoutMs()));
        // After a checkpoint, the log file shrinks back to this (it stays at its largest otherwise).
        config.setPragma(SQLiteConfig.Pragma.JOURNAL_SIZE_LIMIT, Long.toString(4096L * s.walCheckpointPages()));
        if (forWriting) config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + s.sqlitePath().toAbsolutePath());
        return ds;
    }

    private static HikariDataSource pool(String name, DataSource ds, int size, String schema, String initSql) {
        HikariConfig c = new HikariConfig();
        if (initSql != null) c.setConnectionInitSql(initSql);
        c.setPoolName(name);
        c.setDataSource(ds);
        c.setMaximumPoolSize(size);
        c.setMinimumIdle(1);
        if (schema != null) c.setSchema(schema);
        return new HikariDataSource(c);
    }

    private static void migrate(DatabaseSettings s, DataSource ds) {
        String dialectDir = s.type() == DatabaseSettings.Type.SQLITE ? "sqlite" : "postgres";
        var config = Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + dialectDir)
                .loggers("slf4j");
        if (s.schema() != null) config = config.schemas(s.schema()).defaultSchema(s.schema()).createSchemas(true);
        MigrateResult result;
        try {
            result = config.load().migrate();
        } catch (org.flywaydb.core.api.FlywayException e) {
            throw new StorageException("database migration failed on " + s.describe() + ": " + e.getMessage(), e);
        }
        if (result.migrationsExecuted > 0) {
            log.info("database schema migrated [db: {}, from: {}, to: {}, steps: {}]", s.describe(),
                    result.initialSchemaVersion, result.targetSchemaVersion, result.migrationsExecuted);
        }
    }

    public DatabaseSettings settings() { return settings; }

    /** The context for writes; on SQLite its single connection serialises them. */
    public DSLContext writer() { return writer; }

    /** The context for reads. */
    public DSLContext reader() { return reader; }

    /** The connection pools by name (writer, reader; one "pool" on PostgreSQL), for metrics. */
    public java.util.Map<String, com.zaxxer.hikari.HikariPoolMXBean> pools() {
        java.util.Map<String, com.zaxxer.hikari.HikariPoolMXBean> out = new java.util.LinkedHashMap<>();
        if (writerPool == readerPool) {
            out.put("pool", writerPool.getHikariPoolMXBean());
        } else {
            out.put("writer", writerPool.getHikariPoolMXBean());
            out.put("reader", readerPool.getHikariPoolMXBean());
        }
        return out;
    }

    /** The pool writes go through (on SQLite, its one connection): for work outside jOOQ, such as plugin migrations. */
    public javax.sql.DataSource dataSource() { return writerPool; }

    public boolean isSqlite() { return settings.type() == DatabaseSettings.Type.SQLITE; }

    @Override
    public void close() {
        if (isSqlite()) {
            try {
                writer.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            } catch (RuntimeException e) {
                log.warn("WAL checkpoint at close failed [db: {}]", settings.describe(), e);
            }
        }
        close(writerPool, readerPool);
    }

    private static void close(HikariDataSource writer, HikariDataSource reader) {
        if (reader != writer) reader.close();
        writer.close();
    }
}
