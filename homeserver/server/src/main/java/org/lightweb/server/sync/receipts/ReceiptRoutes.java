package org.lightweb.server.sync.receipts;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.lightweb.server.rooms.RoomIds;
import org.lightweb.server.sync.presence.PresenceService;

/** POST /rooms/{roomId}/receipt/{receiptType}/{eventId} and POST /rooms/{roomId}/read_markers. */
public final class ReceiptRoutes implements RouteGroup {
    private static final String ROOM = "/_matrix/client/v3/rooms/:roomId";

    private final ReceiptService receipts;
    private final ReadMarkers markers;
    private final PresenceService presence;
    private final Authenticator auth;

    public ReceiptRoutes(ReceiptService receipts, ReadMarkers markers, PresenceService presence, Authenticator auth) {
        this.receipts = receipts;
        this.markers = markers;
        this.presence = presence;
        this.auth = auth;
    }

    @Override
    public void mount(Router router) {
        router.post(ROOM + "/receipt/:receiptType/:eventId").handler(auth.user()).handler(Respond.json(this::postReceipt));
        router.post(ROOM + "/read_markers").handler(auth.user()).handler(Respond.json(this::setReadMarker));
    }

    /** POST /rooms/{roomId}/receipt/{receiptType}/{eventId} (operationId postReceipt): {thread_id?}. */
    Future<Map<String, Object>> postReceipt(RoutingContext ctx) {
        String roomId = RoomIds.roomId(ctx.pathParam("roomId"));
        String eventId = RoomIds.eventId(ctx.pathParam("eventId"));
        String type = ctx.pathParam("receiptType");
        if (!type.equals(ReceiptService.READ) && !type.equals(ReceiptService.READ_PRIVATE)
                && !type.equals(ReceiptService.FULLY_READ)) {
            throw MatrixException.invalidParam("Receipt type must be m.read, m.read.private or m.fully_read");
        }
        String threadId = threadId(Bodies.jsonOrEmpty(ctx), type);
        UserId user = Requester.of(ctx).userId();
        Future<Void> done = type.equals(ReceiptService.FULLY_READ) ? markers.setFullyRead(user, roomId, eventId)
                : receipts.receipt(user, roomId, type, eventId, threadId);
        return done.map(v -> active(user));
    }

    /** thread_id: absent (unthreaded), or a non-empty string, never with m.fully_read (spec: 400 M_INVALID_PARAM). */
    private static String threadId(ObjectNode body, String type) {
        if (!body.has("thread_id")) return null;
        JsonNode t = body.get("thread_id");
        if (!t.isTextual() || t.asText().isEmpty()) throw MatrixException.invalidParam("thread_id field must be a non-empty string");
        if (type.equals(ReceiptService.FULLY_READ)) {
            throw MatrixException.invalidParam("thread_id is not compatible with m.fully_read receipts");
        }
        return t.asText();
    }

    /** POST /rooms/{roomId}/read_markers (operationId setReadMarker): {m.fully_read?, m.read?, m.read.private?}. */
    Future<Map<String, Object>> setReadMarker(RoutingContext ctx) {
        String roomId = RoomIds.roomId(ctx.pathParam("roomId"));
        ObjectNode body = Bodies.json(ctx);
        String fullyRead = eventIdField(body, ReceiptService.FULLY_READ);
        String read = eventIdField(body, ReceiptService.READ);
        String readPrivate = eventIdField(body, ReceiptService.READ_PRIVATE);
        UserId user = Requester.of(ctx).userId();
        return markers.setReadMarkers(user, roomId, fullyRead, read, readPrivate).map(v -> active(user));
    }

    private static String eventIdField(ObjectNode body, String field) {
        String id = Bodies.optString(body, field);
        return id == null ? null : RoomIds.eventId(id);
    }

    /** Receipts and read markers are activity, as in Synapse. */
    private Map<String, Object> active(UserId user) {
        presence.active(user.toString());
        return Map.of();
    }
}
