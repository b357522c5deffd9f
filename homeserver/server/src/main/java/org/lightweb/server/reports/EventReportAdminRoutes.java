package org.lightweb.server.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.storage.reports.ReportRepository;
import org.lightweb.storage.reports.ReportRepository.Report;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.StateKeyId;
import org.lightweb.storage.rooms.StoredEvent;

/**
 * Synapse's event reports admin API, at its paths so its tools (synapse-admin) work, for server admins only:
 * {@code GET /_synapse/admin/v1/event_reports?from=&limit=&dir=&room_id=&user_id=}, {@code GET} and {@code DELETE}
 * {@code /_synapse/admin/v1/event_reports/{report_id}}.
 */
public final class EventReportAdminRoutes implements RouteGroup {
    static final String BASE = "/_synapse/admin/v1/event_reports";
    /** Synapse's default page. */
    static final int DEFAULT_LIMIT = 100;
    private static final StateKeyId NAME = new StateKeyId("m.room.name", "");
    private static final StateKeyId ALIAS = new StateKeyId("m.room.canonical_alias", "");

    private final ReportRepository reports;
    private final EventRepository events;
    private final Authenticator auth;
    private final int maxLimit;

    /** @param maxLimit the most reports one page lists, whatever the admin asks */
    public EventReportAdminRoutes(ReportRepository reports, EventRepository events, Authenticator auth, int maxLimit) {
        this.reports = reports;
        this.events = events;
        this.auth = auth;
        this.maxLimit = maxLimit;
    }

    @Override
    public void mount(Router router) {
        router.get(BASE).handler(auth.admin()).handler(Respond.json(this::listEventReports));
        router.get(BASE + "/:reportId").handler(auth.admin()).handler(Respond.json(this::getEventReport));
        router.delete(BASE + "/:reportId").handler(auth.admin()).handler(Respond.json(this::deleteEventReport));
    }

    /** GET /event_reports: {@code {event_reports, total, next_token?}}, newest first unless dir=f. */
    Future<ObjectNode> listEventReports(RoutingContext ctx) {
        long from = number(ctx, "from", 0);
        long limit = Math.min(number(ctx, "limit", DEFAULT_LIMIT), maxLimit);
        String dir = ctx.request().getParam("dir", "b");
        if (!dir.equals("b") && !dir.equals("f")) throw MatrixException.invalidParam("Unknown direction: " + dir);
        String room = emptyToNull(ctx.request().getParam("room_id"));
        String user = emptyToNull(ctx.request().getParam("user_id"));
        return reports.eventReports(from, (int) limit, dir.equals("b"), room, user).compose(page -> {
            List<String> rooms = page.reports().stream().map(Report::roomId).distinct().toList();
            return events.currentStateEventsOfRooms(rooms, List.of(NAME, ALIAS)).map(state -> {
                ObjectNode out = Json.object();
                ArrayNode list = out.putArray("event_reports");
                page.reports().forEach(r -> list.add(toJson(r, state.getOrDefault(r.roomId(), Map.of()))));
                out.put("total", page.total());
                if (from + page.reports().size() < page.total() && !page.reports().isEmpty()) {
                    out.put("next_token", from + page.reports().size());
                }
                return out;
            });
        });
    }

    /** GET /event_reports/{report_id}: one report with the reported event's JSON. */
    Future<ObjectNode> getEventReport(RoutingContext ctx) {
        long id = reportId(ctx);
        return reports.eventReport(id).compose(found -> {
            Report r = found.orElseThrow(() -> MatrixException.notFound("Event report not found"));
            return events.currentStateEventsOfRooms(List.of(r.roomId()), List.of(NAME, ALIAS)).map(state -> {
                ObjectNode out = toJson(r, state.getOrDefault(r.roomId(), Map.of()));
                out.set("event_json", r.eventJson() == null ? Json.object().nullNode() : Json.parse(r.eventJson()));
                return out;
            });
        });
    }

    /** DELETE /event_reports/{report_id}. Answers {}. */
    Future<Map<String, Object>> deleteEventReport(RoutingContext ctx) {
        return reports.deleteEventReport(reportId(ctx)).map(found -> {
            if (!found) throw MatrixException.notFound("Event report not found");
            return Map.of();
        });
    }

    private static ObjectNode toJson(Report r, Map<StateKeyId, StoredEvent> state) {
        ObjectNode o = Json.object();
        o.put("id", r.id());
        o.put("received_ts", r.receivedTs());
        o.put("room_id", r.roomId());
        o.put("name", text(state.get(NAME), "name"));
        o.put("event_id", r.eventId());
        o.put("user_id", r.reporter());
        o.put("reason", r.reason());
        if (r.score() == null) o.putNull("score");
        else o.put("score", r.score());
        o.put("sender", r.eventSender());
        o.put("canonical_alias", text(state.get(ALIAS), "alias"));
        return o;
    }

    private static String text(StoredEvent e, String field) {
        if (e == null) return null;
        JsonNode v = Json.parse(e.json()).path("content").get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static long reportId(RoutingContext ctx) {
        try {
            long id = Long.parseLong(ctx.pathParam("reportId"));
            if (id < 0) throw new NumberFormatException();
            return id;
        } catch (NumberFormatException e) {
            throw MatrixException.invalidParam("The report_id parameter must be a string representing a positive integer.");
        }
    }

    private static long number(RoutingContext ctx, String name, long dflt) {
        String raw = ctx.request().getParam(name);
        if (raw == null || raw.isEmpty()) return dflt;
        try {
            long n = Long.parseLong(raw);
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw MatrixException.invalidParam("The " + name + " parameter must be a positive integer.");
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
