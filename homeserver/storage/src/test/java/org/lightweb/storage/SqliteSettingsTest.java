package org.lightweb.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite connection settings the node runs with, as SQLite itself reports them. */
class SqliteSettingsTest {
    @TempDir
    Path dir;

    @Test
    void theWriterShouldCheckpointTheLogAtTheConfiguredSizeAndShrinkItBackToThat() {
        var settings = DatabaseSettings.sqlite(dir.resolve("w.db"));
        var custom = new DatabaseSettings(settings.type(), settings.sqlitePath(), null, null, null, null, 2, 1000, 2_500);
        try (Database database = Database.open(custom)) {
            assertThat(database.writer().fetchValue("PRAGMA wal_autocheckpoint")).hasToString("2500");
            assertThat(database.writer().fetchValue("PRAGMA journal_size_limit")).hasToString(Long.toString(2_500L * 4096));
            assertThat(database.writer().fetchValue("PRAGMA journal_mode")).hasToString("wal");
        }
        assertThat(DatabaseSettings.sqlite(dir.resolve("d.db")).walCheckpointPages()).isEqualTo(10_000);
    }
}
