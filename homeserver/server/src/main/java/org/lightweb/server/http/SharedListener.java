package org.lightweb.server.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One listening port served by several event loops (key listeners.event_loops). A Vert.x HTTP server handles its
 * connections on the context it was started from; a node that starts its listeners from one context answers every
 * request on one thread, however many cores the machine has. Here each server is started by a verticle instance
 * of its own (its own event loop), all on the same port: Vert.x binds the socket once and hands each new
 * connection to the next server in turn, as it does for a verticle deployed with several instances.
 */
public final class SharedListener {
    private static final java.util.concurrent.atomic.AtomicInteger RANDOM_PORT_KEYS = new java.util.concurrent.atomic.AtomicInteger();
    private final List<HttpServer> servers;

    private SharedListener(List<HttpServer> servers) {
        this.servers = List.copyOf(servers);
    }

    /**
     * Starts {@code loops} servers from {@code create} (called on each server's own context) on one port. The first
     * binds {@code port} (0: a free one), the others share the port it got. Fails, with none left listening, when
     * the first cannot bind.
     */
    public static Future<SharedListener> listen(Vertx vertx, int loops, Supplier<HttpServer> create, int port, String host) {
        // Vert.x shares a random port between servers that listen on the same negative number; 0 never shares.
        if (port == 0) port = -RANDOM_PORT_KEYS.incrementAndGet();
        int bind = port;
        return start(vertx, create, bind, host).compose(first -> {
            List<Future<HttpServer>> rest = new ArrayList<>();
            for (int i = 1; i < loops; i++) rest.add(start(vertx, create, bind, host));
            return Future.join(rest).transform(done -> {
                List<HttpServer> all = new ArrayList<>();
                all.add(first);
                rest.stream().filter(Future::succeeded).forEach(f -> all.add(f.result()));
                if (done.succeeded()) return Future.succeededFuture(new SharedListener(all));
                all.forEach(HttpServer::close);
                return Future.failedFuture(done.cause());
            });
        });
    }

    private static Future<HttpServer> start(Vertx vertx, Supplier<HttpServer> create, int port, String host) {
        Promise<HttpServer> bound = Promise.promise();
        return vertx.deployVerticle(new VerticleBase() {
            @Override
            public Future<?> start() {
                return create.get().listen(port, host).onSuccess(bound::complete);
            }
        }).compose(id -> bound.future());
    }

    /** The port every server of this listener answers on. */
    public int port() { return servers.get(0).actualPort(); }

    /** How many event loops serve the port. */
    public int loops() { return servers.size(); }

    /** Stops accepting connections and lets in-flight requests finish, up to the timeout. */
    public Future<Void> shutdown(long timeout, TimeUnit unit) {
        return Future.join(servers.stream().map(s -> s.shutdown(timeout, unit)).toList()).mapEmpty();
    }
}
