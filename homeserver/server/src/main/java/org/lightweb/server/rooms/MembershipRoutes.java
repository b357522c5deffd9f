package org.lightweb.server.rooms;

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

/** Room membership endpoints (spec: Room membership: joining, inviting, leaving, kicking, banning, knocking). */
public final class MembershipRoutes implements RouteGroup {
    private static final String ROOM = "/_matrix/client/v3/rooms/:roomId";

    private final MembershipService memberships;
    private final Aliases aliases;
    private final Authenticator auth;

    public MembershipRoutes(MembershipService memberships, Aliases aliases, Authenticator auth) {
        this.memberships = memberships;
        this.aliases = aliases;
        this.auth = auth;
    }

    @Override
    public void mount(Router router) {
        router.post(ROOM + "/join").handler(auth.userOrGuest()).handler(Respond.json(this::joinRoomById));
        router.post("/_matrix/client/v3/join/:roomIdOrAlias").handler(auth.userOrGuest()).handler(Respond.json(this::joinRoom));
        router.post(ROOM + "/invite").handler(auth.user()).handler(Respond.json(this::inviteUser));
        router.post(ROOM + "/leave").handler(auth.userOrGuest()).handler(Respond.json(this::leaveRoom));
        router.post(ROOM + "/forget").handler(auth.user()).handler(Respond.json(this::forgetRoom));
        router.post(ROOM + "/kick").handler(auth.user()).handler(Respond.json(this::kick));
        router.post(ROOM + "/ban").handler(auth.user()).handler(Respond.json(this::ban));
        router.post(ROOM + "/unban").handler(auth.user()).handler(Respond.json(this::unban));
        router.post("/_matrix/client/v3/knock/:roomIdOrAlias").handler(auth.user()).handler(Respond.json(this::knockRoom));
    }

    /** A room ID, or the room a local alias points at; 404 M_NOT_FOUND for unknown aliases. */
    private Future<String> resolve(String roomIdOrAlias) {
        if (roomIdOrAlias.startsWith("!")) return Future.succeededFuture(RoomIds.roomId(roomIdOrAlias));
        if (!roomIdOrAlias.startsWith("#")) {
            return Future.failedFuture(MatrixException.invalidParam(roomIdOrAlias + " is neither a room ID nor a room alias"));
        }
        String alias = Aliases.parse(roomIdOrAlias);
        return aliases.find(alias).map(a -> a.orElseThrow(() -> MatrixException.notFound("Room alias " + alias + " not found"))
                .roomId());
    }

    private static String reason(ObjectNode body) {
        return Bodies.optString(body, "reason");
    }

    private static UserId target(ObjectNode body) {
        String raw = Bodies.string(body, "user_id");
        return UserId.parse(raw).orElseThrow(() -> MatrixException.invalidParam("Invalid user ID: " + raw));
    }

    /** POST /rooms/{roomId}/join (operationId joinRoomById). */
    Future<Map<String, Object>> joinRoomById(RoutingContext ctx) {
        ObjectNode body = Bodies.jsonOrEmpty(ctx);
        return memberships.join(Requester.of(ctx).userId(), RoomIds.roomId(ctx.pathParam("roomId")), reason(body))
                .map(room -> Map.of("room_id", room));
    }

    /** POST /join/{roomIdOrAlias} (operationId joinRoom); via/server_name name other servers (federation). */
    Future<Map<String, Object>> joinRoom(RoutingContext ctx) {
        ObjectNode body = Bodies.jsonOrEmpty(ctx);
        UserId user = Requester.of(ctx).userId();
        return resolve(ctx.pathParam("roomIdOrAlias")).compose(room -> memberships.join(user, room, reason(body)))
                .map(room -> Map.of("room_id", room));
    }

    /** POST /rooms/{roomId}/invite (operationId inviteUser). */
    Future<Map<String, Object>> inviteUser(RoutingContext ctx) {
        ObjectNode body = Bodies.json(ctx);
        return memberships.invite(Requester.of(ctx).userId(), RoomIds.roomId(ctx.pathParam("roomId")), target(body), reason(body))
                .map(v -> Map.of());
    }

    /** POST /rooms/{roomId}/leave (operationId leaveRoom). */
    Future<Map<String, Object>> leaveRoom(RoutingContext ctx) {
        ObjectNode body = Bodies.jsonOrEmpty(ctx);
        return memberships.leave(Requester.of(ctx).userId(), RoomIds.roomId(ctx.pathParam("roomId")), reason(body))
                .map(v -> Map.of());
    }

    /** POST /rooms/{roomId}/forget (operationId forgetRoom). */
    Future<Map<String, Object>> forgetRoom(RoutingContext ctx) {
        return memberships.forget(Requester.of(ctx).userId(), RoomIds.roomId(ctx.pathParam("roomId"))).map(v -> Map.of());
    }

    /** POST /rooms/{roomId}/kick (operationId kick). */
    Future<Map<String, Object>> kick(RoutingContext ctx) {
        ObjectNode body = Bodies.json(ctx);
        return memberships.kick(Requester.of(ctx).userId(), RoomIds.roomId(ctx.pathParam("roomId")), target(body), reason(body))
                .map(v -> Map.of());
    }

    /** POST /rooms/{roomId}/ban (operationId ban). */
    Future<Map<String, Object>> ban(RoutingContext ctx) {
        ObjectNode body = Bodies.json(ctx);
        return memberships.ban(Requester.of(ctx).userId(), RoomIds.roomId(ctx.pathParam("roomId")), target(body), reason(body))
                .map(v -> Map.of());
    }

    /** POST /rooms/{roomId}/unban (operationId unban). */
    Future<Map<String, Object>> unban(RoutingContext ctx) {
        ObjectNode body = Bodies.json(ctx);
        return memberships.unban(Requester.of(ctx).userId(), RoomIds.roomId(ctx.pathParam("roomId")), target(body), reason(body))
                .map(v -> Map.of());
    }

    /** POST /knock/{roomIdOrAlias} (operationId knockRoom). */
    Future<Map<String, Object>> knockRoom(RoutingContext ctx) {
        ObjectNode body = Bodies.jsonOrEmpty(ctx);
        UserId user = Requester.of(ctx).userId();
        return resolve(ctx.pathParam("roomIdOrAlias")).compose(room -> memberships.knock(user, room, reason(body)))
                .map(room -> Map.of("room_id", room));
    }
}
