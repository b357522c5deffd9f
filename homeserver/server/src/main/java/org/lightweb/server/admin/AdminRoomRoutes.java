package org.lightweb.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.lightweb.core.Clock;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.core.ServerName;
import org.lightweb.core.UserId;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.Bodies;
import org.lightweb.server.http.Requester;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.storage.admin.AdminRepository;
import org.lightweb.storage.admin.AdminRepository.RoomRow;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.Membership;
import org.lightweb.storage.rooms.RoomRepository;
import org.lightweb.storage.rooms.StateKeyId;
import org.lightweb.storage.rooms.StoredEvent;

/**
 * Synapse's room admin API (docs/admin_api/rooms.md) at its paths: list, details, members, state, block, and
 * delete (version 1, synchronous, and version 2, in the background with delete statuses).
 */
public final class AdminRoomRoutes implements RouteGroup {
    private static final Set<String> ORDERS = Set.of("name", "canonical_alias", "joined_members", "joined_local_members",
            "version", "creator", "encryption", "federatable", "public", "join_rules", "guest_access",
            "history_visibility", "state_events");
    private static final List<StateKeyId> SUMMARY_STATE = List.of(key("m.room.create"), key("m.room.name"),
            key("m.room.topic"), key("m.room.avatar"), key("m.room.canonical_alias"), key("m.room.encryption"),
            key("m.room.join_rules"), key("m.room.guest_access"), key("m.room.history_visibility"));

    private final ServerName serverName;
    private final AdminRepository admin;
    private final RoomRepository rooms;
    private final EventRepository events;
    private final RoomShutdown shutdown;
    private final Authenticator auth;
    private final Clock clock;
    private final int maxLimit;

    AdminRoomRoutes(ServerName serverName, AdminRepository admin, RoomRepository rooms, EventRepository events,
                    RoomShutdown shutdown, Authenticator auth, Clock clock, int maxLimit) {
        this.serverName = serverName;
        this.admin = admin;
        this.rooms = rooms;
        this.events = events;
        this.shutdown = shutdown;
        this.auth = auth;
        this.clock = clock;
        this.maxLimit = maxLimit;
    }

    private static StateKeyId key(String type) {
        return new StateKeyId(type, "");
    }

    @Override
    public void mount(Router router) {
        String v1 = "/_synapse/admin/v1/rooms";
        String v2 = "/_synapse/admin/v2/rooms";
        router.get(v1).handler(auth.admin()).handler(Respond.json(this::listRooms));
        router.get(v2 + "/delete_status/:deleteId").handler(auth.admin()).handler(Respond.json(this::deleteStatus));
        router.get(v1 + "/:roomId").handler(auth.admin()).handler(Respond.json(this::roomDetails));
        router.get(v1 + "/:roomId/members").handler(auth.admin()).handler(Respond.json(this::roomMembers));
        router.get(v1 + "/:roomId/state").handler(auth.admin()).handler(Respond.json(this::roomState));
        router.get(v1 + "/:roomId/block").handler(auth.admin()).handler(Respond.json(this::getBlock));
        router.put(v1 + "/:roomId/block").handler(auth.admin()).handler(Respond.json(this::putBlock));
        router.delete(v1 + "/:roomId").handler(auth.admin()).handler(Respond.json(this::deleteRoomV1));
        router.delete(v2 + "/:roomId").handler(auth.admin()).handler(Respond.json(this::deleteRoomV2));
        router.get(v2 + "/:roomId/delete_status").handler(auth.admin()).handler(Respond.json(this::roomDeleteStatuses));
    }

    /** A room as the list shows it: counts from the database, the rest from its current state. */
    private static Map<String, Object> summary(RoomRow r, Map<StateKeyId, StoredEvent> state) {
        Function<String, JsonNode> content = type -> {
            StoredEvent e = state == null ? null : state.get(key(type));
            return e == null ? Json.object() : Json.parse(e.json()).path("content");
        };
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("room_id", r.roomId());
        m.put("name", text(content.apply("m.room.name"), "name"));
        m.put("canonical_alias", text(content.apply("m.room.canonical_alias"), "alias"));
        m.put("joined_members", r.joinedMembers());
        m.put("joined_local_members", r.joinedLocalMembers());
        m.put("version", r.version());
        m.put("creator", r.creator());
        m.put("encryption", text(content.apply("m.room.encryption"), "algorithm"));
        m.put("federatable", content.apply("m.room.create").path("m.federate").asBoolean(true));
        m.put("public", r.isPublic());
        m.put("join_rules", text(content.apply("m.room.join_rules"), "join_rule"));
        m.put("guest_access", text(content.apply("m.room.guest_access"), "guest_access"));
        m.put("history_visibility", text(content.apply("m.room.history_visibility"), "history_visibility"));
        m.put("state_events", r.stateEvents());
        m.put("room_type", text(content.apply("m.room.create"), "type"));
        return m;
    }

