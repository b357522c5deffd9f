package org.lightweb.server.sync.tags;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.lightweb.core.MatrixException;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.Bodies;
import org.lightweb.server.http.Requester;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.server.rooms.RoomIds;

/** GET /user/{userId}/rooms/{roomId}/tags and PUT/DELETE .../tags/{tag}. */
public final class TagRoutes implements RouteGroup {
    private static final String TAGS = "/_matrix/client/v3/user/:userId/rooms/:roomId/tags";

    private final Tags tags;
    private final Authenticator auth;

    public TagRoutes(Tags tags, Authenticator auth) {
        this.tags = tags;
        this.auth = auth;
    }

    @Override
    public void mount(Router router) {
        router.get(TAGS).handler(auth.user()).handler(Respond.json(this::getRoomTags));
        router.put(TAGS + "/:tag").handler(auth.user()).handler(Respond.json(this::setRoomTag));
        router.delete(TAGS + "/:tag").handler(auth.user()).handler(Respond.json(this::deleteRoomTag));
    }

    private static String owner(RoutingContext ctx) {
        String user = Requester.of(ctx).userId().toString();
        if (!user.equals(ctx.pathParam("userId"))) throw MatrixException.forbidden("Cannot access another user's tags");
        return user;
    }

    /** GET /user/{userId}/rooms/{roomId}/tags (operationId getRoomTags). */
    Future<ObjectNode> getRoomTags(RoutingContext ctx) {
        return tags.tags(owner(ctx), RoomIds.roomId(ctx.pathParam("roomId")));
    }

    /** PUT /user/{userId}/rooms/{roomId}/tags/{tag} (operationId setRoomTag): the tag's content, e.g. {order}. */
    Future<Map<String, Object>> setRoomTag(RoutingContext ctx) {
        String user = owner(ctx);
        String roomId = RoomIds.roomId(ctx.pathParam("roomId"));
        return tags.add(user, roomId, ctx.pathParam("tag"), Bodies.json(ctx)).map(v -> Map.of());
    }

    /** DELETE /user/{userId}/rooms/{roomId}/tags/{tag} (operationId deleteRoomTag). */
    Future<Map<String, Object>> deleteRoomTag(RoutingContext ctx) {
        String user = owner(ctx);
        return tags.remove(user, RoomIds.roomId(ctx.pathParam("roomId")), ctx.pathParam("tag")).map(v -> Map.of());
    }
}
