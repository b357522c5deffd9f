package org.lightweb.server.http;

import io.netty.handler.codec.TooLongFrameException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place a failure becomes a response: always {@code {errcode, error}}, never a stack trace. */
public final class ErrorRendering {
    private static final Logger log = LoggerFactory.getLogger(ErrorRendering.class);

    private ErrorRendering() {}

    public static void handle(RoutingContext ctx) {
        write(ctx, toMatrix(ctx));
    }

    static MatrixException toMatrix(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof MatrixException m) return m;
        if (failure instanceof io.vertx.ext.web.handler.HttpException h) return MatrixException.fromStatus(h.getStatusCode());
        if (failure instanceof TooLongFrameException) return MatrixException.tooLarge("Request is too large");
        if (failure == null) return MatrixException.fromStatus(ctx.statusCode());
        var unavailable = StorageUnavailable.reason(failure);
        if (unavailable.isPresent()) {
            log.warn("storage unavailable [{} {}]: {}", ctx.request().method(), ctx.normalizedPath(), rootMessage(failure));
            return MatrixException.unavailable(unavailable.get());
        }
        log.error("unhandled failure [{} {}]", ctx.request().method(), ctx.normalizedPath(), failure);
        return MatrixException.unknown("Internal server error");
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root == t ? String.valueOf(t.getMessage()) : t.getMessage() + " (" + root.getMessage() + ")";
    }

    public static void write(RoutingContext ctx, MatrixException e) {
        if (ctx.response().ended() || ctx.response().closed()) return;
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        ctx.response().setStatusCode(e.status()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        Object retry = e.extra().get("retry_after_ms");
        if (retry instanceof Number n) {
            ctx.response().putHeader("Retry-After", Long.toString(Math.max(1, (n.longValue() + 999) / 1000)));
        } else if (e.status() == 503 && !ctx.response().headers().contains("Retry-After")) {
            ctx.response().putHeader("Retry-After", "5"); // a busy or unavailable database: worth trying again soon
        }
        ctx.response().end(Json.write(e.body()));
    }
}
