package org.lightweb.server.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
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

    /** {@code bodies} for every request except streamed uploads; see below for {@code drainLimit}. */
    public static Handler<RoutingContext> except(Handler<RoutingContext> bodies, long drainLimit) {
        return ctx -> {
            if (streamed(ctx)) {
                ctx.request().pause();
                // An upload refused before its body was read (401, 413, quota) closes the connection afterwards, so
                // the unread rest is never parsed as a request. Meanwhile up to drainLimit bytes of it are read and
                // dropped: a client still sending (most do not read before they have sent) then gets to see the
                // error instead of stalling on a full socket. Past the limit the connection is simply closed.
                ctx.addHeadersEndHandler(v -> {
                    HttpServerRequest request = ctx.request();
                    if (request.isEnded()) return;
                    ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
                    long[] drained = {0};
                    request.handler(chunk -> {
                        drained[0] += chunk.length();
                        if (drained[0] > drainLimit) request.connection().close();
                    });
                    request.resume();
                });
                ctx.next();
            } else {
                bodies.handle(ctx);
            }
        };
    }
}
