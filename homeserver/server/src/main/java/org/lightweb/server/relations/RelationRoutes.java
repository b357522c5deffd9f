package org.lightweb.server.relations;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.lightweb.core.MatrixException;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.Requester;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.server.http.Respond;
import org.lightweb.server.rooms.RoomIds;

/** GET /relations (relations.yaml) and GET /threads (threads_list.yaml). */
public final class RelationRoutes implements RouteGroup {
    private static final String ROOM = "/_matrix/client/v1/rooms/:roomId";

    private final RelationsService service;
    private final Authenticator auth;
    private final int defaultLimit;
    private final int maxLimit;

    public RelationRoutes(RelationsService service, Authenticator auth, int defaultLimit, int maxLimit) {
        this.service = service;
        this.auth = auth;
        this.defaultLimit = defaultLimit;
        this.maxLimit = maxLimit;
    }

    @Override
    public void mount(Router router) {
        router.get(ROOM + "/relations/:eventId").handler(auth.userOrGuest()).handler(Respond.json(this::getRelatingEvents));
        router.get(ROOM + "/relations/:eventId/:relType").handler(auth.userOrGuest())
                .handler(Respond.json(this::getRelatingEvents));
        router.get(ROOM + "/relations/:eventId/:relType/:eventType").handler(auth.userOrGuest())
                .handler(Respond.json(this::getRelatingEvents));
        router.get(ROOM + "/threads").handler(auth.userOrGuest()).handler(Respond.json(this::getThreadRoots));
    }

    /**
     * GET /rooms/{roomId}/relations/{eventId}[/{relType}[/{eventType}]] (operationIds getRelatingEvents,
     * getRelatingEventsWithRelType, getRelatingEventsWithRelTypeAndEventType) with from, to, limit, dir, recurse.
     */
    Future<Map<String, Object>> getRelatingEvents(RoutingContext ctx) {
        String dir = ctx.request().getParam("dir", "b");
        if (!dir.equals("b") && !dir.equals("f")) throw MatrixException.invalidParam("dir must be b or f");
        String recurseParam = ctx.request().getParam("recurse");
        if (recurseParam == null) recurseParam = ctx.request().getParam("org.matrix.msc3981.recurse");
        if (recurseParam != null && !recurseParam.equals("true") && !recurseParam.equals("false")) {
            throw MatrixException.invalidParam("recurse must be true or false");
        }
        boolean recurse = "true".equals(recurseParam);
        String from = ctx.request().getParam("from");
        var q = new RelationsService.ChildrenRequest(RoomIds.roomId(ctx.pathParam("roomId")),
                RoomIds.eventId(ctx.pathParam("eventId")), ctx.pathParam("relType"), ctx.pathParam("eventType"),
                PageTokens.parse("from", from), PageTokens.parse("to", ctx.request().getParam("to")), dir.equals("f"),
                limit(ctx), recurse);
        return service.children(Requester.of(ctx), q).map(page -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("chunk", page.chunk());
            if (page.next() != null) body.put("next_batch", PageTokens.of(page.next()));
            if (from != null) body.put("prev_batch", from);
            if (recurse) body.put("recursion_depth", service.recursionDepth());
            return body;
        });
    }

    /** GET /rooms/{roomId}/threads (operationId getThreadRoots) with include, from, limit. */
    Future<Map<String, Object>> getThreadRoots(RoutingContext ctx) {
        String include = ctx.request().getParam("include", "all");
        if (!include.equals("all") && !include.equals("participated")) {
            throw MatrixException.invalidParam("include must be all or participated");
        }
        return service.threads(Requester.of(ctx), RoomIds.roomId(ctx.pathParam("roomId")), include.equals("participated"),
                PageTokens.parse("from", ctx.request().getParam("from")), limit(ctx)).map(page -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("chunk", page.chunk());
                    if (page.next() != null) body.put("next_batch", PageTokens.of(page.next()));
                    return body;
                });
    }

    private int limit(RoutingContext ctx) {
        String raw = ctx.request().getParam("limit");
        if (raw == null) return defaultLimit;
        try {
            int v = Integer.parseInt(raw);
            if (v < 0) throw MatrixException.invalidParam("limit must not be negative");
            return Math.max(1, Math.min(v, maxLimit));
        } catch (NumberFormatException e) {
            throw MatrixException.invalidParam("limit must be an integer");
        }
    }
}
