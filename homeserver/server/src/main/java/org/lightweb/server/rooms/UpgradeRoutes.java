package org.lightweb.server.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.lightweb.core.MatrixException;
import org.lightweb.core.UserId;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.Bodies;
import org.lightweb.server.http.Requester;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;

/** Room upgrades (spec: client-server API, Room upgrades). */
public final class UpgradeRoutes implements RouteGroup {
    private final RoomUpgrades upgrades;
    private final Authenticator auth;

    public UpgradeRoutes(RoomUpgrades upgrades, Authenticator auth) {
        this.upgrades = upgrades;
        this.auth = auth;
    }

    @Override
    public void mount(Router router) {
        router.post("/_matrix/client/v3/rooms/:roomId/upgrade").handler(auth.user()).handler(Respond.json(this::upgradeRoom));
    }

    /**
     * POST /rooms/{roomId}/upgrade (operationId upgradeRoom): answers {replacement_room}. 400
     * M_UNSUPPORTED_ROOM_VERSION for versions this server cannot create, 404 for rooms it does not know, 403 unless
     * the user may send m.room.tombstone in the room.
     */
    Future<Map<String, Object>> upgradeRoom(RoutingContext ctx) {
        String roomId = RoomIds.roomId(ctx.pathParam("roomId"));
        ObjectNode body = Bodies.json(ctx);
        RoomVersion version = RoomVersions.supported(Bodies.string(body, "new_version"));
        List<UserId> additionalCreators = userIds(body.get("additional_creators"));
        return upgrades.upgrade(Requester.of(ctx).userId(), roomId, version, additionalCreators)
                .map(newRoom -> Map.of("replacement_room", newRoom));
    }

    /** additional_creators: user IDs, without repeats; 400 M_BAD_JSON when not an array of strings. */
    private static List<UserId> userIds(JsonNode node) {
        List<UserId> out = new ArrayList<>();
        if (node == null || node.isNull()) return out;
        if (!node.isArray()) throw MatrixException.badJson("additional_creators must be an array of user IDs");
        for (JsonNode n : node) {
            if (!n.isTextual()) throw MatrixException.badJson("additional_creators must be an array of user IDs");
            UserId u = UserId.parse(n.asText())
                    .orElseThrow(() -> MatrixException.invalidParam("additional_creators has an invalid user ID: " + n.asText()));
            if (!out.contains(u)) out.add(u);
        }
        return out;
    }
}
