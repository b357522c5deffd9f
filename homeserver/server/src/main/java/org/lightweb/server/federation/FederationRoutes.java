package org.lightweb.server.federation;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.lightweb.server.Version;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;

/** The federation listener's routes. The server-server API proper lands with the federation issue. */
public final class FederationRoutes implements RouteGroup {
    private final String wellKnownServer;

    public FederationRoutes(String wellKnownServer) {
        this.wellKnownServer = wellKnownServer;
    }

    @Override
    public void mount(Router router) {
        router.get("/_matrix/federation/v1/version").handler(Respond.json(this::getVersion));
        router.get("/.well-known/matrix/server").handler(Respond.json(this::getWellKnown));
    }

    /** GET /.well-known/matrix/server (operationId getWellKnown): where to reach this server. */
    Future<Map<String, Object>> getWellKnown(RoutingContext ctx) {
        return Future.succeededFuture(Map.of("m.server", wellKnownServer));
    }

    /** GET /_matrix/federation/v1/version (server-server API, operationId getVersion). */
    Future<Map<String, Object>> getVersion(RoutingContext ctx) {
        return Future.succeededFuture(Map.of("server", Map.of("name", "Lightweb", "version", Version.VERSION)));
    }
}
