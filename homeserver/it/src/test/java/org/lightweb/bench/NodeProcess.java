package org.lightweb.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A lightweb node started with the project's own entry point ({@code Main run --config}) in a child JVM, on a
 * fresh SQLite database in a temporary directory: open registration, rate limits off, cheap Argon2 (64 KiB, one
 * pass), the admin bot off. It federates over loopback: server name {@code 127.0.0.1:<federation port>}, a
 * self-signed certificate, and (bench only) private destinations allowed and certificates not verified.
 */
record NodeProcess(Process process, String baseUrl, String serverName, Path dir, long startupMillis, List<String> command,
                   java.util.Map<String, String> env) implements Server {
    /** The JVM options a bench node gets unless -Dbench.serverJvm says otherwise. */
    static final String DEFAULT_JVM = "-Xms256m -Xmx2g -XX:+UseParallelGC";

    static NodeProcess start(String jvmOptions) throws Exception {
        return start(jvmOptions, java.util.Map.of());
    }

    /** Starts a node with these JVM options and environment variables added to the bench's own environment. */
    static NodeProcess start(String jvmOptions, java.util.Map<String, String> env) throws Exception {
        return start(jvmOptions, env, false);
    }

    /**
     * Starts a node as an operator does: {@code scripts/lightweb run --config} (the packaged jar, with its class-data
     * archive once one was written) and the JVM options in LIGHTWEB_JAVA_OPTS. The checkout is {@code bench.root}.
     */
    static NodeProcess startAsOperator(String jvmOptions, java.util.Map<String, String> env) throws Exception {
        return start(jvmOptions, env, true);
    }

    /** The class-data archive scripts/lightweb keeps beside the jar. */
    static Path classDataArchive() {
        return Path.of(System.getProperty("bench.root", "."), "homeserver", "server", "target", "lightweb.jsa");
    }

    private static NodeProcess start(String jvmOptions, java.util.Map<String, String> env, boolean asOperator) throws Exception {
        Path dir = Files.createTempDirectory("lightweb-bench-");
        int port = freePort();
        int federationPort = freePort();
        String serverName = "127.0.0.1:" + federationPort;
        String config = String.join("\n",
                "server_name: \"" + serverName + "\"",
                "data_dir: " + dir,
                "listeners:",
                "  client: {bind: 127.0.0.1, port: " + port + "}",
                "  federation: {bind: 127.0.0.1, port: " + federationPort + ", tls: self_signed}",
                "database: {type: sqlite}",
                "registration: {enabled: true, require_token: false}",
                "passwords: {argon2_memory: 64KiB, argon2_iterations: 1, minimum_length: 8}",
                "rate_limits: {enabled: false}",
                "federation: {allow_private_destinations: true, verify_certificates: false}",
                "admin_bot: {enabled: false}",
                "log: {level: warn}", "");
        Path file = dir.resolve("homeserver.yaml");
        Files.writeString(file, config);
        List<String> command = new ArrayList<>();
        if (asOperator) {
            command.addAll(List.of("bash", Path.of(System.getProperty("bench.root", "."), "scripts", "lightweb").toString(),
                    "run", "--config", file.toString()));
            env = new java.util.HashMap<>(env);
            env.put("LIGHTWEB_JAVA_OPTS", jvmOptions.trim());
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            for (String o : jvmOptions.trim().split("\\s+")) if (!o.isEmpty()) command.add(o);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.lightweb.server.Main", "run",
                    "--config", file.toString()));
        }
        return launch(command, env, dir, "http://127.0.0.1:" + port, serverName);
    }

    private static NodeProcess launch(List<String> command, java.util.Map<String, String> env, Path dir, String base,
                                      String serverName) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("node.log").toFile()));
        builder.environment().putAll(env);
        long started = System.nanoTime();
        Process p = builder.start();
        long millis = awaitServing(p, base, "/_matrix/client/versions", started, Duration.ofSeconds(90), dir.resolve("node.log"));
        return new NodeProcess(p, base, serverName, dir, millis, command, env);
    }

    /** Stops the node (SIGTERM) and starts it again on the same config and data: a start on an existing database. */
    NodeProcess restart() throws Exception {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        return launch(command, env, dir, baseUrl, serverName);
    }

    /** Polls {@code path} every 10 ms until it answers 200; the milliseconds since {@code startedNanos}. */
    static long awaitServing(Process p, String base, String path, long startedNanos, Duration timeout, Path log)
            throws Exception {
        long deadline = startedNanos + timeout.toNanos();
        while (true) {
            try {
                if (Api.HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return (System.nanoTime() - startedNanos) / 1_000_000;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException("the server did not start within " + timeout + "; see " + log);
            }
            Thread.sleep(10);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override public String kind() { return "lightweb"; }

    @Override public long pid() { return process.pid(); }

    @Override
    public void stop() throws Exception {
        stopProcess(process, dir);
    }

    static void stopProcess(Process process, Path dir) throws Exception {
        process.destroy();   // SIGTERM: the server shuts down cleanly
        if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        if (Boolean.getBoolean("bench.keep")) {
            System.err.println("bench: kept " + dir);
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
