package org.lightweb.server.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.Bodies;
import org.lightweb.server.http.Requester;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.server.rooms.ClientEvents;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.StoredEvent;

/** POST /_matrix/client/v3/search (spec: Server Side Search; the room_events category). */
public final class SearchRoutes implements RouteGroup {
    private final SearchService search;
    private final SearchContexts contexts;
    private final ClientEvents format;
    private final EventRepository events;
    private final Authenticator auth;
    private final int maxLimit;
    private final int maxContext;

    SearchRoutes(SearchService search, SearchContexts contexts, ClientEvents format, EventRepository events,
                 Authenticator auth, int maxLimit, int maxContext) {
        this.search = search;
        this.contexts = contexts;
        this.format = format;
        this.events = events;
        this.auth = auth;
        this.maxLimit = maxLimit;
        this.maxContext = maxContext;
    }

    @Override
    public void mount(Router router) {
        router.post("/_matrix/client/v3/search").handler(auth.user()).handler(Respond.json(this::search));
    }

    /** POST /search (operationId search), with the next_batch query parameter. */
    Future<ObjectNode> search(RoutingContext ctx) {
        Requester who = Requester.of(ctx);
        ObjectNode body = Bodies.json(ctx);
        JsonNode categories = body.get("search_categories");
        if (categories == null || !categories.isObject()) throw MatrixException.badJson("search_categories must be an object");
        ObjectNode out = Json.object();
        ObjectNode results = out.putObject("search_categories");
        JsonNode criteria = categories.get("room_events");
        if (criteria == null || criteria.isNull()) return Future.succeededFuture(out);
        SearchRequest req = SearchRequest.parse(criteria, maxLimit, maxContext);
        return search.search(who.userId(), req, ctx.request().getParam("next_batch"))
                .compose(found -> roomEvents(who, req, found))
                .map(roomEvents -> {
                    results.set("room_events", roomEvents);
                    return out;
                });
    }

    private Future<ObjectNode> roomEvents(Requester who, SearchRequest req, SearchService.Found found) {
        List<Future<ObjectNode>> ctxs = new ArrayList<>();
        if (req.context() != null) for (StoredEvent e : found.events()) ctxs.add(contexts.of(who, e, req.context()));
        Future<List<ObjectNode>> formatted = format.format(found.events(), who);
        Future<ObjectNode> state = req.includeState() ? state(who, SearchService.roomsOf(found.events()))
                : Future.succeededFuture(null);
        return Future.all(formatted, Future.all(ctxs), state).map(ok -> {
            ObjectNode out = Json.object();
            out.put("count", found.count());
            ArrayNode highlights = out.putArray("highlights");
            found.highlights().forEach(highlights::add);
            ArrayNode results = out.putArray("results");
            for (int i = 0; i < found.events().size(); i++) {
                ObjectNode r = results.addObject();
                r.put("rank", found.ranks().get(i));
                r.set("result", formatted.result().get(i));
                if (req.context() != null) r.set("context", ctxs.get(i).result());
            }
            if (found.nextBatch() != null) out.put("next_batch", found.nextBatch());
            if (!req.groupBy().isEmpty()) out.set("groups", groups(req, found));
            if (state.result() != null) out.set("state", state.result());
            return out;
        });
    }

    /** groups.{room_id|sender}.{value}: the result event ids of each value, in result order, and its order. */
    private static ObjectNode groups(SearchRequest req, SearchService.Found found) {
        ObjectNode groups = Json.object();
        for (String key : req.groupBy()) {
            ObjectNode byValue = groups.putObject(key);
            for (StoredEvent e : found.events()) {
                String value = key.equals("room_id") ? e.roomId() : e.sender();
                ObjectNode group = (ObjectNode) byValue.get(value);
                if (group == null) {
                    group = byValue.putObject(value);
                    group.put("order", byValue.size());
                    group.putArray("results");
                    if (found.nextBatch() != null) group.put("next_batch", found.nextBatch());
                }
                ((ArrayNode) group.get("results")).add(e.eventId());
            }
        }
        return groups;
    }

    /** The current state of each room with results (include_state). The user was in each, so may see it. */
    private Future<ObjectNode> state(Requester who, List<String> roomIds) {
        ObjectNode out = Json.object();
        Future<Void> chain = Future.succeededFuture();
        for (String roomId : roomIds) {
            chain = chain.compose(v -> events.currentState(roomId)
                    .compose(ids -> events.events(ids.values()))
                    .compose(byId -> format.format(List.copyOf(byId.values()), who))
                    .map(list -> {
                        ArrayNode arr = out.putArray(roomId);
                        list.forEach(arr::add);
                        return null;
                    }));
        }
        return chain.map(v -> out);
    }
}
