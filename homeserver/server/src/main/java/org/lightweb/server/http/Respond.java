package org.lightweb.server.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;
import org.lightweb.core.Json;

/** Ends requests with JSON written by the project's mapper. */
public final class Respond {
    private Respond() {}

    /** A handler that answers 200 with the JSON of the future's value, or fails the context. */
    public static Handler<RoutingContext> json(Function<RoutingContext, Future<?>> handler) {
        return ctx -> {
            Future<?> result;
            try {
                result = handler.apply(ctx);
            } catch (RuntimeException e) {
                ctx.fail(e);
                return;
            }
            result.onSuccess(value -> send(ctx, 200, value)).onFailure(ctx::fail);
        };
    }

    public static void send(RoutingContext ctx, int status, Object value) {
        if (ctx.response().ended() || ctx.response().closed()) return;
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(io.vertx.core.buffer.Buffer.buffer(Json.writeBytes(value)));
    }
}
