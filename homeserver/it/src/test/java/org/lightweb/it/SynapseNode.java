package org.lightweb.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.lightweb.server.federation.SelfSignedCertificate;

/**
 * A real Synapse for interoperability tests, from the venv .ci/run installs ({@code LIGHTWEB_SYNAPSE_BIN}, its bin
 * directory): server name {@code 127.0.0.1:<federation port>}, a TLS federation listener with a self-signed
 * certificate, a plain client listener, SQLite, open registration, no rate limits, and - only here - loopback
 * federation allowed and certificates not verified. Without Synapse the test class is skipped, unless
 * LIGHTWEB_REQUIRE_SYNAPSE_TESTS=1.
 */
final class SynapseNode implements BeforeAllCallback, AfterAllCallback {
    private static final String REQUIRE = "LIGHTWEB_REQUIRE_SYNAPSE_TESTS";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private Path dir;
    private Process process;
    private int clientPort;
    private int federationPort;
    private TestClient client;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        String bin = System.getenv("LIGHTWEB_SYNAPSE_BIN");
        Optional<Path> python = bin == null || bin.isBlank() ? Optional.empty()
                : Optional.of(Path.of(bin, "python")).filter(Files::isExecutable);
        ExternalTool.requireOrSkip(python.isPresent(), REQUIRE,
                "Synapse not found: set LIGHTWEB_SYNAPSE_BIN to the bin directory of a venv with matrix-synapse");
        start(python.get());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (dir != null && System.getenv("LIGHTWEB_KEEP_SYNAPSE") == null) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void start(Path python) throws Exception {
        dir = Files.createTempDirectory("lightweb-synapse-");
        clientPort = FederatingNodes.freePort();
        federationPort = FederatingNodes.freePort();
        SelfSignedCertificate.ensure(dir.resolve("tls.crt"), dir.resolve("tls.key"), "127.0.0.1");
        Files.writeString(dir.resolve("homeserver.yaml"), config());
        Files.writeString(dir.resolve("log.yaml"), SynapseConfig.logYaml(dir, "INFO"));
        ExternalTool.Result keys = ExternalTool.run(List.of(python.toString(), "-m", "synapse.app.homeserver",
                "-c", dir.resolve("homeserver.yaml").toString(), "--generate-keys"), dir, java.util.Map.of(),
                Duration.ofMinutes(2));
        if (keys.exitCode() != 0) throw new IllegalStateException("synapse --generate-keys failed: " + keys.output());
        process = new ProcessBuilder(python.toString(), "-m", "synapse.app.homeserver",
                "-c", dir.resolve("homeserver.yaml").toString())
                .directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        client = new TestClient(baseUrl());
        waitUntilUp();
    }

    private String config() {
        return SynapseConfig.common(serverName(), dir, federationPort, clientPort) + """
                registration_shared_secret: "synapse-test-secret"
                presence: {enabled: true}
                rc_message: {per_second: 1000, burst_count: 1000}
                rc_joins: {local: {per_second: 1000, burst_count: 1000}, remote: {per_second: 1000, burst_count: 1000}}
                rc_invites: {per_room: {per_second: 1000, burst_count: 1000}, per_user: {per_second: 1000, burst_count: 1000}, per_issuer: {per_second: 1000, burst_count: 1000}}
                rc_login: {address: {per_second: 1000, burst_count: 1000}, account: {per_second: 1000, burst_count: 1000}, failed_attempts: {per_second: 1000, burst_count: 1000}}
                rc_registration: {per_second: 1000, burst_count: 1000}
                rc_federation: {window_size: 1000, sleep_limit: 1000, sleep_delay: 1, reject_limit: 1000, concurrent: 100}
                """;
    }

    private void waitUntilUp() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("Synapse exited: " + log());
            try {
                var res = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/health")).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (res.statusCode() == 200) return;
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("Synapse did not start within " + START_TIMEOUT + ": " + log());
    }

    /** The end of Synapse's logs, for failure messages. */
    String log() {
        StringBuilder out = new StringBuilder();
        for (String name : List.of("stdout.log", "synapse.log")) {
            try {
                List<String> lines = Files.readAllLines(dir.resolve(name));
                out.append("\n--- ").append(name).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size())));
            } catch (IOException ignored) {
                // not written yet
            }
        }
        return out.toString();
    }

    String serverName() { return "127.0.0.1:" + federationPort; }

    String baseUrl() { return "http://127.0.0.1:" + clientPort; }

    TestClient client() { return client; }
}
