package org.lightweb.server.rooms;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.lightweb.core.MatrixException;
import org.lightweb.core.UserId;
import org.lightweb.federation.protocol.StateKey;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.Bodies;
import org.lightweb.server.http.Requester;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.storage.rooms.NewEvent;

/** Creating rooms, sending events and state, redacting (spec: Creation, Room events, Redactions). */
public final class RoomRoutes implements RouteGroup {
    private static final String ROOM = "/_matrix/client/v3/rooms/:roomId";

    private final RoomCreation creation;
    private final RoomEvents roomEvents;
    private final Authenticator auth;

    public RoomRoutes(RoomCreation creation, RoomEvents roomEvents, Authenticator auth) {
        this.creation = creation;
        this.roomEvents = roomEvents;
        this.auth = auth;
    }

    @Override
    public void mount(Router router) {
        router.post("/_matrix/client/v3/createRoom").handler(auth.user()).handler(Respond.json(this::createRoom));
        router.put(ROOM + "/send/:eventType/:txnId").handler(auth.userOrGuest()).handler(Respond.json(this::sendMessage));
        router.put(ROOM + "/state/:eventType/:stateKey").handler(auth.userOrGuest()).handler(Respond.json(this::setRoomStateWithKey));
        router.put(ROOM + "/state/:eventType").handler(auth.userOrGuest()).handler(Respond.json(this::setRoomStateWithKey));
        router.put(ROOM + "/redact/:eventId/:txnId").handler(auth.user()).handler(Respond.json(this::redactEvent));
    }

    /** POST /createRoom (operationId createRoom). */
    Future<Map<String, Object>> createRoom(RoutingContext ctx) {
        ObjectNode body = Bodies.jsonOrEmpty(ctx);
        return creation.create(Requester.of(ctx).userId(), body).map(roomId -> Map.of("room_id", roomId));
    }

    private static NewEvent.Txn txn(RoutingContext ctx) {
        Requester who = Requester.of(ctx);
        return new NewEvent.Txn(who.userId().toString(), who.txnDevice(), ctx.pathParam("txnId"));
    }

    /**
     * The {@code ts} an appservice may give on send and state (spec: "Timestamp massaging"); null otherwise. Not a
     * valid origin_server_ts (a non-negative integer within JSON's safe range): 400 M_INVALID_PARAM.
     */
    static Long massagedTs(RoutingContext ctx) {
        String ts = ctx.request().getParam("ts");
        if (ts == null || Requester.of(ctx).appserviceId() == null) return null;
        try {
            long v = Long.parseLong(ts);
            if (v >= 0 && v <= 9007199254740991L) return v;
        } catch (NumberFormatException e) {
            // answered below
        }
        throw MatrixException.invalidParam("ts must be a timestamp in milliseconds");
    }

    /** PUT /rooms/{roomId}/send/{eventType}/{txnId} (operationId sendMessage): idempotent per device. */
    Future<Map<String, Object>> sendMessage(RoutingContext ctx) {
        String roomId = RoomIds.roomId(ctx.pathParam("roomId"));
        String type = RoomIds.checkLength("event type", ctx.pathParam("eventType"));
        ObjectNode content = Bodies.json(ctx);
        UserId sender = Requester.of(ctx).userId();
        String redacts = null;
        if (type.equals(StateKey.REDACTION)) redacts = Bodies.optString(content, "redacts");
        EventDraft draft = new EventDraft(type, null, sender, content, redacts).at(massagedTs(ctx));
        return roomEvents.send(roomId, draft, txn(ctx)).map(e -> Map.of("event_id", e.eventId()));
    }

    /** PUT /rooms/{roomId}/state/{eventType}/{stateKey} (operationId setRoomStateWithKey). */
    Future<Map<String, Object>> setRoomStateWithKey(RoutingContext ctx) {
        String roomId = RoomIds.roomId(ctx.pathParam("roomId"));
        String type = RoomIds.checkLength("event type", ctx.pathParam("eventType"));
        String stateKey = RoomIds.checkLength("state key", ctx.pathParam("stateKey") == null ? "" : ctx.pathParam("stateKey"));
        ObjectNode content = Bodies.json(ctx);
        Requester who = Requester.of(ctx);
        if (type.equals(StateKey.CREATE)) throw MatrixException.forbidden("The create event cannot be changed");
        Future<Void> allowed = Future.succeededFuture();
        if (type.equals(StateKey.MEMBER) && "invite".equals(content.path("membership").asText(null))
                && org.lightweb.core.UserId.parse(stateKey).map(u -> u.server().value().equals(who.userId().server().value())).orElse(false)) {
            allowed = creation.checkInvite(stateKey, who.userId().toString());
        }
        return allowed.compose(ok -> roomEvents.send(roomId, EventDraft.state(type, stateKey, who.userId(), content).at(massagedTs(ctx)), null))
                .map(e -> Map.of("event_id", e.eventId()));
    }

    /** PUT /rooms/{roomId}/redact/{eventId}/{txnId} (operationId redactEvent). */
    Future<Map<String, Object>> redactEvent(RoutingContext ctx) {
        String roomId = RoomIds.roomId(ctx.pathParam("roomId"));
        String eventId = RoomIds.eventId(ctx.pathParam("eventId"));
        ObjectNode body = Bodies.jsonOrEmpty(ctx);
        String reason = Bodies.optString(body, "reason");
        Requester who = Requester.of(ctx);
        return roomEvents.redact(roomId, eventId, who.userId(), reason, txn(ctx)).map(e -> Map.of("event_id", e.eventId()));
    }
}
