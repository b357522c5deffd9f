package org.lightweb.server.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.Requester;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.storage.sync.FilterRepository;

/** GET /_matrix/client/v3/sync (spec: Syncing). */
public final class SyncRoutes implements RouteGroup {
    private final SyncService sync;
    private final FilterRepository filters;
    private final Authenticator auth;
    private final long maxTimeoutMs;
    private final SyncObserver observer;

    public SyncRoutes(SyncService sync, FilterRepository filters, Authenticator auth, long maxTimeoutMs,
                      SyncObserver observer) {
        this.sync = sync;
        this.filters = filters;
        this.auth = auth;
        this.maxTimeoutMs = maxTimeoutMs;
        this.observer = observer;
    }

    @Override
    public void mount(Router router) {
        router.get("/_matrix/client/v3/sync").handler(auth.userOrGuest()).handler(Respond.json(this::sync));
    }

    /** GET /sync (operationId sync): filter (id or inline JSON), since, full_state, set_presence, timeout. */
    Future<ObjectNode> sync(RoutingContext ctx) {
        Requester who = Requester.of(ctx);
        String since = ctx.request().getParam("since");
        boolean fullState = Boolean.parseBoolean(ctx.request().getParam("full_state", "false"));
        long timeout = timeout(ctx.request().getParam("timeout"));
        String presence = ctx.request().getParam("set_presence");
        if (presence != null && !presence.equals("online") && !presence.equals("offline") && !presence.equals("unavailable")) {
            throw MatrixException.invalidParam("set_presence must be online, offline or unavailable");
        }
        SyncToken sinceToken = since == null ? null : SyncToken.parse(since);
        ctx.put(SET_PRESENCE, presence);
        return filter(who, ctx.request().getParam("filter"))
                .compose(filter -> observer.syncStarted(who, presence)
                        .compose(v -> sync.sync(who, filter, sinceToken, fullState, timeout))
                        .andThen(done -> observer.syncEnded(who, presence)));
    }

    /** Where set_presence is left for handlers that run after this one; presence hears it through {@link SyncObserver}. */
    public static final String SET_PRESENCE = "lightweb.set_presence";

    private long timeout(String raw) {
        if (raw == null) return 0;
        try {
            return Math.max(0, Math.min(Long.parseLong(raw), maxTimeoutMs));
        } catch (NumberFormatException e) {
            throw MatrixException.invalidParam("timeout must be a number of milliseconds");
        }
    }

    private Future<SyncFilter> filter(Requester who, String raw) {
        if (raw == null || raw.isEmpty()) return Future.succeededFuture(SyncFilter.DEFAULT);
        if (raw.startsWith("{")) {
            JsonNode json;
            try {
                json = Json.parse(raw);
            } catch (RuntimeException e) {
                return Future.failedFuture(MatrixException.badJson("The inline filter is not valid JSON"));
            }
            return Future.succeededFuture(SyncFilter.parse(json));
        }
        long id;
        try {
            id = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            return Future.failedFuture(MatrixException.invalidParam("filter must be a filter ID or a JSON object"));
        }
        return filters.find(who.userId().toString(), id).map(f -> SyncFilter.parse(Json.parse(
                f.orElseThrow(() -> MatrixException.notFound("No such filter: " + raw)))));
    }
}
