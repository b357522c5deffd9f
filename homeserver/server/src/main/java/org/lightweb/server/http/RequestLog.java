package org.lightweb.server.http;

import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Gives each request a short id (in the MDC, so every line it causes carries it) and logs one INFO line when it ends:
 * method, the route's template ({@code /_matrix/client/v3/rooms/:roomId/send/...}: no ids, no query, so no token),
 * status and time. Requests no route took are logged with "-" as their template.
 */
public final class RequestLog {
    private static final Logger log = LoggerFactory.getLogger(RequestLog.class);

    private RequestLog() {}

    public static void handle(RoutingContext ctx) {
        String id = requestId();
        long start = System.nanoTime();
        ctx.put("request_id", id);
        MDC.put("request_id", id);
        ctx.addEndHandler(done -> {
            if (log.isInfoEnabled()) {
                MDC.put("request_id", id);
                log.info("{} {} -> {} in {} ms", ctx.request().method(), template(ctx),
                        ctx.response().getStatusCode(), (System.nanoTime() - start) / 1_000_000);
                MDC.remove("request_id");
            }
        });
        ctx.next();
        MDC.remove("request_id");
    }

    private static final char[] ID_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

    /** Eight letters and digits: a label for log lines, not a secret, so no SecureRandom (one lock for every loop). */
    static String requestId() {
        var random = java.util.concurrent.ThreadLocalRandom.current();
        char[] id = new char[8];
        for (int i = 0; i < id.length; i++) id[i] = ID_CHARS[random.nextInt(ID_CHARS.length)];
        return new String(id);
    }

    /** The template of the route that answered, as registered (path parameters as :name); "-" when none did. */
    static String template(RoutingContext ctx) {
        var route = ctx.currentRoute();
        String path = route == null ? null : route.getPath();
        return path == null || path.isEmpty() ? "-" : path;
    }
}
