package org.lightweb.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import org.lightweb.core.Secrets;

/**
 * Which database the black-box tests run on. {@code LIGHTWEB_TEST_DB=postgres} (with {@code LIGHTWEB_TEST_PG_URL},
 * {@code LIGHTWEB_TEST_PG_USER}, {@code LIGHTWEB_TEST_PG_PASSWORD}) runs every node on PostgreSQL, each in a
 * schema of its own; anything else runs them on a temp SQLite file.
 */
public final class TestDatabases {
    private TestDatabases() {}

    public static boolean postgres() {
        return "postgres".equals(System.getenv("LIGHTWEB_TEST_DB"));
    }

    public static String pgUrl() { return require("LIGHTWEB_TEST_PG_URL"); }

    public static String pgUser() { return require("LIGHTWEB_TEST_PG_USER"); }

    public static String pgPassword() { return System.getenv().getOrDefault("LIGHTWEB_TEST_PG_PASSWORD", ""); }

    /** A fresh, unused schema name. */
    public static String freshSchema() {
        return "t_" + Secrets.randomString(12).toLowerCase(Locale.ROOT);
    }

    /** Drops a schema made by {@link #freshSchema}. */
    public static void dropSchema(String schema) {
        try (Connection c = DriverManager.getConnection(pgUrl(), pgUser(), pgPassword())) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test schema " + schema, e);
        }
    }

    private static String require(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) throw new IllegalStateException(name + " must be set when LIGHTWEB_TEST_DB=postgres");
        return v;
    }
}
