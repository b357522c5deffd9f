package org.lightweb.server.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * CORS as the client-server API's "Web Browser Clients" section asks: every response allows any origin, and
 * pre-flight OPTIONS requests are answered at once, for every path (Element Web runs in browsers). A plain OPTIONS
 * (no Access-Control-Request-Method) under {@code /_lightweb/} goes on to the route: CardDAV clients ask a plugin's
 * DAV routes with it which DAV classes they speak.
 */
public final class Cors {
    private Cors() {}

    public static void handle(RoutingContext ctx) {
        ctx.response()
                .putHeader("Access-Control-Allow-Origin", "*")
                .putHeader("Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, DELETE, OPTIONS")
                .putHeader("Access-Control-Allow-Headers", "X-Requested-With, Content-Type, Authorization");
        if (ctx.request().method() == HttpMethod.OPTIONS
                && (ctx.request().getHeader("Access-Control-Request-Method") != null || !ctx.request().path().startsWith("/_lightweb/"))) {
            ctx.response().setStatusCode(204).end();
            return;
        }
        ctx.next();
    }
}
