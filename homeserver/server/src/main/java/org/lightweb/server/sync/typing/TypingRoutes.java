package org.lightweb.server.sync.typing;

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

/** PUT /_matrix/client/v3/rooms/{roomId}/typing/{userId}. */
public final class TypingRoutes implements RouteGroup {
    private final TypingService typing;
    private final PresenceService presence;
    private final Authenticator auth;

    public TypingRoutes(TypingService typing, PresenceService presence, Authenticator auth) {
        this.typing = typing;
        this.presence = presence;
        this.auth = auth;
    }

    @Override
    public void mount(Router router) {
        router.put("/_matrix/client/v3/rooms/:roomId/typing/:userId").handler(auth.user()).handler(Respond.json(this::setTyping));
    }

    /** PUT /rooms/{roomId}/typing/{userId} (operationId setTyping): {typing, timeout}. */
    Future<Map<String, Object>> setTyping(RoutingContext ctx) {
        String roomId = RoomIds.roomId(ctx.pathParam("roomId"));
        String raw = ctx.pathParam("userId");
        UserId target = UserId.parse(raw).orElseThrow(() -> MatrixException.invalidParam("Invalid user ID: " + raw));
        ObjectNode body = Bodies.json(ctx);
        if (!body.has("typing")) throw MatrixException.missingParam("Missing parameter: typing");
        boolean isTyping = Bodies.optBool(body, "typing", false);
        JsonNode timeout = body.get("timeout");
        if (timeout != null && !timeout.isNull() && !(timeout.isIntegralNumber() && timeout.canConvertToLong())) {
            throw MatrixException.badJson("'timeout' must be an integer number of milliseconds");
        }
        Requester who = Requester.of(ctx);
        return typing.setTyping(who.userId(), target, roomId, isTyping,
                        timeout == null || timeout.isNull() ? null : timeout.asLong())
                .map(v -> {
                    presence.active(who.userId().toString());   // typing is activity, as in Synapse
                    return Map.of();
                });
    }
}