    private static String text(JsonNode content, String field) {
        JsonNode n = content.get(field);
        return n != null && n.isTextual() ? n.asText() : null;
    }

    /** GET /_synapse/admin/v1/rooms: rooms[], offset, total_rooms, next_batch / prev_batch. */
    Future<Map<String, Object>> listRooms(RoutingContext ctx) {
        long from = AdminParams.nonNegative(ctx, "from", 0);
        int limit = AdminParams.limit(ctx, 100, maxLimit);
        String orderBy = AdminParams.orderBy(ctx, ORDERS, "name");
        boolean backwards = AdminParams.backwards(ctx);
        String search = ctx.request().getParam("search_term");
        return admin.rooms(serverName.value()).compose(all -> events.currentStateEventsOfRooms(
                all.stream().map(RoomRow::roomId).toList(), SUMMARY_STATE).map(state -> {
            List<Map<String, Object>> list = new ArrayList<>();
            for (RoomRow r : all) list.add(summary(r, state.get(r.roomId())));
            if (search != null && !search.isEmpty()) {
                String needle = search.toLowerCase(Locale.ROOT);
                list.removeIf(m -> !(contains(m.get("name"), needle) || contains(m.get("canonical_alias"), needle)
                        || contains(m.get("room_id"), needle)));
            }
            Comparator<Map<String, Object>> order = Comparator.comparing(m -> sortKey(m.get(orderBy)), AdminRoomRoutes::compare);
            // Synapse sorts counts largest first; "dir=b" reverses whatever the order is.
            if (orderBy.equals("joined_members") || orderBy.equals("joined_local_members") || orderBy.equals("state_events")) {
                order = order.reversed();
            }
            if (backwards) order = order.reversed();
            list.sort(order.thenComparing(m -> (String) m.get("room_id")));
            int total = list.size();
            List<Map<String, Object>> page = list.subList((int) Math.min(from, total), (int) Math.min(from + limit, total));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("rooms", page);
            out.put("offset", from);
            out.put("total_rooms", total);
            if (from + page.size() < total) out.put("next_batch", from + page.size());
            if (from > 0) out.put("prev_batch", Math.max(0, from - limit));
            return out;
        }));
    }

    private static boolean contains(Object value, String needle) {
        return value instanceof String s && s.toLowerCase(Locale.ROOT).contains(needle);
    }

    private static Comparable<?> sortKey(Object v) {
        if (v == null) return null;
        if (v instanceof Boolean b) return b ? 1 : 0;
        if (v instanceof Number n) return n.longValue();
        return v.toString();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Comparable a, Comparable b) {
        if (a == null) return b == null ? 0 : -1;
        if (b == null) return 1;
        return a.compareTo(b);
    }

    private Future<RoomRow> room(String roomId) {
        return admin.room(roomId, serverName.value())
                .map(r -> r.orElseThrow(() -> MatrixException.notFound("Room not found")));
    }

    /** GET /_synapse/admin/v1/rooms/{roomId}: the list's fields plus topic, avatar and joined_local_devices. */
    Future<Map<String, Object>> roomDetails(RoutingContext ctx) {
        String roomId = AdminParams.roomId(ctx);
        return room(roomId).compose(r -> events.currentStateEvents(roomId, SUMMARY_STATE).map(state -> {
            Map<String, Object> m = summary(r, state);
            StoredEvent topic = state.get(key("m.room.topic"));
            StoredEvent avatar = state.get(key("m.room.avatar"));
            m.put("topic", topic == null ? null : text(Json.parse(topic.json()).path("content"), "topic"));
            m.put("avatar", avatar == null ? null : text(Json.parse(avatar.json()).path("content"), "url"));
            m.put("forgotten", false);
            return m;
        }));
    }

    /** GET /_synapse/admin/v1/rooms/{roomId}/members: the joined members. */
    Future<Map<String, Object>> roomMembers(RoutingContext ctx) {
        String roomId = AdminParams.roomId(ctx);
        return room(roomId).compose(r -> rooms.members(roomId)).map(all -> {
            List<String> joined = all.stream().filter(m -> m.membership().equals("join")).map(Membership::userId).sorted().toList();
            return Map.of("members", joined, "total", joined.size());
        });
    }

