package org.lightweb.server.appservice;

import org.lightweb.appservice.kit.Registration;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lightweb.core.ErrCode;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.Bodies;
import org.lightweb.server.http.Requester;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;

/**
 * The client API's appservice endpoint ({@code POST /_matrix/client/v1/appservice/{appserviceId}/ping}) and the
 * node's appservice admin API: list, register (registration YAML, as the admin bot pastes it) and unregister.
 */
public final class AppserviceRoutes implements RouteGroup {
    private static final String ADMIN = "/_lightweb/admin/v1/appservices";

    private final Appservices appservices;
    private final AppserviceSender sender;
    private final Authenticator auth;
    private final java.util.function.Function<String, Future<Registration>> register;

    /** @param register registers an appservice from its YAML, ready to use when the future completes */
    public AppserviceRoutes(Appservices appservices, AppserviceSender sender, Authenticator auth,
                            java.util.function.Function<String, Future<Registration>> register) {
        this.appservices = appservices;
        this.sender = sender;
        this.auth = auth;
        this.register = register;
    }

    @Override
    public void mount(Router router) {
        router.post("/_matrix/client/v1/appservice/:appserviceId/ping").handler(auth.user()).handler(Respond.json(this::ping));
        router.get(ADMIN).handler(auth.admin()).handler(Respond.json(this::list));
        router.post(ADMIN).handler(auth.admin()).handler(Respond.json(this::register));
        router.delete(ADMIN + "/:appserviceId").handler(auth.admin()).handler(Respond.json(this::unregister));
    }

    /**
     * POST /appservice/{appserviceId}/ping (operationId pingAppservice): only that appservice's as_token may ask;
     * the node pings it and says how long the answer took, or why there was none.
     */
    Future<Map<String, Object>> ping(RoutingContext ctx) {
        String id = ctx.pathParam("appserviceId");
        Requester who = Requester.of(ctx);
        if (!id.equals(who.appserviceId())) throw MatrixException.forbidden("Only the appservice " + id + " may ping it");
        Registration r = appservices.byId(id).orElseThrow(() -> MatrixException.notFound("No appservice " + id));
        if (r.url() == null) throw new MatrixException(400, ErrCode.M_URL_NOT_SET, "The appservice has no url to ping");
        ObjectNode body = Bodies.jsonOrEmpty(ctx);
        ObjectNode out = Json.object();
        String txn = Bodies.optString(body, "transaction_id");
        if (txn != null) out.put("transaction_id", txn);
        long start = System.nanoTime();
        return sender.client().ping(r, out).compose(answer -> {
            long ms = (System.nanoTime() - start) / 1_000_000;
            if (answer.ok()) return Future.succeededFuture(Map.<String, Object>of("duration_ms", ms));
            if (answer.status() == 0) {
                return Future.failedFuture(answer.timedOut()
                        ? new MatrixException(504, ErrCode.M_CONNECTION_TIMEOUT, "The appservice did not answer in time")
                        : new MatrixException(502, ErrCode.M_CONNECTION_FAILED, "The appservice cannot be reached: " + answer.error()));
            }
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("status", answer.status());
            extra.put("body", answer.body() == null ? "" : Json.write(answer.body()));
            return Future.failedFuture(new MatrixException(502, ErrCode.M_BAD_STATUS,
                    "The appservice answered HTTP " + answer.status(), extra));
        });
    }

    /** GET /_lightweb/admin/v1/appservices. */
    Future<Map<String, Object>> list(RoutingContext ctx) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Appservices.Entry e : appservices.all()) {
            Registration r = e.registration();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            if (r.url() != null) m.put("url", r.url());
            m.put("sender", r.senderUserId(appservices.serverName()));
            m.put("sender_localpart", r.senderLocalpart());
            m.put("origin", e.origin().name().toLowerCase(java.util.Locale.ROOT));
            Map<String, Object> namespaces = new LinkedHashMap<>();
            namespaces.put("users", render(r.namespaces().users()));
            namespaces.put("aliases", render(r.namespaces().aliases()));
            namespaces.put("rooms", render(r.namespaces().rooms()));
            m.put("namespaces", namespaces);
            m.put("rate_limited", r.rateLimited());
            m.put("receive_ephemeral", r.receiveEphemeral());
            out.add(m);
        }
        return Future.succeededFuture(Map.of("appservices", out));
    }

    private static List<Map<String, Object>> render(List<Registration.Namespace> namespaces) {
        return namespaces.stream().map(n -> Map.<String, Object>of("exclusive", n.exclusive(), "regex", n.regex().pattern())).toList();
    }

    /** POST /_lightweb/admin/v1/appservices {yaml}: registers an appservice at runtime. */
    Future<Map<String, Object>> register(RoutingContext ctx) {
        String yaml = Bodies.string(Bodies.json(ctx), "yaml");
        return register.apply(yaml).map(r -> Map.<String, Object>of("id", r.id()));
    }

    /** DELETE /_lightweb/admin/v1/appservices/{id}. */
    Future<Map<String, Object>> unregister(RoutingContext ctx) {
        return appservices.unregister(ctx.pathParam("appserviceId")).map(v -> Map.of());
    }
}
