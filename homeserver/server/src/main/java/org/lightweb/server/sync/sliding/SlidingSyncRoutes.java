package org.lightweb.server.sync.sliding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.lightweb.core.MatrixException;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.Bodies;
import org.lightweb.server.http.Requester;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;

/** POST /_matrix/client/unstable/org.matrix.simplified_msc3575/sync (MSC4186, Synapse's SlidingSyncRestServlet). */
public final class SlidingSyncRoutes implements RouteGroup {
    public static final String PATH = "/_matrix/client/unstable/org.matrix.simplified_msc3575/sync";

    private final SlidingSyncService sync;
    private final Authenticator auth;
    private final SlidingRequest.Limits limits;
    private final long maxTimeoutMs;

    public SlidingSyncRoutes(SlidingSyncService sync, Authenticator auth, SlidingRequest.Limits limits, long maxTimeoutMs) {
        this.sync = sync;
        this.auth = auth;
        this.limits = limits;
        this.maxTimeoutMs = maxTimeoutMs;
    }

    @Override
    public void mount(Router router) {
        router.post(PATH).handler(auth.userOrGuest()).handler(Respond.json(this::slidingSync));
    }

    /**
     * POST .../sync: pos, timeout and conn_id in the query (as Synapse reads them) or in the body (the MSC's later
     * revision); the body holds lists, room_subscriptions and extensions.
     */
    Future<ObjectNode> slidingSync(RoutingContext ctx) {
        ObjectNode body = Bodies.json(ctx);
        String pos = param(ctx, body, "pos");
        long timeout = timeout(param(ctx, body, "timeout"));
        SlidingRequest req = SlidingRequest.parse(body, ctx.request().getParam("conn_id"), limits);
        SlidingPos from = pos == null ? null : SlidingPos.parse(pos);
        return sync.sync(Requester.of(ctx), req, from, timeout);
    }

    private static String param(RoutingContext ctx, JsonNode body, String name) {
        String query = ctx.request().getParam(name);
        if (query != null) return query;
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) return null;
        if (!n.isTextual() && !n.isIntegralNumber()) throw MatrixException.badJson(name + " must be a string");
        return n.asText();
    }

    private long timeout(String raw) {
        if (raw == null) return 0;
        try {
            return Math.max(0, Math.min(Long.parseLong(raw), maxTimeoutMs));
        } catch (NumberFormatException e) {
            throw MatrixException.invalidParam("timeout must be a number of milliseconds");
        }
    }
}
