package org.lightweb.plugin;

/**
 * The plugin's tables on the node's database (SQLite or PostgreSQL).
 *
 * <p>Migrations: put Flyway SQL files in the plugin under {@code db/<pluginId>/common/} (both databases), and
 * {@code db/<pluginId>/sqlite/} or {@code db/<pluginId>/postgres/} for what differs, named {@code V1__tables.sql},
 * {@code V2__...}. They run before the plugin starts, with their own history table; a failing migration fails the
 * plugin's start, not the node. Every table a plugin creates must start with {@link #tablePrefix()}: the node checks,
 * and refuses to start a plugin that created others.
 */
public interface PluginDatabase {
    /** {@code sqlite} or {@code postgres}. */
    String dialect();

    /** What every table of this plugin starts with: the plugin id in lower case, '-' as '_', then '_'. */
    String tablePrefix();

    /** Runs {@code work} on a reading connection. */
    <T> T read(SqlWork<T> work) throws Exception;

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    <T> T write(SqlWork<T> work) throws Exception;
}
