package org.lightweb.server.sync.presence;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.lightweb.core.MatrixException;
import org.lightweb.core.UserId;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.Bodies;
import org.lightweb.server.http.Requester;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;

/** GET/PUT /_matrix/client/v3/presence/{userId}/status. */
public final class PresenceRoutes implements RouteGroup {
    private static final String STATUS = "/_matrix/client/v3/presence/:userId/status";

    private final PresenceService presence;
    private final Authenticator auth;

    public PresenceRoutes(PresenceService presence, Authenticator auth) {
        this.presence = presence;
        this.auth = auth;
    }

    @Override
    public void mount(Router router) {
        router.get(STATUS).handler(auth.user()).handler(Respond.json(this::getPresence));
        router.put(STATUS).handler(auth.user()).handler(Respond.json(this::setPresence));
    }

    private static UserId target(RoutingContext ctx) {
        String raw = ctx.pathParam("userId");
        return UserId.parse(raw).orElseThrow(() -> MatrixException.invalidParam("Invalid user ID: " + raw));
    }

    /** GET /presence/{userId}/status (operationId getPresence). */
    Future<ObjectNode> getPresence(RoutingContext ctx) {
        return presence.getPresence(Requester.of(ctx).userId(), target(ctx));
    }

    /** PUT /presence/{userId}/status (operationId setPresence): {presence, status_msg}. */
    Future<Map<String, Object>> setPresence(RoutingContext ctx) {
        UserId target = target(ctx);
        ObjectNode body = Bodies.json(ctx);
        String state = Bodies.string(body, "presence");
        String statusMsg = Bodies.optString(body, "status_msg");
        return presence.setPresence(Requester.of(ctx).userId(), target, state, statusMsg).map(v -> Map.of());
    }
}
