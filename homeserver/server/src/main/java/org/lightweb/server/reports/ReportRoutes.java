package org.lightweb.server.reports;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.Bodies;
import org.lightweb.server.http.Requester;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;

/** Reporting content (data/api/client-server/report_content.yaml). */
public final class ReportRoutes implements RouteGroup {
    private final ReportService reports;
    private final Authenticator auth;

    public ReportRoutes(ReportService reports, Authenticator auth) {
        this.reports = reports;
        this.auth = auth;
    }

    @Override
    public void mount(Router router) {
        router.post("/_matrix/client/v3/rooms/:roomId/report/:eventId").handler(auth.user()).handler(Respond.json(this::reportEvent));
        router.post("/_matrix/client/v3/rooms/:roomId/report").handler(auth.user()).handler(Respond.json(this::reportRoom));
        router.post("/_matrix/client/v3/users/:userId/report").handler(auth.user()).handler(Respond.json(this::reportUser));
    }

    /** POST /rooms/{roomId}/report/{eventId} (operationId reportEvent). Answers {}. */
    Future<Map<String, Object>> reportEvent(RoutingContext ctx) {
        return reports.reportEvent(Requester.of(ctx).userId(), ctx.pathParam("roomId"), ctx.pathParam("eventId"),
                Bodies.jsonOrEmpty(ctx)).map(v -> Map.of());
    }

    /** POST /rooms/{roomId}/report (operationId reportRoom). Answers {}. */
    Future<Map<String, Object>> reportRoom(RoutingContext ctx) {
        return reports.reportRoom(Requester.of(ctx).userId(), ctx.pathParam("roomId"), Bodies.json(ctx)).map(v -> Map.of());
    }

    /** POST /users/{userId}/report (operationId reportUser). Answers {}. */
    Future<Map<String, Object>> reportUser(RoutingContext ctx) {
        return reports.reportUser(Requester.of(ctx).userId(), ctx.pathParam("userId"), Bodies.json(ctx)).map(v -> Map.of());
    }
}
