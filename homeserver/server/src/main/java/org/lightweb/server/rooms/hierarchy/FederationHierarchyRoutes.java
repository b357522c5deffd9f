package org.lightweb.server.rooms.hierarchy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.core.ServerName;
import org.lightweb.core.UserId;
import org.lightweb.server.federation.Origin;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.server.rooms.RoomIds;

/**
 * GET /_matrix/federation/v1/hierarchy/{roomId} (operationId getSpaceHierarchy): the local part of a space, one
 * level deep, for another server. The asking server counts as no member of any room here, so it sees what anyone
 * may see (public, knockable or world-readable rooms); children known here but hidden are listed under
 * {@code inaccessible_children}, children not known here are left for the asking server to find elsewhere.
 */
final class FederationHierarchyRoutes implements RouteGroup {
    private final RoomSummaries summaries;

    FederationHierarchyRoutes(RoomSummaries summaries) {
        this.summaries = summaries;
    }

    @Override
    public void mount(Router router) {
        router.get("/_matrix/federation/v1/hierarchy/:roomId").handler(Respond.json(this::getSpaceHierarchy));
    }

    Future<ObjectNode> getSpaceHierarchy(RoutingContext ctx) {
        String origin = Origin.of(ctx);
        String roomId = RoomIds.roomId(ctx.pathParam("roomId"));
        boolean suggestedOnly = "true".equals(ctx.request().getParam("suggested_only"));
        UserId asking = UserId.of("_federation", new ServerName(origin));
        return summaries.summarize(asking, roomId, suggestedOnly).compose(root -> {
            if (root.summary().isEmpty()) {
                return Future.failedFuture(MatrixException.notFound("Room " + roomId + " is unknown or not visible"));
            }
            ObjectNode out = Json.object();
            out.set("room", root.summary().get().entry());
            ArrayNode children = out.putArray("children");
            ArrayNode inaccessible = out.putArray("inaccessible_children");
            Future<Void> chain = Future.succeededFuture();
            for (SpaceChildren.Child c : root.summary().get().children()) {
                chain = chain.compose(v -> summaries.summarize(asking, c.roomId(), suggestedOnly).map(child -> {
                    if (child.summary().isPresent()) {
                        ObjectNode entry = child.summary().get().entry().deepCopy();
                        entry.remove("children_state");
                        children.add(entry);
                    } else if (child.known()) {
                        inaccessible.add(c.roomId());
                    }
                    return null;
                }));
            }
            return chain.map(out);
        });
    }
}
