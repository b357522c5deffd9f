package org.lightweb.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.storage.testing.TestStorage;

/**
 * One schema, two databases (STYLE.md §5): after migrating, SQLite and PostgreSQL are at the same Flyway version
 * and have the same tables with the same columns. Catches a migration added for one dialect only.
 */
@EnabledIfEnvironmentVariable(named = "LIGHTWEB_TEST_PG_URL", matches = ".+")
class SchemaParityTest {
    /**
     * SQLite's FTS5 table over event_search (and its shadow tables); PostgreSQL indexes the same column with a GIN
     * index instead. The one table allowed to exist on one database only.
     */
    private static final String SQLITE_FULL_TEXT_INDEX = "event_search_fts";

    @RegisterExtension
    static final TestStorage sqlite = TestStorage.sqlite();

    @RegisterExtension
    static final TestStorage postgres = TestStorage.postgres();

    @Test
    void schemaVersionShouldBeTheSameWhenBothDatabasesAreMigrated() {
        String onSqlite = schemaVersion(sqlite);

        assertThat(onSqlite).isNotBlank();
        assertThat(schemaVersion(postgres)).isEqualTo(onSqlite);
    }

    @Test
    void tablesShouldHaveTheSameColumnsWhenBothDatabasesAreMigrated() {
        Map<String, List<String>> onSqlite = columns(sqlite);

        assertThat(onSqlite).containsKey("users");
        assertThat(columns(postgres)).isEqualTo(onSqlite);
    }

    /** The version of the newest successful versioned migration. */
    private static String schemaVersion(TestStorage storage) {
        return TestStorage.await(storage.db().read(ctx -> ctx.resultQuery(
                "select version from flyway_schema_history where success and version is not null"
                        + " order by installed_rank desc limit 1").fetchOne(0, String.class)));
    }

    /** Table name to column names in declaration order, without Flyway's history table. */
    private static Map<String, List<String>> columns(TestStorage storage) {
        String schema = storage.database().settings().schema();
        return TestStorage.await(storage.db().read(ctx -> ctx.connectionResult(c -> {
            DatabaseMetaData md = c.getMetaData();
            Map<String, List<String>> tables = new TreeMap<>();
            try (ResultSet rs = md.getColumns(null, schema, "%", "%")) {
                while (rs.next()) {
                    String table = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                    if (table.equals("flyway_schema_history") || table.startsWith("sqlite_")) continue;
                    if (table.startsWith(SQLITE_FULL_TEXT_INDEX)) continue;
                    tables.computeIfAbsent(table, t -> new ArrayList<>()).add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                }
            }
            return tables;
        })));
    }
}
