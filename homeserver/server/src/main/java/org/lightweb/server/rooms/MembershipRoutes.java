package org.lightweb.server.rooms;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * A room ID with the servers to try (the request's {@code via}, or the deprecated {@code server_name}), or the
     * room an alias points at (a local alias here, another server's through its directory) with the servers the
     * directory names; 404 M_NOT_FOUND for unknown aliases.
     */
    private Future<RemoteMemberships.Resolved> resolve(RoutingContext ctx) {
        List<String> via = new ArrayList<>(ctx.queryParam("via"));
        if (via.isEmpty()) via.addAll(ctx.queryParam("server_name"));
        return resolve(aliases, memberships, ctx.pathParam("roomIdOrAlias"), via);
    }

    /** A room ID or alias, with the servers to try besides {@code via}: what a join or knock needs. */
    public static Future<RemoteMemberships.Resolved> resolve(Aliases aliases, MembershipService memberships,
                                                             String roomIdOrAlias, List<String> via) {
        if (roomIdOrAlias.startsWith("!")) return Future.succeededFuture(new RemoteMemberships.Resolved(RoomIds.roomId(roomIdOrAlias), via));
        if (!roomIdOrAlias.startsWith("#")) {
            return Future.failedFuture(MatrixException.invalidParam(roomIdOrAlias + " is neither a room ID nor a room alias"));
        }
        String alias = Aliases.parse(roomIdOrAlias);
        if (!aliases.isLocal(alias)) {
            return memberships.resolveRemoteAlias(alias).map(r -> {
                List<String> servers = new ArrayList<>(r.servers());
                via.stream().filter(s -> !servers.contains(s)).forEach(servers::add);
                return new RemoteMemberships.Resolved(r.roomId(), servers);
            });
        }
        return aliases.find(alias).map(a -> new RemoteMemberships.Resolved(
                a.orElseThrow(() -> MatrixException.notFound("Room alias " + alias + " not found")).roomId(), via));
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
        return memberships.join(Requester.of(ctx).userId(), RoomIds.roomId(ctx.pathParam("roomId")), List.of(), reason(body))
                .map(room -> Map.of("room_id", room));
    }

    /** POST /join/{roomIdOrAlias} (operationId joinRoom); via/server_name name other servers (federation). */
    Future<Map<String, Object>> joinRoom(RoutingContext ctx) {
        ObjectNode body = Bodies.jsonOrEmpty(ctx);
        UserId user = Requester.of(ctx).userId();
        return resolve(ctx).compose(r -> memberships.join(user, r.roomId(), r.servers(), reason(body)))
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
        return resolve(ctx).compose(r -> memberships.knock(user, r.roomId(), r.servers(), reason(body)))
                .map(room -> Map.of("room_id", room));
    }
}
