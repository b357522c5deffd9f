package org.lightweb.server.federation.client;

/**
 * Where a server name's federation requests go (server-server API, "Resolving server names").
 *
 * @param tlsHost     the host of the request URL: the name the TLS certificate must match and sent as SNI (an IP
 *                    literal is written without brackets)
 * @param port        the TCP port
 * @param hostHeader  the Host header
 * @param connectHost the host whose addresses are connected to: {@code tlsHost}, or an SRV record's target
 */
public record Destination(String tlsHost, int port, String hostHeader, String connectHost) {
    static final int DEFAULT_PORT = 8448;

    static Destination direct(String host, int port, String hostHeader) {
        return new Destination(host, port, hostHeader, host);
    }
}
