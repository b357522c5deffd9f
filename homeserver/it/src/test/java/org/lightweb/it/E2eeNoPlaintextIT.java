package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The database holds no plaintext of an encrypted message: matrix-js-sdk clients (homeserver/it/js/noplaintext)
 * send a message with a unique text in an encrypted room and another in clear, then the test reads the whole
 * database. On SQLite: the bytes of the WAL and then the main file (in that order, so a checkpoint between the two
 * reads cannot hide a row). On PostgreSQL: every row of every table of the node's schema, cast to text (bytea
 * columns show as hex there, so a text stored as bytes would be missed; the node stores event JSON as text). The
 * clear message's text must be found, so the search can fail.
 */
class E2eeNoPlaintextIT {
    @RegisterExtension
    static final TestNode node = TestNode.create();

    @Test
    void anEncryptedMessageShouldLeaveNoPlaintextInTheDatabase() throws Exception {
        String secret = "secret-" + UUID.randomUUID();
        String plain = "plain-" + UUID.randomUUID();

        NodeTests.run(List.of("noplaintext/messages.test.js"), Map.of("LIGHTWEB_BASE_URL", node.baseUrl(),
                "LIGHTWEB_SECRET_TEXT", secret, "LIGHTWEB_PLAIN_TEXT", plain), Duration.ofMinutes(3));

        String contents = TestDatabases.postgres() ? postgresRows() : sqliteBytes();
        assertThat(contents).as("the clear message is in the database").contains(plain);
        assertThat(contents.contains(secret)).as("the encrypted message's text is in the database").isFalse();
    }

    /** The WAL, then the main file, as Latin-1 (one char a byte, so ASCII texts are found as they are). */
    private static String sqliteBytes() throws IOException {
        Path db = node.dataDir().resolve("homeserver.db");
        Path wal = node.dataDir().resolve("homeserver.db-wal");
        StringBuilder out = new StringBuilder();
        if (Files.exists(wal)) out.append(new String(Files.readAllBytes(wal), StandardCharsets.ISO_8859_1));
        out.append('\n').append(new String(Files.readAllBytes(db), StandardCharsets.ISO_8859_1));
        return out.toString();
    }

    /** Every row of every table in the node's schema, as PostgreSQL's text form of the row. */
    private static String postgresRows() throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = DriverManager.getConnection(TestDatabases.pgUrl(), TestDatabases.pgUser(),
                TestDatabases.pgPassword())) {
            List<String> tables = new ArrayList<>();
            try (var st = c.prepareStatement(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE'")) {
                st.setString(1, node.schema());
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) tables.add(rs.getString(1));
                }
            }
            assertThat(tables).as("tables of schema " + node.schema()).isNotEmpty();
            for (String table : tables) {
                try (var st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT t::text FROM \"" + node.schema() + "\".\"" + table + "\" t")) {
                    while (rs.next()) out.append(rs.getString(1)).append('\n');
                }
            }
        }
        return out.toString();
    }
}
