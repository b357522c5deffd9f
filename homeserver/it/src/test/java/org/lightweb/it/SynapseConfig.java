package org.lightweb.it;

import java.nio.file.Path;

/**
 * The part of a Synapse homeserver.yaml every Synapse the tests and the benchmark start shares: listeners on
 * 127.0.0.1 (TLS federation, plain client), files in {@code dir}, SQLite, open registration without verification,
 * no notaries, loopback federation allowed and certificates not verified. Callers append their own keys.
 */
public final class SynapseConfig {
    private SynapseConfig() {}

    public static String common(String serverName, Path dir, int federationPort, int clientPort) {
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
                trusted_key_servers: []
                suppress_key_server_warning: true
                federation_verify_certificates: false
                ip_range_blacklist: []
                ip_range_whitelist: ['127.0.0.1']
                federation_ip_range_blacklist: []
                """.formatted(serverName, dir, federationPort, clientPort);
    }

    /** Synapse's log.yaml: one file, {@code synapse.log} in {@code dir}, at {@code level} (INFO, WARNING...). */
    public static String logYaml(Path dir, String level) {
        return """
                version: 1
                formatters: {precise: {format: '%%(asctime)s - %%(name)s - %%(lineno)d - %%(levelname)s - %%(request)s - %%(message)s'}}
                handlers:
                  file: {class: logging.FileHandler, formatter: precise, filename: %s, filters: [context]}
                filters: {context: {(): synapse.logging.context.LoggingContextFilter, request: ""}}
                root: {level: %s, handlers: [file]}
                disable_existing_loggers: false
                """.formatted(dir.resolve("synapse.log"), level);
    }
}
