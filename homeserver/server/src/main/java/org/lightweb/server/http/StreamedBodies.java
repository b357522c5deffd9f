package org.lightweb.server.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * Keeps the router's BodyHandler (sized for JSON, limits.max_request_body) away from media uploads, whose handlers
 * stream the body to disk under their own limit (media.max_upload_bytes) instead of buffering it in memory. Those
 * requests are paused here so no byte is lost while authentication runs.
 */
public final class StreamedBodies {
    private static final String UPLOAD_PREFIX = "/_matrix/media/v3/upload";

    private StreamedBodies() {}

    static boolean streamed(RoutingContext ctx) {
        HttpMethod m = ctx.request().method();
        return (m == HttpMethod.POST || m == HttpMethod.PUT) && ctx.request().path().startsWith(UPLOAD_PREFIX);
    }

    /** {@code bodies} for every request except streamed uploads. */
    public static Handler<RoutingContext> except(Handler<RoutingContext> bodies) {
        return ctx -> {
            if (streamed(ctx)) {
                ctx.request().pause();
                // An upload refused before its body was read (401, 413, quota) closes the connection: the unread
                // rest of the body must not be parsed as the next request.
                ctx.addHeadersEndHandler(v -> {
                    if (!ctx.request().isEnded()) ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
                });
                ctx.next();
            } else {
                bodies.handle(ctx);
            }
        };
    }
}
