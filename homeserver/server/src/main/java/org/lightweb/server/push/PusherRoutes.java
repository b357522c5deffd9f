package org.lightweb.server.push;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.Bodies;
import org.lightweb.server.http.Requester;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;

/** GET /_matrix/client/v3/pushers and POST /_matrix/client/v3/pushers/set (data/api/client-server/pusher.yaml). */
public final class PusherRoutes implements RouteGroup {
    private final PusherService pushers;
    private final Authenticator auth;

    public PusherRoutes(PusherService pushers, Authenticator auth) {
        this.pushers = pushers;
        this.auth = auth;
    }

    @Override
    public void mount(Router router) {
        router.get("/_matrix/client/v3/pushers").handler(auth.user()).handler(Respond.json(this::getPushers));
        router.post("/_matrix/client/v3/pushers/set").handler(auth.user()).handler(Respond.json(this::postPusher));
    }

    /** GET /pushers (operationId getPushers). */
    Future<ObjectNode> getPushers(RoutingContext ctx) {
        return pushers.list(Requester.of(ctx).userId());
    }

    /** POST /pushers/set (operationId postPusher). Answers {}. */
    Future<Map<String, Object>> postPusher(RoutingContext ctx) {
        return pushers.set(Requester.of(ctx), Bodies.json(ctx)).map(v -> Map.of());
    }
}
