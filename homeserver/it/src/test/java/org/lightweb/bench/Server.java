package org.lightweb.bench;

/**
 * A homeserver under test, running in its own process: lightweb's child JVM ({@link NodeProcess}) or Synapse's
 * python process ({@link SynapseProcess}). The bench reads the process's memory and CPU time from /proc.
 */
interface Server {
    /** "lightweb" or "synapse". */
    String kind();

    /** The client API's base URL, e.g. {@code http://127.0.0.1:8008}. */
    String baseUrl();

    /** The federation name ({@code 127.0.0.1:<federation port>}): user ids end with it. */
    String serverName();

    /** The server's own process (the node's JVM, Synapse's python), for /proc figures. */
    long pid();

    /** Milliseconds from starting the process to the first 200 of /_matrix/client/versions. */
    long startupMillis();

    /** Where its config, database and logs are. */
    java.nio.file.Path dir();

    /** Stops the process (SIGTERM, then SIGKILL after 30 s) and deletes its directory unless bench.keep is set. */
    void stop() throws Exception;
}
