package org.lightweb.storage.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.lightweb.core.Secrets;
import org.lightweb.storage.DatabaseSettings;

/**
 * The PostgreSQL server tests may use: {@code LIGHTWEB_TEST_PG_URL} (a JDBC URL), {@code LIGHTWEB_TEST_PG_USER} and
 * {@code LIGHTWEB_TEST_PG_PASSWORD}, as set by scripts/test. Tests never touch the public schema: each gets a
 * schema of its own and drops it afterwards.
 */
public final class TestPostgres {
    /** The variable whose presence enables the PostgreSQL tests ({@code @EnabledIfEnvironmentVariable}). */
    public static final String URL_VARIABLE = "LIGHTWEB_TEST_PG_URL";

    private TestPostgres() {}

    public static boolean configured() {
        String url = System.getenv(URL_VARIABLE);
        return url != null && !url.isBlank();
    }

    public static String url() { return require(URL_VARIABLE); }

    public static String user() { return require("LIGHTWEB_TEST_PG_USER"); }

    public static String password() { return System.getenv().getOrDefault("LIGHTWEB_TEST_PG_PASSWORD", ""); }

    /** A fresh, unused schema name; {@link org.lightweb.storage.Database#open} creates it. */
    public static String freshSchema() {
        return "t_" + Secrets.randomString(12).toLowerCase(Locale.ROOT);
    }

    public static DatabaseSettings settings(String schema) {
        return DatabaseSettings.postgres(url(), user(), password(), schema);
    }

    /** Drops a schema made from {@link #freshSchema}, with everything in it. */
    public static void dropSchema(String schema) {
        if (!schema.matches("t_[a-z0-9]+")) throw new IllegalArgumentException("not a test schema: " + schema);
        try (Connection c = DriverManager.getConnection(url(), user(), password()); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test schema " + schema + ": " + e.getMessage(), e);
        }
    }

    private static String require(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException(name + " must be set for the PostgreSQL tests (scripts/test sets it)");
        }
        return v;
    }
}
