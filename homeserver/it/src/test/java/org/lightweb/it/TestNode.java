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
    private String serverName;
    private final Consumer<ObjectNode> customise;
    /** Set for {@link #federating}: the label (kaslo, nelson) of a node whose server name is 127.0.0.1:port. */
    private final String federationLabel;
    private Path dataDir;
    private String schema;
    private Node node;
    private TestClient client;
    private HomeserverConfig stoppedConfig;

    private TestNode(String serverName, Consumer<ObjectNode> customise) {
        this(serverName, customise, null);
    }

    private TestNode(String serverName, Consumer<ObjectNode> customise, String federationLabel) {
        this.serverName = serverName;
        this.customise = customise;
        this.federationLabel = federationLabel;
    }

    /**
     * A node other nodes can federate with over loopback: its server name is {@code 127.0.0.1:<federation port>}
     * (a free port picked before start, so the name needs no discovery), its federation listener speaks TLS with a
     * self-signed certificate, and it federates with private addresses without checking certificates. {@code label}
     * (kaslo, nelson) only names its data directory; {@link #serverName()} is known once started.
     */
    public static TestNode federating(String label, Consumer<ObjectNode> customise) {
        return new TestNode(null, customise, label);
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
        dataDir = Files.createTempDirectory("lightweb-it-" + (federationLabel == null ? "" : federationLabel + "-"));
        int federationPort = 0;
        if (federationLabel != null) {
            try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                federationPort = free.getLocalPort();
            }
            serverName = "127.0.0.1:" + federationPort;
        }
        ObjectNode config = baseConfig();
        if (federationLabel != null) {
            ((ObjectNode) config.path("listeners").path("federation")).put("port", federationPort).put("tls", "self_signed");
            config.putObject("federation").put("allow_private_destinations", true).put("verify_certificates", false);
        }
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
