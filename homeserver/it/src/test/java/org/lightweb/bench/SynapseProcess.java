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
        Files.writeString(dir.resolve("log.yaml"), """
                version: 1
                formatters: {precise: {format: '%%(asctime)s - %%(name)s - %%(lineno)d - %%(levelname)s - %%(request)s - %%(message)s'}}
                handlers:
                  file: {class: logging.FileHandler, formatter: precise, filename: %s, filters: [context]}
                filters: {context: {(): synapse.logging.context.LoggingContextFilter, request: ""}}
                root: {level: WARNING, handlers: [file]}
                disable_existing_loggers: false
                """.formatted(dir.resolve("synapse.log")));
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
        return """
                server_name: "%1$s"
                pid_file: %2$s/homeserver.pid
                listeners:
                  - {port: %3$d, bind_addresses: ['127.0.0.1'], type: http, tls: true, resources: [{names: [federation]}]}
                  - {port: %4$d, bind_addresses: ['127.0.0.1'], type: http, tls: false, resources: [{names: [client]}]}
                tls_certificate_path: %2$s/tls.crt
                tls_private_key_path: %2$s/tls.key
                database: {name: sqlite3, args: {database: %2$s/homeserver.db}}
                media_store_path: %2$s/media
                signing_key_path: %2$s/signing.key
                log_config: %2$s/log.yaml
                report_stats: false
                enable_registration: true
                enable_registration_without_verification: true
                bcrypt_rounds: 4
                trusted_key_servers: []
                suppress_key_server_warning: true
                federation_verify_certificates: false
                ip_range_blacklist: []
                ip_range_whitelist: ['127.0.0.1']
                federation_ip_range_blacklist: []
                rc_message: %5$s
                rc_registration: %5$s
                rc_room_creation: %5$s
                rc_joins: {local: %5$s, remote: %5$s}
                rc_joins_per_room: %5$s
                rc_invites: {per_room: %5$s, per_user: %5$s, per_issuer: %5$s}
                rc_login: {address: %5$s, account: %5$s, failed_attempts: %5$s}
                rc_presence: {per_user: %5$s}
                rc_profile: %5$s
                rc_federation: {window_size: 1000, sleep_limit: 100000, sleep_delay: 1, reject_limit: 100000, concurrent: 1000}
                """.formatted(serverName, dir, federationPort, port, high);
    }

    @Override public String kind() { return "synapse"; }

    @Override public long pid() { return process.pid(); }

    @Override
    public void stop() throws Exception {
        NodeProcess.stopProcess(process, dir);
    }
}
