package org.lightweb.server.rooms.hierarchy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.Requester;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.server.rooms.RoomIds;

/** GET /_matrix/client/v1/rooms/{roomId}/hierarchy (spec: Spaces, space_hierarchy.yaml). */
public final class HierarchyRoutes implements RouteGroup {
    private static final int DEFAULT_LIMIT = 50;

    private final HierarchyService hierarchy;
    private final Authenticator auth;
    private final int maxLimit;
    private final int maxDepth;

    HierarchyRoutes(HierarchyService hierarchy, Authenticator auth, int maxLimit, int maxDepth) {
        this.hierarchy = hierarchy;
        this.auth = auth;
        this.maxLimit = maxLimit;
        this.maxDepth = maxDepth;
    }

    @Override
    public void mount(Router router) {
        router.get("/_matrix/client/v1/rooms/:roomId/hierarchy").handler(auth.user()).handler(Respond.json(this::getSpaceHierarchy));
    }

    /** GET /rooms/{roomId}/hierarchy (operationId getSpaceHierarchy): suggested_only, limit, max_depth, from. */
    Future<ObjectNode> getSpaceHierarchy(RoutingContext ctx) {
        Requester who = Requester.of(ctx);
        String roomId = RoomIds.roomId(ctx.pathParam("roomId"));
        String suggested = ctx.request().getParam("suggested_only", "false");
        if (!suggested.equals("true") && !suggested.equals("false")) {
            throw MatrixException.invalidParam("suggested_only must be true or false");
        }
        int limit = Math.min(integer(ctx, "limit", Math.min(DEFAULT_LIMIT, maxLimit), 1), maxLimit);
        int depth = Math.min(integer(ctx, "max_depth", maxDepth, 0), maxDepth);
        var req = new HierarchyService.Request(roomId, suggested.equals("true"), depth, limit, ctx.request().getParam("from"));
        return hierarchy.hierarchy(who.userId(), req).map(page -> {
            ObjectNode out = Json.object();
            ArrayNode rooms = out.putArray("rooms");
            page.rooms().forEach(rooms::add);
            if (page.nextBatch() != null) out.put("next_batch", page.nextBatch());
            return out;
        });
    }

    private static int integer(RoutingContext ctx, String name, int dflt, int min) {
        String raw = ctx.request().getParam(name);
        if (raw == null) return dflt;
        try {
            long v = Long.parseLong(raw);
            if (v < min) throw new NumberFormatException();
            return (int) Math.min(v, Integer.MAX_VALUE);
        } catch (NumberFormatException e) {
            throw MatrixException.invalidParam(name + " must be an integer of at least " + min);
        }
    }
}
