package org.lightweb.server.rooms.directory;

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
import org.lightweb.server.rooms.Aliases;
import org.lightweb.server.rooms.RoomIds;

/** Room aliases (spec: Room aliases; data/api/client-server/directory.yaml). */
public final class DirectoryRoutes implements RouteGroup {
    private static final String ALIAS = "/_matrix/client/v3/directory/room/:roomAlias";

    private final AliasService aliases;
    private final Authenticator auth;

    public DirectoryRoutes(AliasService aliases, Authenticator auth) {
        this.aliases = aliases;
        this.auth = auth;
    }

    @Override
    public void mount(Router router) {
        router.put(ALIAS).handler(auth.user()).handler(Respond.json(this::setRoomAlias));
        router.get(ALIAS).handler(Respond.json(this::getRoomIdByAlias));
        router.delete(ALIAS).handler(auth.user()).handler(Respond.json(this::deleteRoomAlias));
        router.get("/_matrix/client/v3/rooms/:roomId/aliases").handler(auth.user()).handler(Respond.json(this::getLocalAliases));
    }

    /** PUT /directory/room/{roomAlias} (operationId setRoomAlias): {room_id}. */
    Future<Map<String, Object>> setRoomAlias(RoutingContext ctx) {
        String alias = Aliases.parse(ctx.pathParam("roomAlias"));
        ObjectNode body = Bodies.json(ctx);
        String roomId = RoomIds.roomId(Bodies.string(body, "room_id"));
        return aliases.create(Requester.of(ctx), alias, roomId).map(v -> Map.of());
    }

    /** GET /directory/room/{roomAlias} (operationId getRoomIdByAlias): no access token needed. */
    Future<Map<String, Object>> getRoomIdByAlias(RoutingContext ctx) {
        String alias = Aliases.parse(ctx.pathParam("roomAlias"));
        return aliases.resolve(alias).map(r -> Map.of("room_id", r.roomId(), "servers", r.servers()));
    }

    /** DELETE /directory/room/{roomAlias} (operationId deleteRoomAlias). */
    Future<Map<String, Object>> deleteRoomAlias(RoutingContext ctx) {
        String alias = Aliases.parse(ctx.pathParam("roomAlias"));
        return aliases.delete(Requester.of(ctx), alias).map(v -> Map.of());
    }

    /** GET /rooms/{roomId}/aliases (operationId getLocalAliases). */
    Future<Map<String, Object>> getLocalAliases(RoutingContext ctx) {
        String roomId = RoomIds.roomId(ctx.pathParam("roomId"));
        return aliases.localAliases(Requester.of(ctx), roomId).map(list -> Map.of("aliases", list));
    }
}
