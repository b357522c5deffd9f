package org.lightweb.storage.plugins;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.TreeSet;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.output.MigrateResult;
import org.lightweb.storage.Database;
import org.lightweb.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plugin's tables on the node's database: its own Flyway migrations ({@code db/<pluginId>/common} and
 * {@code db/<pluginId>/<sqlite|postgres>}, found through the plugin's class loader), with its own history table, and
 * the rule that every table it creates starts with its prefix (as Openfire gives each plugin its own
 * {@code databaseKey}). Plugins are trusted code; the prefix keeps names apart, it is not a sandbox.
 */
public final class PluginTables {
    private static final Logger log = LoggerFactory.getLogger(PluginTables.class);

    private PluginTables() {}

    /** The prefix of a plugin's tables: its id in lower case with every character but [a-z0-9] as '_', then '_'. */
    public static String prefix(String pluginId) {
        return pluginId.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "_") + "_";
    }

    /**
     * Runs the plugin's pending migrations and checks that the tables it added all start with its prefix.
     *
     * @throws StorageException when a migration fails or a table was created outside the prefix
     */
    public static void migrate(Database db, String pluginId, ClassLoader loader) {
        String prefix = prefix(pluginId);
        String dialectDir = db.isSqlite() ? "sqlite" : "postgres";
        String schema = db.settings().schema();
        var config = Flyway.configure(loader)
                .callbacks(new PrefixCheck(prefix))
                .dataSource(db.dataSource())
                .locations("classpath:db/" + pluginId + "/common", "classpath:db/" + pluginId + "/" + dialectDir)
                .table(prefix + "schema_history")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .failOnMissingLocations(false)
                .loggers("slf4j");
        if (schema != null) config = config.schemas(schema).defaultSchema(schema);
        MigrateResult result;
        try {
            result = config.load().migrate();
        } catch (FlywayException e) {
            Throwable outside = e;
            while (outside != null && !(outside instanceof OutsidePrefix)) outside = outside.getCause();
            throw new StorageException(outside != null ? "plugin " + pluginId + " " + outside.getMessage()
                    : "migration of plugin " + pluginId + " failed: " + e.getMessage(), e);
        }
        if (result.migrationsExecuted > 0) {
            log.info("plugin schema migrated [plugin: {}, to: {}, steps: {}]", pluginId, result.targetSchemaVersion,
                    result.migrationsExecuted);
        }
    }

    /** The names of the tables in the node's schema, in lower case. */
    public static Set<String> tables(Database db) {
        try (Connection c = db.dataSource().getConnection()) {
            return tables(c);
        } catch (SQLException e) {
            throw new StorageException("cannot list tables: " + e.getMessage(), e);
        }
    }

    private static Set<String> tables(Connection c) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        Set<String> names = new TreeSet<>();
        try (ResultSet rs = meta.getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
            while (rs.next()) names.add(rs.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT));
        }
        return names;
    }

    private static final class OutsidePrefix extends RuntimeException {
        OutsidePrefix(String message) { super(message); }
    }

    /**
     * Checks each migration inside its own transaction: one that created a table outside the prefix throws there,
     * so it is rolled back and not recorded, and the plugin fails again at its next start instead of passing.
     */
    private static final class PrefixCheck implements Callback {
        private final String prefix;
        private Set<String> before = Set.of();

        PrefixCheck(String prefix) { this.prefix = prefix; }

        @Override
        public boolean supports(Event event, Context context) {
            return event == Event.BEFORE_EACH_MIGRATE || event == Event.AFTER_EACH_MIGRATE;
        }

        @Override
        public boolean canHandleInTransaction(Event event, Context context) { return true; }

        @Override
        public void handle(Event event, Context context) {
            try {
                Set<String> now = tables(context.getConnection());
                if (event == Event.BEFORE_EACH_MIGRATE) {
                    before = now;
                    return;
                }
                Set<String> added = new TreeSet<>(now);
                added.removeAll(before);
                added.removeIf(t -> t.startsWith(prefix) || t.startsWith("sqlite_"));
                if (!added.isEmpty()) throw new OutsidePrefix("created tables outside its prefix '" + prefix + "': " + added);
            } catch (SQLException e) {
                throw new StorageException("cannot list tables: " + e.getMessage(), e);
            }
        }

        @Override
        public String getCallbackName() { return "lightweb-plugin-prefix"; }
    }
}
