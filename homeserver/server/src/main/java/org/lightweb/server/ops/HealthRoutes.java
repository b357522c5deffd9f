package org.lightweb.server.ops;

import io.vertx.ext.web.Router;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.storage.Db;

/**
 * {@code GET /health} (liveness: the process answers; "OK" as Synapse's) and {@code GET /ready} (readiness: the
 * database answers a query, so migrations are done and connections work; 503 otherwise), on the client listener and
 * the metrics listener, for systemd, load balancers and container orchestrators.
 */
public final class HealthRoutes implements RouteGroup {
    private final Db db;

    public HealthRoutes(Db db) {
        this.db = db;
    }

    @Override
    public void mount(Router router) {
        router.get("/health").handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain").end("OK"));
        router.get("/ready").handler(ctx -> db.read(dsl -> dsl.selectOne().fetchOne().value1()).onComplete(ar -> {
            if (ctx.response().ended()) return;
            if (ar.succeeded()) {
                ctx.response().putHeader("Content-Type", "text/plain").end("READY");
            } else {
                ctx.response().setStatusCode(503).putHeader("Content-Type", "application/json")
                        .end("{\"errcode\":\"M_UNKNOWN\",\"error\":\"The database does not answer\"}");
            }
        }));
    }
}
