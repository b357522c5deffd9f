package org.lightweb.server.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.lightweb.core.ErrCode;
import org.lightweb.core.MatrixException;
import org.lightweb.server.config.HomeserverConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a listener allows one client (section {@code limits}): the size of a request's head (Netty answers 431 and
 * 414 past {@code max_header_bytes} and {@code max_uri_bytes}), the number of header fields (431 M_TOO_LARGE), an
 * idle connection's life ({@code idle_timeout}), the time to send a request's body ({@code body_timeout}; streamed
 * media uploads have only the idle timeout) and the number of open connections ({@code max_connections}). Vert.x
 * hands over an HTTP/1.x connection with its first request (a silent one is only subject to the idle timeout), and a
 * connection closed in that handler still has that request served (vert.x issue 3245): so a connection past the
 * maximum is marked, its requests answered 503 with {@code Connection: close}, and it is closed.
 */
public final class ConnectionLimits {
    private static final Logger log = LoggerFactory.getLogger(ConnectionLimits.class);

    private final HomeserverConfig.HttpLimits limits;
    private final Vertx vertx;
    private final java.util.Set<HttpConnection> refused = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public ConnectionLimits(HomeserverConfig.HttpLimits limits, Vertx vertx) {
        this.limits = limits;
        this.vertx = vertx;
    }

    /** {@code options} with the head sizes and the idle timeout. */
    public HttpServerOptions apply(HttpServerOptions options) {
        return options.setMaxHeaderSize(limits.maxHeaderBytes()).setMaxInitialLineLength(limits.maxUriBytes())
                .setIdleTimeout((int) Math.max(1, limits.idleTimeout().toSeconds())).setIdleTimeoutUnit(TimeUnit.SECONDS);
    }

    /** Counts a listener's open connections and closes those past {@code max_connections}. */
    public Handler<HttpConnection> counter(String listener) {
        AtomicInteger open = new AtomicInteger();
        return conn -> {
            int now = open.incrementAndGet();
            conn.closeHandler(v -> {
                open.decrementAndGet();
                refused.remove(conn);
            });
            if (now > limits.maxConnections()) {
                log.warn("too many connections, refusing a new one [listener: {}, open: {}, max: {}, from: {}]", listener, now - 1,
                        limits.maxConnections(), conn.remoteAddress());
                refused.add(conn);
            }
        };
    }

    /** First on every route: a refused connection, too many header fields, and the body timeout. */
    public void handle(RoutingContext ctx) {
        if (refused.contains(ctx.request().connection())) {
            ctx.response().putHeader("Connection", "close").putHeader("Retry-After", "5");
            ctx.response().endHandler(v -> ctx.request().connection().close());
            ErrorRendering.write(ctx, MatrixException.unavailable("The server has too many open connections; try again shortly"));
            return;
        }
        if (ctx.request().headers().size() > limits.maxHeaders()) {
            ctx.response().putHeader("Connection", "close");
            ctx.response().endHandler(v -> ctx.request().connection().close());
            ErrorRendering.write(ctx, new MatrixException(431, ErrCode.M_TOO_LARGE, "More than " + limits.maxHeaders() + " header fields"));
            return;
        }
        if (!ctx.request().isEnded() && !StreamedBodies.streamed(ctx)) {
            long timer = vertx.setTimer(limits.bodyTimeout().toMillis(), id -> {
                if (!ctx.request().isEnded()) {
                    log.info("request body not sent within {} ms, closing [path: {}, from: {}]", limits.bodyTimeout().toMillis(),
                            ctx.request().path(), ctx.request().remoteAddress());
                    ctx.request().connection().close();
                }
            });
            ctx.addEndHandler(v -> vertx.cancelTimer(timer));
        }
        ctx.next();
    }
}
