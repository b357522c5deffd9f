package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SQLite locked by another process (a backup tool, an operator's sqlite3 shell holding a write transaction): writes
 * wait database.busy_timeout, then fail with 503 M_UNKNOWN and Retry-After, never a 500 or a half-written event; the
 * node serves again as soon as the lock is gone, and the retried transaction id makes exactly one event.
 */
class DatabaseLockedIT {
    @RegisterExtension
    static final TestNode node = TestNode.create(c -> ((com.fasterxml.jackson.databind.node.ObjectNode) c.get("database"))
            .put("busy_timeout", "300ms"));

    @Test
    void writesShouldFailWith503WhileAnotherProcessLocksTheDatabaseAndRecoverAfter() throws Exception {
        assumeFalse(TestDatabases.postgres(), "SQLite's file lock");
        var alice = node.client().register("alice", "password123");
        String room = node.client().post("/_matrix/client/v3/createRoom", alice.accessToken(), Map.of()).json().path("room_id").asText();
        String path = "/_matrix/client/v3/rooms/" + room + "/send/m.room.message/locked-1";

        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + node.dataDir().resolve("homeserver.db"));
             Statement st = other.createStatement()) {
            st.execute("BEGIN EXCLUSIVE");
            var refused = node.client().put(path, alice.accessToken(), Map.of("msgtype", "m.text", "body", "while locked"));
            assertThat(refused.status()).as(refused.body()).isEqualTo(503);
            assertThat(refused.errcode()).isEqualTo("M_UNKNOWN");
            assertThat(refused.header("Retry-After")).isNotNull();
            st.execute("ROLLBACK");
        }

        var sent = node.client().put(path, alice.accessToken(), Map.of("msgtype", "m.text", "body", "while locked"));
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        var messages = node.client().get("/_matrix/client/v3/rooms/" + room + "/messages?dir=b&limit=50", alice.accessToken()).json();
        long copies = 0;
        for (var e : messages.path("chunk")) if ("while locked".equals(e.path("content").path("body").asText())) copies++;
        assertThat(copies).as("exactly one event for the transaction").isEqualTo(1);
    }
}
