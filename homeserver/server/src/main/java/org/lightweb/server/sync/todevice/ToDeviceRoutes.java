package org.lightweb.server.sync.todevice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.lightweb.core.MatrixException;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.Bodies;
import org.lightweb.server.http.Requester;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.server.rooms.RoomIds;

/** PUT /_matrix/client/v3/sendToDevice/{eventType}/{txnId}. */
public final class ToDeviceRoutes implements RouteGroup {
    private final ToDeviceService toDevice;
    private final Authenticator auth;

    public ToDeviceRoutes(ToDeviceService toDevice, Authenticator auth) {
        this.toDevice = toDevice;
        this.auth = auth;
    }

    @Override
    public void mount(Router router) {
        router.put("/_matrix/client/v3/sendToDevice/:eventType/:txnId").handler(auth.userOrGuest())
                .handler(Respond.json(this::sendToDevice));
    }

    /** PUT /sendToDevice/{eventType}/{txnId} (operationId sendToDevice): {messages: {user: {device or '*': content}}}. */
    Future<Map<String, Object>> sendToDevice(RoutingContext ctx) {
        String type = RoomIds.checkLength("event type", ctx.pathParam("eventType"));
        Map<String, Map<String, ObjectNode>> messages = messages(Bodies.json(ctx));
        return toDevice.send(Requester.of(ctx), type, ctx.pathParam("txnId"), messages).map(v -> Map.of());
    }

    private static Map<String, Map<String, ObjectNode>> messages(ObjectNode body) {
        JsonNode all = body.get("messages");
        if (all == null || all.isNull()) throw MatrixException.missingParam("Missing parameter: messages");
        if (!all.isObject()) throw MatrixException.badJson("'messages' must be an object of user IDs");
        Map<String, Map<String, ObjectNode>> out = new LinkedHashMap<>();
        all.properties().forEach(user -> {
            if (!user.getValue().isObject()) throw MatrixException.badJson("messages for " + user.getKey() + " must be an object of device IDs");
            Map<String, ObjectNode> byDevice = new LinkedHashMap<>();
            user.getValue().properties().forEach(device -> {
                if (!device.getValue().isObject()) throw MatrixException.badJson("each message content must be an object");
                byDevice.put(device.getKey(), (ObjectNode) device.getValue());
            });
            out.put(user.getKey(), byDevice);
        });
        return out;
    }
}