    /** GET /_synapse/admin/v1/rooms/{roomId}/state: the current state events in client format. */
    Future<Map<String, Object>> roomState(RoutingContext ctx) {
        String roomId = AdminParams.roomId(ctx);
        return room(roomId).compose(r -> events.currentState(roomId))
                .compose(ids -> events.events(ids.values()))
                .map(byId -> Map.of("state", byId.values().stream()
                        .sorted(Comparator.comparing(StoredEvent::type).thenComparing(StoredEvent::stateKey))
                        .map(AdminRoomRoutes::clientEvent).toList()));
    }

    private static ObjectNode clientEvent(StoredEvent e) {
        JsonNode pdu = Json.parse(e.json());
        ObjectNode out = Json.object();
        out.put("type", e.type());
        out.put("room_id", e.roomId());
        out.put("sender", e.sender());
        out.put("event_id", e.eventId());
        out.put("origin_server_ts", e.originServerTs());
        out.put("state_key", e.stateKey());
        out.set("content", pdu.path("content").isObject() ? pdu.get("content") : Json.object());
        if (pdu.has("unsigned")) out.set("unsigned", pdu.get("unsigned"));
        return out;
    }

    /** GET /_synapse/admin/v1/rooms/{roomId}/block: {block, user_id?}. */
    Future<Map<String, Object>> getBlock(RoutingContext ctx) {
        return admin.blockedBy(AdminParams.roomId(ctx)).map(by -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("block", by.isPresent());
            by.ifPresent(u -> m.put("user_id", u));
            return m;
        });
    }

    /** PUT /_synapse/admin/v1/rooms/{roomId}/block {block}: {block}. */
    Future<Map<String, Object>> putBlock(RoutingContext ctx) {
        String roomId = AdminParams.roomId(ctx);
        JsonNode block = Bodies.json(ctx).get("block");
        if (block == null || !block.isBoolean()) throw MatrixException.badJson("Param 'block' must be a boolean.");
        Future<Void> done = block.asBoolean()
                ? admin.block(roomId, Requester.of(ctx).userId().toString(), clock.millis())
                : admin.unblock(roomId);
        return done.map(v -> Map.of("block", block.asBoolean()));
    }

    private RoomShutdown.Request deleteRequest(RoutingContext ctx) {
        String roomId = AdminParams.roomId(ctx);
        ObjectNode body = Bodies.jsonOrEmpty(ctx);
        String newRoomUser = Bodies.optString(body, "new_room_user_id");
        UserId user = newRoomUser == null ? null : UserId.parse(newRoomUser)
                .orElseThrow(() -> MatrixException.invalidParam("Invalid new_room_user_id"));
        return new RoomShutdown.Request(roomId, Requester.of(ctx).userId(), user, Bodies.optString(body, "room_name"),
                Bodies.optString(body, "message"), Bodies.optBool(body, "block", false), Bodies.optBool(body, "purge", true),
                Bodies.optBool(body, "force_purge", false));
    }

    /** DELETE /_synapse/admin/v1/rooms/{roomId}: deletes now; answers kicked_users, failed_to_kick_users, ... */
    Future<Map<String, Object>> deleteRoomV1(RoutingContext ctx) {
        return shutdown.deleteNow(deleteRequest(ctx));
    }

    /** DELETE /_synapse/admin/v2/rooms/{roomId}: {delete_id}; the deletion runs in the background. */
    Future<Map<String, Object>> deleteRoomV2(RoutingContext ctx) {
        return shutdown.start(deleteRequest(ctx)).map(id -> Map.of("delete_id", id));
    }

    /** GET /_synapse/admin/v2/rooms/{roomId}/delete_status: {results: [...]}, 404 when there is none. */
    Future<Map<String, Object>> roomDeleteStatuses(RoutingContext ctx) {
        List<Map<String, Object>> results = shutdown.statusesOf(AdminParams.roomId(ctx));
        if (results.isEmpty()) throw MatrixException.notFound("No delete task for room_id '" + ctx.pathParam("roomId") + "' found");
        return Future.succeededFuture(Map.of("results", results));
    }

    /** GET /_synapse/admin/v2/rooms/delete_status/{deleteId}. */
    Future<Map<String, Object>> deleteStatus(RoutingContext ctx) {
        String id = ctx.pathParam("deleteId");
        return Future.succeededFuture(shutdown.status(id)
                .orElseThrow(() -> MatrixException.notFound("delete id '" + id + "' not found")));
    }
}
