package org.lightweb.it;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.lightweb.core.Clock;
import org.lightweb.core.Json;
import org.lightweb.server.Node;
import org.lightweb.server.config.HomeserverConfig;

/**
 * A real node for black-box tests: random ports on 127.0.0.1, a temp data directory and a fresh database
 * (SQLite, or a fresh PostgreSQL schema when {@link TestDatabases#postgres()}), stopped after all tests of the
 * class. The config goes through the same loader and validator as homeserver.yaml.
 */
public final class TestNode implements BeforeAllCallback, AfterAllCallback {
    private final String serverName;
    private final Consumer<ObjectNode> customise;
    private Path dataDir;
    private String schema;
    private Node node;
    private TestClient client;
    private HomeserverConfig stoppedConfig;

    private TestNode(String serverName, Consumer<ObjectNode> customise) {
        this.serverName = serverName;
        this.customise = customise;
    }

    /** Open registration, no rate limits, cheap password hashing: the defaults most tests want. */
    public static TestNode create() {
        return new TestNode("localhost", c -> {});
    }

    /** Like {@link #create()}, then {@code customise} edits the config tree (e.g. to require tokens). */
    public static TestNode create(Consumer<ObjectNode> customise) {
        return new TestNode("localhost", customise);
    }

    public static TestNode named(String serverName, Consumer<ObjectNode> customise) {
        return new TestNode(serverName, customise);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }

    public void start() throws Exception {
        dataDir = Files.createTempDirectory("lightweb-it-");
        ObjectNode config = baseConfig();
        customise.accept(config);
        HomeserverConfig parsed = HomeserverConfig.fromTree(config, dataDir.resolve("homeserver.yaml"));
        node = Node.start(parsed, Clock.SYSTEM).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        client = new TestClient("http://127.0.0.1:" + node.clientPort());
    }

    private ObjectNode baseConfig() {
        ObjectNode c = Json.object();
        c.put("server_name", serverName);
        c.put("data_dir", dataDir.toString());
        ObjectNode listeners = c.putObject("listeners");
        listeners.putObject("client").put("bind", "127.0.0.1").put("port", 0);
        listeners.putObject("federation").put("bind", "127.0.0.1").put("port", 0).put("tls", "none");
        listeners.put("shutdown_timeout", "2s");
        ObjectNode db = c.putObject("database");
        if (TestDatabases.postgres()) {
            schema = TestDatabases.freshSchema();
            db.put("type", "postgres").put("url", TestDatabases.pgUrl()).put("user", TestDatabases.pgUser())
                    .put("password", TestDatabases.pgPassword()).put("schema", schema);
        } else {
            db.put("type", "sqlite");
        }
        c.putObject("registration").put("enabled", true).put("require_token", false).put("shared_secret", "test-shared-secret");
        c.putObject("passwords").put("argon2_memory", "64KiB").put("argon2_iterations", 1).put("minimum_length", 8);
        c.putObject("rate_limits").put("enabled", false);
        c.putObject("log").put("level", "warn");
        // The admin bot makes a room and a user at start: tests that want it turn it on (AdminBotIT).
        c.putObject("admin_bot").put("enabled", false);
        return c;
    }

    public void stop() throws Exception {
        if (node != null) node.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        node = null;
        if (schema != null) TestDatabases.dropSchema(schema);
        if (dataDir != null) deleteRecursively(dataDir);
    }

    /** Stops the node and keeps its data and database, for {@link #startAgain()}: a server that went away. */
    public void stopKeepingData() throws Exception {
        if (node == null) return;
        stoppedConfig = node.config();
        node.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        node = null;
    }

    /** Starts a node stopped by {@link #stopKeepingData()} again, on the same config, data and ports. */
    public void startAgain() throws Exception {
        node = Node.start(stoppedConfig, Clock.SYSTEM).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        client = new TestClient("http://127.0.0.1:" + node.clientPort());
    }

    /** Stops and starts the node on the same data (and database): what survives a restart. */
    public void restart() throws Exception {
        HomeserverConfig config = node.config();
        node.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        node = Node.start(config, Clock.SYSTEM).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        client = new TestClient("http://127.0.0.1:" + node.clientPort());
    }

    public TestClient client() { return client; }

    public Node node() { return node; }

    public String serverName() { return serverName; }

    public String baseUrl() { return "http://127.0.0.1:" + node.clientPort(); }

    public Path dataDir() { return dataDir; }

    /** The PostgreSQL schema of this node (LIGHTWEB_TEST_DB=postgres), else null. */
    public String schema() { return schema; }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
