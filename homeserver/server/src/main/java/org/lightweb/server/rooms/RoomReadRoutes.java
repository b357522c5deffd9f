package org.lightweb.server.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.Requester;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.server.sync.SyncToken;

/** Reading rooms: state, single events, members, joined rooms (spec: Getting events for a room). */
public final class RoomReadRoutes implements RouteGroup {
    private static final String ROOM = "/_matrix/client/v3/rooms/:roomId";

    private final RoomReads reads;
    private final ClientEvents format;
    private final Authenticator auth;

    public RoomReadRoutes(RoomReads reads, ClientEvents format, Authenticator auth) {
        this.reads = reads;
        this.format = format;
        this.auth = auth;
    }

    @Override
    public void mount(Router router) {
        router.get(ROOM + "/state").handler(auth.userOrGuest()).handler(Respond.json(this::getRoomState));
        router.get(ROOM + "/state/:eventType/:stateKey").handler(auth.userOrGuest()).handler(Respond.json(this::getRoomStateWithKey));
        router.get(ROOM + "/state/:eventType").handler(auth.userOrGuest()).handler(Respond.json(this::getRoomStateWithKey));
        router.get(ROOM + "/event/:eventId").handler(auth.userOrGuest()).handler(Respond.json(this::getOneRoomEvent));
        router.get(ROOM + "/members").handler(auth.userOrGuest()).handler(Respond.json(this::getMembersByRoom));
        router.get(ROOM + "/joined_members").handler(auth.user()).handler(Respond.json(this::getJoinedMembersByRoom));
        router.get("/_matrix/client/v3/joined_rooms").handler(auth.user()).handler(Respond.json(this::getJoinedRooms));
    }

    /** GET /rooms/{roomId}/state (operationId getRoomState). */
    Future<List<ObjectNode>> getRoomState(RoutingContext ctx) {
        Requester who = Requester.of(ctx);
        return reads.stateEvents(who.userId(), RoomIds.roomId(ctx.pathParam("roomId")))
                .compose(list -> format.format(list, who));
    }

    /** GET /rooms/{roomId}/state/{eventType}/{stateKey} (operationId getRoomStateWithKey); ?format=event|content. */
    Future<JsonNode> getRoomStateWithKey(RoutingContext ctx) {
        Requester who = Requester.of(ctx);
        String stateKey = ctx.pathParam("stateKey") == null ? "" : ctx.pathParam("stateKey");
        String wanted = ctx.request().getParam("format", "content");
        return reads.stateEvent(who.userId(), RoomIds.roomId(ctx.pathParam("roomId")), ctx.pathParam("eventType"), stateKey)
                .compose(e -> format.format(e, who))
                .map(event -> wanted.equals("event") ? event : event.path("content"));
    }

    /** GET /rooms/{roomId}/event/{eventId} (operationId getOneRoomEvent). */
    Future<ObjectNode> getOneRoomEvent(RoutingContext ctx) {
        Requester who = Requester.of(ctx);
        return reads.event(who.userId(), RoomIds.roomId(ctx.pathParam("roomId")), RoomIds.eventId(ctx.pathParam("eventId")))
                .compose(e -> format.format(e, who));
    }

    /** GET /rooms/{roomId}/members (operationId getMembersByRoom) with at, membership, not_membership. */
    Future<Map<String, Object>> getMembersByRoom(RoutingContext ctx) {
        Requester who = Requester.of(ctx);
        String atToken = ctx.request().getParam("at");
        Long at = atToken == null ? null : SyncToken.parse(atToken).events();   // the event stream of a sync token
        String membership = membershipParam(ctx, "membership");
        String notMembership = membershipParam(ctx, "not_membership");
        return reads.members(who.userId(), RoomIds.roomId(ctx.pathParam("roomId")), at, membership, notMembership)
                .compose(list -> format.format(list, who)).map(chunk -> Map.of("chunk", chunk));
    }

    private static String membershipParam(RoutingContext ctx, String name) {
        String v = ctx.request().getParam(name);
        if (v != null && !List.of("join", "invite", "knock", "leave", "ban").contains(v)) {
            throw MatrixException.invalidParam(name + " must be one of join, invite, knock, leave, ban");
        }
        return v;
    }

    /** GET /rooms/{roomId}/joined_members (operationId getJoinedMembersByRoom). */
    Future<Map<String, Object>> getJoinedMembersByRoom(RoutingContext ctx) {
        Requester who = Requester.of(ctx);
        return reads.joinedMembers(who.userId(), RoomIds.roomId(ctx.pathParam("roomId"))).map(list -> {
            Map<String, Object> joined = new LinkedHashMap<>();
            for (var e : list) {
                JsonNode content = Json.parse(e.json()).path("content");
                ObjectNode member = Json.object();
                member.set("display_name", content.hasNonNull("displayname") ? content.get("displayname") : null);
                member.set("avatar_url", content.hasNonNull("avatar_url") ? content.get("avatar_url") : null);
                joined.put(e.stateKey(), member);
            }
            return Map.of("joined", joined);
        });
    }

    /** GET /joined_rooms (operationId getJoinedRooms). */
    Future<Map<String, Object>> getJoinedRooms(RoutingContext ctx) {
        return reads.joinedRooms(Requester.of(ctx).userId()).map(rooms -> Map.of("joined_rooms", rooms));
    }
}
