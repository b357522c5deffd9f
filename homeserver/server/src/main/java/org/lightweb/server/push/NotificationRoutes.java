package org.lightweb.server.push;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.lightweb.core.MatrixException;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.Requester;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;

/** GET /_matrix/client/v3/notifications (data/api/client-server/notifications.yaml). */
public final class NotificationRoutes implements RouteGroup {
    /** Synapse's default page. */
    static final int DEFAULT_LIMIT = 50;

    private final Notifications notifications;
    private final Authenticator auth;
    private final int maxLimit;

    /** @param maxLimit the most notifications one page lists, whatever the client asks */
    public NotificationRoutes(Notifications notifications, Authenticator auth, int maxLimit) {
        this.notifications = notifications;
        this.auth = auth;
        this.maxLimit = maxLimit;
    }

    @Override
    public void mount(Router router) {
        router.get("/_matrix/client/v3/notifications").handler(auth.user()).handler(Respond.json(this::getNotifications));
    }

    /** GET /notifications?from=&limit=&only=highlight (operationId getNotifications). */
    Future<ObjectNode> getNotifications(RoutingContext ctx) {
        String from = ctx.request().getParam("from");
        long before = from == null || from.isEmpty() ? Long.MAX_VALUE : number("from", from);
        String rawLimit = ctx.request().getParam("limit");
        long limit = rawLimit == null || rawLimit.isEmpty() ? DEFAULT_LIMIT : number("limit", rawLimit);
        if (limit < 1) throw MatrixException.invalidParam("limit must be a positive number");
        boolean onlyHighlight = "highlight".equals(ctx.request().getParam("only"));
        return notifications.list(Requester.of(ctx), before, (int) Math.min(limit, maxLimit), onlyHighlight);
    }

    private static long number(String name, String raw) {
        try {
            long n = Long.parseLong(raw);
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw MatrixException.invalidParam(name + " must be a number: " + raw);
        }
    }
}
