package org.lightweb.server.http;

import io.vertx.ext.web.RoutingContext;

/** The client's IP address as seen by the listener (a reverse proxy's own address when there is one). */
public final class ClientAddress {
    private ClientAddress() {}

    public static String of(RoutingContext ctx) {
        var remote = ctx.request().remoteAddress();
        return remote == null ? "unknown" : remote.hostAddress();
    }
}
