package org.lightweb.storage.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.lightweb.storage.StorageException;
import org.lightweb.storage.testing.StorageContract;
import org.lightweb.storage.testing.TestStorage;

/** A plugin's migrations on every database: its own history, its own prefix, and refusal outside it. */
public interface PluginTablesContract extends StorageContract {

    /** A class loader holding {@code db/<pluginId>/common/<file>} with {@code sql}, as a plugin jar would. */
    static ClassLoader pluginWith(String pluginId, String file, String sql) throws IOException {
        Path root = Files.createTempDirectory("plugin-");
        Path dir = Files.createDirectories(root.resolve("db").resolve(pluginId).resolve("common"));
        Files.writeString(dir.resolve(file), sql);
        return new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
    }

    @Test
    default void migrateShouldCreateThePluginsTablesOnceWhenRunTwice() throws IOException {
        String id = TestStorage.freshName("p").toLowerCase();
        String prefix = PluginTables.prefix(id);
        ClassLoader loader = pluginWith(id, "V1__notes.sql", "CREATE TABLE " + prefix + "notes (id TEXT PRIMARY KEY, body TEXT);");

        PluginTables.migrate(storage().db().database(), id, loader);
        PluginTables.migrate(storage().db().database(), id, loader);

        assertThat(PluginTables.tables(storage().db().database())).contains(prefix + "notes", prefix + "schema_history");
    }

    @Test
    default void migrateShouldFailWhenAPluginCreatesATableOutsideItsPrefix() throws IOException {
        String id = TestStorage.freshName("q").toLowerCase();
        ClassLoader loader = pluginWith(id, "V1__bad.sql", "CREATE TABLE " + id.replace('-', '_') + "x_elsewhere (id TEXT);");

        assertThatThrownBy(() -> PluginTables.migrate(storage().db().database(), id, loader))
                .isInstanceOf(StorageException.class).hasMessageContaining("outside its prefix");
        // Rolled back and not recorded: the next start fails the same way instead of passing
        assertThat(PluginTables.tables(storage().db().database())).doesNotContain(id.replace('-', '_') + "x_elsewhere");
        assertThatThrownBy(() -> PluginTables.migrate(storage().db().database(), id, loader))
                .isInstanceOf(StorageException.class).hasMessageContaining("outside its prefix");
    }

    @Test
    default void migrateShouldReportTheFailureWhenTheSqlIsBroken() throws IOException {
        String id = TestStorage.freshName("r").toLowerCase();
        ClassLoader loader = pluginWith(id, "V1__broken.sql", "CREATE TABLE oops (");

        assertThatThrownBy(() -> PluginTables.migrate(storage().db().database(), id, loader))
                .isInstanceOf(StorageException.class).hasMessageContaining("migration of plugin " + id + " failed");
    }

    @Test
    default void prefixShouldBeTheIdWithUnderscoresWhenItHasDashes() {
        assertThat(PluginTables.prefix("contact-sync")).isEqualTo("contact_sync_");
        assertThat(PluginTables.prefix("File.Backup")).isEqualTo("file_backup_");
    }
}
