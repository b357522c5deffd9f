package org.lightweb.server.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.server.config.HomeserverConfig;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.Requester;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.server.rooms.ClientEvents;
import org.lightweb.server.rooms.EventVisibility;
import org.lightweb.server.rooms.RoomIds;
import org.lightweb.server.sync.SyncFilter;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.RoomRepository;

/** Reading room history (spec: "Getting events for a room", "Events in context", timestamp_to_event). */
public final class MessagesRoutes implements RouteGroup {
    private static final int DEFAULT_LIMIT = 10;

    private final RoomHistory history;
    private final TimestampToEvent timestamps;
    private final Authenticator auth;
    private final int maxLimit;

    MessagesRoutes(RoomHistory history, TimestampToEvent timestamps, Authenticator auth, int maxLimit) {
        this.history = history;
        this.timestamps = timestamps;
        this.auth = auth;
        this.maxLimit = maxLimit;
    }

    /** Builds the history feature over the node's repositories; the federation issue replaces the remote lookup. */
    public static MessagesRoutes create(EventRepository events, RoomRepository rooms, ClientEvents format,
                                        EventVisibility visibility, IgnoredUsers ignored, HomeserverConfig.History config,
                                        Authenticator auth) {
        return create(events, rooms, format, visibility, ignored, config, auth, RemoteHistory.NONE);
    }

    /** @param remote where history this node lacks is fetched from (federation's backfill) */
    public static MessagesRoutes create(EventRepository events, RoomRepository rooms, ClientEvents format,
                                        EventVisibility visibility, IgnoredUsers ignored, HomeserverConfig.History config,
                                        Authenticator auth, RemoteHistory remote) {
        HistoryAccess access = new HistoryAccess(events, rooms);
        HistoryPager pager = new HistoryPager(events, visibility, config.maxScannedEvents(), remote);
        return new MessagesRoutes(new RoomHistory(events, access, pager, visibility, ignored, format),
                new TimestampToEvent(events, access, visibility, TimestampToEvent.RemoteLookup.NONE,
                        config.maxScannedEvents()), auth, config.maxLimit());
    }

    @Override
    public void mount(Router router) {
        String room = "/_matrix/client/v3/rooms/:roomId";
        router.get(room + "/messages").handler(auth.userOrGuest()).handler(Respond.json(this::getRoomEvents));
        router.get(room + "/context/:eventId").handler(auth.userOrGuest()).handler(Respond.json(this::getEventContext));
        router.get("/_matrix/client/v1/rooms/:roomId/timestamp_to_event").handler(auth.user())
                .handler(Respond.json(this::getEventByTimestamp));
    }

    /** GET /rooms/{roomId}/messages (operationId getRoomEvents): dir, from, to, limit, filter. */
    Future<ObjectNode> getRoomEvents(RoutingContext ctx) {
        String dir = ctx.request().getParam("dir");
        if (dir == null || dir.isEmpty()) throw MatrixException.missingParam("dir is required");
        boolean backwards = direction(dir);
        return history.messages(Requester.of(ctx), RoomIds.roomId(ctx.pathParam("roomId")), nonEmpty(ctx, "from"),
                nonEmpty(ctx, "to"), backwards, limit(ctx), filter(ctx));
    }

    /** GET /rooms/{roomId}/context/{eventId} (operationId getEventContext): limit, filter. */
    Future<ObjectNode> getEventContext(RoutingContext ctx) {
        return history.context(Requester.of(ctx), RoomIds.roomId(ctx.pathParam("roomId")),
                RoomIds.eventId(ctx.pathParam("eventId")), limit(ctx), filter(ctx));
    }

    /** GET /v1/rooms/{roomId}/timestamp_to_event (operationId getEventByTimestamp): ts, dir. */
    Future<Map<String, Object>> getEventByTimestamp(RoutingContext ctx) {
        String rawTs = ctx.request().getParam("ts");
        String dir = ctx.request().getParam("dir");
        if (rawTs == null || rawTs.isEmpty()) throw MatrixException.missingParam("ts is required");
        if (dir == null || dir.isEmpty()) throw MatrixException.missingParam("dir is required");
        long ts;
        try {
            ts = Long.parseLong(rawTs);
        } catch (NumberFormatException e) {
            throw MatrixException.invalidParam("ts must be a timestamp in milliseconds: " + rawTs);
        }
        boolean forwards = !direction(dir);
        return timestamps.closest(Requester.of(ctx).userId(), RoomIds.roomId(ctx.pathParam("roomId")), ts, forwards)
                .map(found -> found.map(f -> Map.<String, Object>of("event_id", f.eventId(), "origin_server_ts",
                        f.originServerTs())).orElseThrow(() -> MatrixException.notFound(
                        "No event found " + (forwards ? "after" : "before") + " " + ts)));
    }

    /** True for "b", false for "f". */
    private static boolean direction(String dir) {
        if (dir.equals("b")) return true;
        if (dir.equals("f")) return false;
        throw MatrixException.invalidParam("dir must be b or f");
    }

    private int limit(RoutingContext ctx) {
        String raw = ctx.request().getParam("limit");
        if (raw == null || raw.isEmpty()) return DEFAULT_LIMIT;
        try {
            long n = Long.parseLong(raw);
            if (n < 0) throw new NumberFormatException();
            return (int) Math.min(n, maxLimit);
        } catch (NumberFormatException e) {
            throw MatrixException.invalidParam("limit must be a non-negative number: " + raw);
        }
    }

    private static SyncFilter.RoomEventFilter filter(RoutingContext ctx) {
        String raw = nonEmpty(ctx, "filter");
        if (raw == null) return SyncFilter.DEFAULT.room().timeline();
        JsonNode json;
        try {
            json = Json.parse(raw);
        } catch (RuntimeException e) {
            throw MatrixException.badJson("filter is not valid JSON");
        }
        return SyncFilter.parseRoomEventFilter(json);
    }

    private static String nonEmpty(RoutingContext ctx, String name) {
        String v = ctx.request().getParam(name);
        return v == null || v.isEmpty() ? null : v;
    }
}
