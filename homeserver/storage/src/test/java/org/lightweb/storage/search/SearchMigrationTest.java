package org.lightweb.storage.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.storage.jooq.Tables.USER_DIRECTORY_PUBLIC_ROOMS;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.lightweb.storage.Database;
import org.lightweb.storage.DatabaseSettings;
import org.lightweb.storage.Db;
import org.lightweb.storage.search.SearchIndex.Order;
import org.lightweb.storage.search.SearchIndex.Query;
import org.lightweb.storage.testing.OlderSchema;
import org.lightweb.storage.testing.TestPostgres;
import org.lightweb.storage.testing.TestStorage;

/**
 * A node that stored rooms before V6: the migration indexes the messages, names and topics it already has (not
 * other text, not rejected events) and marks its public rooms, on both databases.
 */
class SearchMigrationTest {
    private static final String ROOM = "!old:example.org";

    @Test
    void migrationShouldIndexEarlierEventsWhenTheDatabaseIsSqlite(@TempDir Path dir) throws Exception {
        assertThatTheMigratedDatabaseFindsTheOldRoom(OlderSchema.sqlite(dir.resolve("old.db"), "3",
                SearchMigrationTest::insertOldRoom));
    }

    @Test
    @EnabledIfEnvironmentVariable(named = TestPostgres.URL_VARIABLE, matches = ".+")
    void migrationShouldIndexEarlierEventsWhenTheDatabaseIsPostgres() throws Exception {
        String schema = TestPostgres.freshSchema();
        try {
            assertThatTheMigratedDatabaseFindsTheOldRoom(OlderSchema.postgres(schema, "3",
                    SearchMigrationTest::insertOldRoom));
        } finally {
            TestPostgres.dropSchema(schema);
        }
    }

    private static void insertOldRoom(Connection c) throws Exception {
        event(c, "$msg", 1, "m.room.message", null, "{\"content\":{\"msgtype\":\"m.text\",\"body\":\"heirloom tomatoes\"}}", null);
        event(c, "$name", 2, "m.room.name", "", "{\"content\":{\"name\":\"Heirloom seeds\"}}", null);
        event(c, "$rules", 3, "m.room.join_rules", "", "{\"content\":{\"join_rule\":\"public\"}}", null);
        event(c, "$odd", 4, "m.room.message", null, "{\"content\":{\"body\":{\"not\":\"text\"}}}", null);
        event(c, "$bad", 5, "m.room.message", null, "{\"content\":{\"body\":\"heirloom rejected\"}}", "auth");
        try (Statement s = c.createStatement()) {
            s.execute("INSERT INTO current_state (room_id, type, state_key, event_id) VALUES ('" + ROOM
                    + "', 'm.room.join_rules', '', '$rules')");
        }
    }

    private static void event(Connection c, String id, long ordering, String type, String stateKey, String json,
                              String rejected) throws Exception {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO events (event_id, room_id, stream_ordering, depth, type,"
                + " state_key, sender, origin_server_ts, received_ts, json, rejected_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, id);
            p.setString(2, ROOM);
            p.setLong(3, ordering);
            p.setLong(4, ordering);
            p.setString(5, type);
            p.setString(6, stateKey);
            p.setString(7, "@old:example.org");
            p.setLong(8, ordering);
            p.setLong(9, ordering);
            p.setString(10, json);
            p.setString(11, rejected);
            p.executeUpdate();
        }
    }

    private static void assertThatTheMigratedDatabaseFindsTheOldRoom(DatabaseSettings settings) throws Exception {
        Vertx vertx = Vertx.vertx();
        try (Database database = Database.open(settings); Db db = new Db(vertx, database)) {
            Map<String, Long> rooms = new HashMap<>();
            rooms.put(ROOM, null);
            var page = TestStorage.await(SearchIndex.forDatabase(db).search(new Query(List.of("heirloom"), rooms,
                    SearchIndexContract.ALL_KEYS, Order.RECENT, null, 0, 10)));
            assertThat(page.hits()).extracting(SearchIndex.Hit::eventId).containsExactly("$name", "$msg");
            boolean isPublic = TestStorage.await(db.read(ctx -> ctx.fetchExists(USER_DIRECTORY_PUBLIC_ROOMS,
                    USER_DIRECTORY_PUBLIC_ROOMS.ROOM_ID.eq(ROOM))));
            assertThat(isPublic).isTrue();
        } finally {
            TestStorage.await(vertx.close());
        }
    }
}
