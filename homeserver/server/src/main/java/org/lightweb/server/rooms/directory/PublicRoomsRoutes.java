package org.lightweb.server.rooms.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lightweb.core.MatrixException;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.Bodies;
import org.lightweb.server.http.Requester;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.server.rooms.RoomIds;

/** The published room directory (spec: Published room directory; data/api/client-server/list_public_rooms.yaml). */
public final class PublicRoomsRoutes implements RouteGroup {
    private static final String LIST = "/_matrix/client/v3/directory/list/room/:roomId";
    private static final String PUBLIC_ROOMS = "/_matrix/client/v3/publicRooms";

    private final PublicRoomsService directory;
    private final Authenticator auth;

    public PublicRoomsRoutes(PublicRoomsService directory, Authenticator auth) {
        this.directory = directory;
        this.auth = auth;
    }

    @Override
    public void mount(Router router) {
        router.get(LIST).handler(Respond.json(this::getRoomVisibilityOnDirectory));
        router.put(LIST).handler(auth.user()).handler(Respond.json(this::setRoomVisibilityOnDirectory));
        router.get(PUBLIC_ROOMS).handler(Respond.json(this::getPublicRooms));
        router.post(PUBLIC_ROOMS).handler(auth.userOrGuest()).handler(Respond.json(this::queryPublicRooms));
    }

    /** GET /directory/list/room/{roomId} (operationId getRoomVisibilityOnDirectory): no access token needed. */
    Future<Map<String, Object>> getRoomVisibilityOnDirectory(RoutingContext ctx) {
        return directory.visibility(RoomIds.roomId(ctx.pathParam("roomId"))).map(v -> Map.of("visibility", v));
    }

    /** PUT /directory/list/room/{roomId} (operationId setRoomVisibilityOnDirectory): visibility defaults to public. */
    Future<Map<String, Object>> setRoomVisibilityOnDirectory(RoutingContext ctx) {
        String roomId = RoomIds.roomId(ctx.pathParam("roomId"));
        String visibility = Bodies.optString(Bodies.jsonOrEmpty(ctx), "visibility");
        if (visibility != null && !visibility.equals("public") && !visibility.equals("private")) {
            throw MatrixException.badJson("visibility must be public or private");
        }
        return directory.setVisibility(Requester.of(ctx), roomId, !"private".equals(visibility)).map(v -> Map.of());
    }

    /**
     * The federation listener's GET and POST /_matrix/federation/v1/publicRooms: this server's directory, with the
     * client API's paging and filter (the asking server is authenticated by X-Matrix, not by an access token).
     */
    public static RouteGroup federation(PublicRoomsService directory) {
        PublicRoomsRoutes routes = new PublicRoomsRoutes(directory, null);
        return router -> {
            router.get("/_matrix/federation/v1/publicRooms").handler(Respond.json(routes::getPublicRooms));
            router.post("/_matrix/federation/v1/publicRooms").handler(Respond.json(routes::queryPublicRooms));
        };
    }

    /** GET /publicRooms (operationId getPublicRooms): limit, since, server; no access token needed (spec). */
    Future<Map<String, Object>> getPublicRooms(RoutingContext ctx) {
        String limit = ctx.request().getParam("limit");
        Integer parsed;
        try {
            parsed = limit == null ? null : Integer.valueOf(limit);
        } catch (NumberFormatException e) {
            throw MatrixException.invalidParam("limit must be an integer");
        }
        PublicRoomsQuery query = PublicRoomsQuery.page(parsed, ctx.request().getParam("since"));
        return directory.list(ctx.request().getParam("server"), query).map(PublicRoomsRoutes::render);
    }

    /** POST /publicRooms (operationId queryPublicRooms): the GET's paging plus filter and third-party networks. */
    Future<Map<String, Object>> queryPublicRooms(RoutingContext ctx) {
        ObjectNode body = Bodies.jsonOrEmpty(ctx);
        JsonNode limit = body.get("limit");
        if (limit != null && !limit.isNull() && !limit.isIntegralNumber()) throw MatrixException.badJson("'limit' must be an integer");
        JsonNode filter = body.get("filter");
        if (filter != null && !filter.isNull() && !filter.isObject()) throw MatrixException.badJson("'filter' must be an object");
        boolean hasFilter = filter != null && filter.isObject();
        PublicRoomsQuery query = new PublicRoomsQuery(limit == null || limit.isNull() ? null : limit.intValue(),
                Bodies.optString(body, "since"),
                hasFilter ? Bodies.optString(filter, "generic_search_term") : null,
                hasFilter ? roomTypes(filter.get("room_types")) : null,
                Bodies.optString(body, "third_party_instance_id"),
                Bodies.optBool(body, "include_all_networks", false));
        return directory.list(ctx.request().getParam("server"), query).map(PublicRoomsRoutes::render);
    }

    /** filter.room_types: strings, and null for rooms without a type. */
    private static List<String> roomTypes(JsonNode node) {
        if (node == null || node.isNull()) return null;
        if (!node.isArray()) throw MatrixException.badJson("'room_types' must be an array");
        List<String> out = new ArrayList<>();
        for (JsonNode t : node) {
            if (!t.isNull() && !t.isTextual()) throw MatrixException.badJson("'room_types' must hold strings and null");
            out.add(t.isNull() ? null : t.asText());
        }
        return out;
    }

    private static Map<String, Object> render(RoomListPages.Page page) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("chunk", page.chunk().stream().map(DirectoryEntry::toJson).toList());
        if (page.nextBatch() != null) out.put("next_batch", page.nextBatch());
        if (page.prevBatch() != null) out.put("prev_batch", page.prevBatch());
        out.put("total_room_count_estimate", page.total());
        return out;
    }
}
