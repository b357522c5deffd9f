package org.lightweb.storage.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.lightweb.storage.Database;
import org.lightweb.storage.DatabaseSettings;
import org.lightweb.storage.Db;
import org.lightweb.storage.testing.OlderSchema;
import org.lightweb.storage.testing.TestPostgres;
import org.lightweb.storage.testing.TestStorage;

/**
 * A node that stored push actions before V17 (keyed by user and event): after the migrations (V17's new key, then
 * V18's runs, each old row a run of one) its unread counts and notifications are what they were, and a repeated
 * action is still stored once, on both databases.
 */
class PushActionsKeyMigrationTest {
    private static final String ROOM = "!old:example.org";
    private static final String BOB = "@bob:example.org";

    @Test
    void actionsShouldSurviveTheNewKeyWhenTheDatabaseIsSqlite(@TempDir Path dir) throws Exception {
        assertThatTheActionsAreAsTheyWere(OlderSchema.sqlite(dir.resolve("old.db"), "16",
                PushActionsKeyMigrationTest::insertOldActions));
    }

    @Test
    @EnabledIfEnvironmentVariable(named = TestPostgres.URL_VARIABLE, matches = ".+")
    void actionsShouldSurviveTheNewKeyWhenTheDatabaseIsPostgres() throws Exception {
        String schema = TestPostgres.freshSchema();
        try {
            assertThatTheActionsAreAsTheyWere(OlderSchema.postgres(schema, "16",
                    PushActionsKeyMigrationTest::insertOldActions));
        } finally {
            TestPostgres.dropSchema(schema);
        }
    }

    private static void insertOldActions(Connection c) throws Exception {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO event_push_actions (user_id, room_id, event_id, "
                + "stream_ordering, thread_id, actions, notify, highlight, ts) VALUES (?, ?, ?, ?, ?, '[\"notify\"]', ?, ?, ?)")) {
            Object[][] rows = {{"$m1", 1L, "main", false}, {"$m2", 2L, "main", true}, {"$t1", 3L, "$root", false}};
            for (Object[] r : rows) {
                p.setString(1, BOB);
                p.setString(2, ROOM);
                p.setString(3, (String) r[0]);
                p.setLong(4, (Long) r[1]);
                p.setString(5, (String) r[2]);
                p.setBoolean(6, true);
                p.setBoolean(7, (Boolean) r[3]);
                p.setLong(8, 1000L * (Long) r[1]);
                p.executeUpdate();
            }
        }
    }

    private static void assertThatTheActionsAreAsTheyWere(DatabaseSettings settings) throws Exception {
        Vertx vertx = Vertx.vertx();
        try (Database database = Database.open(settings); Db db = new Db(vertx, database)) {
            var repo = new JooqPushActionRepository(db);
            var unread = TestStorage.await(repo.unread(BOB, ROOM));
            assertThat(unread.get("main")).isEqualTo(new PushActionRepository.Counts(2, 1));
            assertThat(unread.get("$root")).isEqualTo(new PushActionRepository.Counts(1, 0));
            assertThat(TestStorage.await(repo.notifications(BOB, Long.MAX_VALUE, 10, false)))
                    .extracting(PushActionRepository.Notification::eventId).containsExactly("$t1", "$m2", "$m1");

            TestStorage.await(repo.add(List.of(new PushActionRepository.NewAction(BOB, ROOM, "$m2", 2, "main", "[\"notify\"]",
                    true, 2000))));
            assertThat(TestStorage.await(repo.unread(BOB, ROOM)).get("main")).as("stored once")
                    .isEqualTo(new PushActionRepository.Counts(2, 1));
        } finally {
            TestStorage.await(vertx.close());
        }
    }
}
