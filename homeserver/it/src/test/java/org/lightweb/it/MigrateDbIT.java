package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.lightweb.core.Clock;
import org.lightweb.core.Json;
import org.lightweb.server.Node;
import org.lightweb.server.config.HomeserverConfig;

/**
 * migrate-db: a populated SQLite node moves to PostgreSQL and then serves the same users, rooms and messages. Runs in
 * the PostgreSQL pass (it needs a server to migrate to).
 */
class MigrateDbIT {
    @Test
    void migratedNodeShouldServeTheSameUsersRoomsAndMessagesFromPostgres() throws Exception {
        Assumptions.assumeTrue(TestDatabases.postgres(), "needs PostgreSQL (the PostgreSQL pass)");
        TestNode sqlite = TestNode.create(c -> c.putObject("database").put("type", "sqlite"));
        sqlite.start();
        String schema = TestDatabases.freshSchema();
        try {
            var alice = sqlite.client().register("mig_alice", "password123");
            String roomId = sqlite.client().post("/_matrix/client/v3/createRoom", alice.accessToken(),
                    Json.object().put("name", "Moved")).json().path("room_id").asText();
            for (int i = 0; i < 5; i++) {
                sqlite.client().put("/_matrix/client/v3/rooms/" + roomId + "/send/m.room.message/m" + i, alice.accessToken(),
                        Json.object().put("msgtype", "m.text").put("body", "moved " + i));
            }
            HomeserverConfig old = sqlite.node().config();
            Path configFile = sqlite.dataDir().resolve("homeserver.yaml");
            Files.writeString(configFile, yaml(old, sqlite.dataDir()));
            sqlite.stopKeepingData();

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = org.lightweb.server.Main.run(new String[] {"migrate-db", "--config", configFile.toString(), "--to", "postgres",
                    "--url", TestDatabases.pgUrl(), "--user", TestDatabases.pgUser(), "--password", TestDatabases.pgPassword(),
                    "--schema", schema}, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("Copied");

            // The same data directory, on PostgreSQL now
            ObjectNode tree = (ObjectNode) Json.MAPPER.readTree(Json.write(Json.MAPPER.createObjectNode()));
            tree.put("server_name", old.serverName().value()).put("data_dir", sqlite.dataDir().toString());
            ObjectNode listeners = tree.putObject("listeners");
            listeners.putObject("client").put("bind", "127.0.0.1").put("port", 0);
            listeners.putObject("federation").put("bind", "127.0.0.1").put("port", 0).put("tls", "none");
            tree.putObject("database").put("type", "postgres").put("url", TestDatabases.pgUrl()).put("user", TestDatabases.pgUser())
                    .put("password", TestDatabases.pgPassword()).put("schema", schema);
            tree.putObject("admin_bot").put("enabled", false);
            tree.putObject("rate_limits").put("enabled", false);
            Node moved = Node.start(HomeserverConfig.fromTree(tree, configFile), Clock.SYSTEM).toCompletionStage()
                    .toCompletableFuture().get(60, TimeUnit.SECONDS);
            try {
                TestClient client = new TestClient("http://127.0.0.1:" + moved.clientPort());
                var login = client.post("/_matrix/client/v3/login", null, Json.object().put("type", "m.login.password")
                        .put("user", "mig_alice").put("password", "password123"));
                assertThat(login.status()).as(login.body()).isEqualTo(200);
                String token = login.json().path("access_token").asText();
                assertThat(client.get("/_matrix/client/v3/account/whoami", alice.accessToken()).status()).isEqualTo(200);
                var messages = client.get("/_matrix/client/v3/rooms/" + roomId + "/messages?dir=b&limit=50", token);
                assertThat(messages.body()).contains("moved 0", "moved 4");
                assertThat(client.get("/_matrix/client/v3/rooms/" + roomId + "/state/m.room.name", token).json()
                        .path("name").asText()).isEqualTo("Moved");
                // New events go on from where SQLite's streams stopped
                var sent = client.put("/_matrix/client/v3/rooms/" + roomId + "/send/m.room.message/after", token,
                        Json.object().put("msgtype", "m.text").put("body", "after the move"));
                assertThat(sent.status()).as(sent.body()).isEqualTo(200);
                assertThat(client.get("/_matrix/client/v3/sync", token).body()).contains("after the move");
            } finally {
                moved.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        } finally {
            sqlite.stop();
            TestDatabases.dropSchema(schema);
        }
    }

    /** The few keys migrate-db reads, as a file. */
    private static String yaml(HomeserverConfig c, Path dataDir) {
        return "server_name: " + c.serverName().value() + "\n"
                + "data_dir: " + dataDir + "\n"
                + "database: {type: sqlite}\n";
    }
}
