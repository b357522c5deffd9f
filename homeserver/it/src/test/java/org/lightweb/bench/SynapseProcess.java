package org.lightweb.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.lightweb.server.federation.SelfSignedCertificate;

/**
 * Synapse from a venv ({@code bench.synapseVenv}, default ~/.cache/lightweb-ci/synapse-venv, what .ci/run and
 * {@code scripts/bench --vs-synapse} install), set up like the bench's lightweb node: a fresh SQLite database, open
 * registration through m.login.dummy, every {@code rc_*} limit raised out of reach, cheap password hashing
 * ({@code bcrypt_rounds: 4}, bcrypt's minimum, as lightweb's Argon2 is cheap here), WARNING-level logs, a plain
 * client listener and a TLS federation listener (self-signed) on 127.0.0.1, loopback federation allowed and
 * certificates not checked (bench only). The process measured is Synapse's python.
 */
record SynapseProcess(Process process, String baseUrl, String serverName, Path dir, long startupMillis) implements Server {
    static Path defaultVenv() {
        return Path.of(System.getProperty("user.home"), ".cache", "lightweb-ci", "synapse-venv");
    }

    static SynapseProcess start(Path venv) throws Exception {
        Path python = venv.resolve("bin").resolve("python");
        if (!Files.isExecutable(python)) {
            throw new IllegalStateException("no Synapse venv at " + venv + ": run scripts/bench --vs-synapse (it installs "
                    + "matrix-synapse there) or python3 -m venv " + venv + " && " + venv + "/bin/pip install matrix-synapse");
        }
        Path dir = Files.createTempDirectory("synapse-bench-");
        int port = NodeProcess.freePort();
        int federationPort = NodeProcess.freePort();
        String serverName = "127.0.0.1:" + federationPort;
        SelfSignedCertificate.ensure(dir.resolve("tls.crt"), dir.resolve("tls.key"), "127.0.0.1");
        Files.writeString(dir.resolve("homeserver.yaml"), config(serverName, dir, port, federationPort));
        Files.writeString(dir.resolve("log.yaml"), org.lightweb.it.SynapseConfig.logYaml(dir, "WARNING"));
        Process keys = new ProcessBuilder(python.toString(), "-m", "synapse.app.homeserver", "-c",
                dir.resolve("homeserver.yaml").toString(), "--generate-keys").directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("generate-keys.log").toFile()).start();
        if (!keys.waitFor(2, TimeUnit.MINUTES) || keys.exitValue() != 0) {
            keys.destroyForcibly();
            throw new IllegalStateException("synapse --generate-keys failed; see " + dir.resolve("generate-keys.log"));
        }
        long started = System.nanoTime();
        Process p = new ProcessBuilder(python.toString(), "-m", "synapse.app.homeserver", "-c",
                dir.resolve("homeserver.yaml").toString()).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        String base = "http://127.0.0.1:" + port;
        long millis = NodeProcess.awaitServing(p, base, "/_matrix/client/versions", started, Duration.ofSeconds(120),
                dir.resolve("stdout.log"));
        return new SynapseProcess(p, base, serverName, dir, millis);
    }

    private static String config(String serverName, Path dir, int port, int federationPort) {
        String high = "{per_second: 100000, burst_count: 100000}";
        return org.lightweb.it.SynapseConfig.common(serverName, dir, federationPort, port) + """
                bcrypt_rounds: 4
                rc_message: %1$s
                rc_registration: %1$s
                rc_room_creation: %1$s
                rc_joins: {local: %1$s, remote: %1$s}
                rc_joins_per_room: %1$s
                rc_invites: {per_room: %1$s, per_user: %1$s, per_issuer: %1$s}
                rc_login: {address: %1$s, account: %1$s, failed_attempts: %1$s}
                rc_presence: {per_user: %1$s}
                rc_profile: %1$s
                rc_federation: {window_size: 1000, sleep_limit: 100000, sleep_delay: 1, reject_limit: 100000, concurrent: 1000}
                """.formatted(high);
    }

    @Override public String kind() { return "synapse"; }

    @Override public long pid() { return process.pid(); }

    @Override
    public void stop() throws Exception {
        NodeProcess.stopProcess(process, dir);
    }
}
