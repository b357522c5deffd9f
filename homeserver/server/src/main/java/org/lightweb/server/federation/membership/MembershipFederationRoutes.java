package org.lightweb.server.federation.membership;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import org.lightweb.server.federation.Origin;
import org.lightweb.server.http.Bodies;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.server.rooms.RoomIds;

/** The federation listener's membership handshakes: make/send join, leave and knock, and invites. */
public final class MembershipFederationRoutes implements RouteGroup {
    private static final String V1 = "/_matrix/federation/v1";
    private static final String V2 = "/_matrix/federation/v2";

    private final InboundMemberships inbound;

    public MembershipFederationRoutes(InboundMemberships inbound) {
        this.inbound = inbound;
    }

    @Override
    public void mount(Router router) {
        router.get(V1 + "/make_join/:roomId/:userId").handler(Respond.json(this::makeJoin));
        router.put(V2 + "/send_join/:roomId/:eventId").handler(Respond.json(this::sendJoinV2));
        router.get(V1 + "/make_leave/:roomId/:userId").handler(Respond.json(this::makeLeave));
        router.put(V2 + "/send_leave/:roomId/:eventId").handler(Respond.json(this::sendLeaveV2));
        router.get(V1 + "/make_knock/:roomId/:userId").handler(Respond.json(this::makeKnock));
        router.put(V1 + "/send_knock/:roomId/:eventId").handler(Respond.json(this::sendKnock));
        router.put(V2 + "/invite/:roomId/:eventId").handler(Respond.json(this::sendInviteV2));
    }

    /** GET /v1/make_join/{roomId}/{userId}?ver= (operationId makeJoin). */
    Future<ObjectNode> makeJoin(RoutingContext ctx) {
        return inbound.makeMembership(Origin.of(ctx), room(ctx), ctx.pathParam("userId"), "join", versions(ctx));
    }

    /** PUT /v2/send_join/{roomId}/{eventId} (operationId sendJoinV2). */
    Future<ObjectNode> sendJoinV2(RoutingContext ctx) {
        String room = room(ctx);
        return inbound.sendMembership(Origin.of(ctx), room, event(ctx), Bodies.json(ctx), "join")
                .compose(join -> inbound.joinAnswer(room, join));
    }

    /** GET /v1/make_leave/{roomId}/{userId} (operationId makeLeave). */
    Future<ObjectNode> makeLeave(RoutingContext ctx) {
        return inbound.makeMembership(Origin.of(ctx), room(ctx), ctx.pathParam("userId"), "leave", null);
    }

    /** PUT /v2/send_leave/{roomId}/{eventId} (operationId sendLeaveV2): answers {}. */
    Future<Map<String, Object>> sendLeaveV2(RoutingContext ctx) {
        return inbound.sendMembership(Origin.of(ctx), room(ctx), event(ctx), Bodies.json(ctx), "leave").map(a -> Map.of());
    }

    /** GET /v1/make_knock/{roomId}/{userId}?ver= (operationId makeKnock). */
    Future<ObjectNode> makeKnock(RoutingContext ctx) {
        return inbound.makeMembership(Origin.of(ctx), room(ctx), ctx.pathParam("userId"), "knock", versions(ctx));
    }

    /** PUT /v1/send_knock/{roomId}/{eventId} (operationId sendKnock): answers knock_room_state. */
    Future<ObjectNode> sendKnock(RoutingContext ctx) {
        String room = room(ctx);
        return inbound.sendMembership(Origin.of(ctx), room, event(ctx), Bodies.json(ctx), "knock")
                .compose(knock -> inbound.knockAnswer(room, knock));
    }

    /** PUT /v2/invite/{roomId}/{eventId} (operationId sendInviteV2): answers the event signed by this server too. */
    Future<ObjectNode> sendInviteV2(RoutingContext ctx) {
        return inbound.invite(Origin.of(ctx), room(ctx), event(ctx), Bodies.json(ctx));
    }

    private static String room(RoutingContext ctx) {
        return RoomIds.roomId(ctx.pathParam("roomId"));
    }

    private static String event(RoutingContext ctx) {
        return RoomIds.eventId(ctx.pathParam("eventId"));
    }

    /** The room versions the asking server supports; none given means version 1 only (spec), which is not ours. */
    private static List<String> versions(RoutingContext ctx) {
        return ctx.queryParam("ver");
    }
}
