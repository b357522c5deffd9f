package org.lightweb.storage.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.flywaydb.core.Flyway;
import org.lightweb.storage.DatabaseSettings;

/**
 * A database as an older release left it, for migration tests: migrated up to {@code version} only, rows put in by
 * {@code fill}, then the settings that open it (and so migrate it the rest of the way, as a node's start does).
 */
public final class OlderSchema {
    private OlderSchema() {}

    /** Something that writes rows into the older schema. */
    @FunctionalInterface
    public interface Fill {
        void into(Connection c) throws Exception;
    }

    /** An SQLite file at {@code version}, filled. */
    public static DatabaseSettings sqlite(Path file, String version, Fill fill) throws Exception {
        String url = "jdbc:sqlite:" + file;
        Flyway.configure().dataSource(url, null, null).target(version)
                .locations("classpath:db/migration/common", "classpath:db/migration/sqlite").load().migrate();
        try (Connection c = DriverManager.getConnection(url)) {
            fill.into(c);
        }
        return DatabaseSettings.sqlite(file);
    }

    /** A PostgreSQL schema (of the test server, {@link TestPostgres}) at {@code version}, filled. */
    public static DatabaseSettings postgres(String schema, String version, Fill fill) throws Exception {
        Flyway.configure().dataSource(TestPostgres.url(), TestPostgres.user(), TestPostgres.password())
                .schemas(schema).defaultSchema(schema).createSchemas(true).target(version)
                .locations("classpath:db/migration/common", "classpath:db/migration/postgres").load().migrate();
        try (Connection c = DriverManager.getConnection(TestPostgres.url(), TestPostgres.user(), TestPostgres.password())) {
            c.setSchema(schema);
            fill.into(c);
        }
        return TestPostgres.settings(schema);
    }
}
