package org.lightweb.plugin.testkit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.lightweb.plugin.PluginDatabase;
import org.lightweb.plugin.SqlWork;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * A plugin's database on a SQLite file, migrated as the node migrates it: Flyway runs
 * {@code db/<pluginId>/common} then {@code db/<pluginId>/sqlite} from the plugin's class loader, with its own
 * history table ({@code <prefix>schema_history}), and every table it leaves must start with the prefix.
 */
public final class FakePluginDatabase implements PluginDatabase {
    private final String prefix;
    private final SQLiteDataSource writer;
    private final SQLiteDataSource reader;

    FakePluginDatabase(String pluginId, Path file) {
        this.prefix = tablePrefix(pluginId);
        this.writer = dataSource(file, false);
        this.reader = dataSource(file, true);
        try (Connection c = writer.getConnection()) {
            c.createStatement().execute("PRAGMA journal_mode = WAL");  // creates the file, and lets reads run beside a write
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open " + file, e);
        }
    }

    /** What every table of {@code pluginId} starts with: lower case, '-' as '_', then '_'. */
    public static String tablePrefix(String pluginId) {
        return pluginId.toLowerCase(Locale.ROOT).replace('-', '_') + "_";
    }

    private static SQLiteDataSource dataSource(Path file, boolean readOnly) {
        SQLiteConfig config = new SQLiteConfig();
        config.enforceForeignKeys(true);
        config.setBusyTimeout(10_000);
        config.setReadOnly(readOnly);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        return ds;
    }

    /** Runs the plugin's migrations; answers how many ran. Fails when one fails or a table breaks the prefix rule. */
    int migrate(String pluginId, ClassLoader classLoader) {
        MigrateResult result = Flyway.configure(classLoader)
                .dataSource(writer)
                .locations("classpath:db/" + pluginId + "/common", "classpath:db/" + pluginId + "/sqlite")
                .table(prefix + "schema_history")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        List<String> strangers = tablesNotPrefixed();
        if (!strangers.isEmpty()) {
            throw new IllegalStateException("plugin " + pluginId + " created tables that do not start with '" + prefix
                    + "': " + String.join(", ", strangers));
        }
        return result.migrationsExecuted;
    }

    /** Tables of the database that do not start with the plugin's prefix (SQLite's own excepted). */
    public List<String> tablesNotPrefixed() {
        try {
            return read(c -> {
                List<String> out = new ArrayList<>();
                try (ResultSet rs = c.createStatement().executeQuery(
                        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")) {
                    while (rs.next()) {
                        String name = rs.getString(1);
                        if (!name.toLowerCase(Locale.ROOT).startsWith(prefix)) out.add(name);
                    }
                }
                return out;
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override public String dialect() { return "sqlite"; }

    @Override public String tablePrefix() { return prefix; }

    @Override
    public <T> T read(SqlWork<T> work) throws Exception {
        try (Connection c = reader.getConnection()) {
            return work.run(c);
        }
    }

    @Override
    public <T> T write(SqlWork<T> work) throws Exception {
        try (Connection c = writer.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
