package org.lightweb.server.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.Bodies;
import org.lightweb.server.http.Requester;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.storage.sync.FilterRepository;

/** POST /user/{userId}/filter and GET /user/{userId}/filter/{filterId} (spec: Filtering). */
public final class FilterRoutes implements RouteGroup {
    private final FilterRepository filters;
    private final Authenticator auth;

    public FilterRoutes(FilterRepository filters, Authenticator auth) {
        this.filters = filters;
        this.auth = auth;
    }

    @Override
    public void mount(Router router) {
        router.post("/_matrix/client/v3/user/:userId/filter").handler(auth.userOrGuest()).handler(Respond.json(this::defineFilter));
        router.get("/_matrix/client/v3/user/:userId/filter/:filterId").handler(auth.userOrGuest()).handler(Respond.json(this::getFilter));
    }

    private static void checkOwner(RoutingContext ctx) {
        if (!Requester.of(ctx).userId().toString().equals(ctx.pathParam("userId"))) {
            throw MatrixException.forbidden("Cannot use filters of another user");
        }
    }

    /** POST /user/{userId}/filter (operationId defineFilter). */
    Future<Map<String, Object>> defineFilter(RoutingContext ctx) {
        checkOwner(ctx);
        ObjectNode body = Bodies.json(ctx);
        SyncFilter.parse(body);   // refuse bad filters now, not at the next sync
        return filters.create(Requester.of(ctx).userId().toString(), Json.write(body))
                .map(id -> Map.of("filter_id", Long.toString(id)));
    }

    /** GET /user/{userId}/filter/{filterId} (operationId getFilter). */
    Future<JsonNode> getFilter(RoutingContext ctx) {
        checkOwner(ctx);
        long id = parseId(ctx.pathParam("filterId"));
        return filters.find(Requester.of(ctx).userId().toString(), id)
                .map(f -> Json.parse(f.orElseThrow(() -> MatrixException.notFound("No such filter"))));
    }

    static long parseId(String raw) {
        try {
            long id = Long.parseLong(raw);
            if (id < 0) throw new NumberFormatException();
            return id;
        } catch (NumberFormatException e) {
            throw MatrixException.notFound("No such filter");
        }
    }
}
