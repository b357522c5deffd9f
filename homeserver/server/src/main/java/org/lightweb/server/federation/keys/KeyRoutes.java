package org.lightweb.server.federation.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.lightweb.core.Clock;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.core.ServerName;
import org.lightweb.federation.protocol.JsonSigning;
import org.lightweb.server.http.Bodies;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;

/**
 * Server keys (server-server API, "Retrieving server keys"): our own key document, and the notary endpoints that
 * answer other servers' keys through the {@link RemoteKeyRing}, each document countersigned by us.
 */
public final class KeyRoutes implements RouteGroup {
    private final OwnKeys own;
    private final RemoteKeyRing keys;
    private final int maxServers;
    private final Clock clock;

    public KeyRoutes(OwnKeys own, RemoteKeyRing keys, int maxServers, Clock clock) {
        this.own = own;
        this.keys = keys;
        this.maxServers = maxServers;
        this.clock = clock;
    }

    @Override
    public void mount(Router router) {
        router.get("/_matrix/key/v2/server").handler(Respond.json(this::getServerKey));
        // The deprecated form with a key id (still asked by older servers) answers the same document.
        router.get("/_matrix/key/v2/server/:keyId").handler(Respond.json(this::getServerKey));
        router.get("/_matrix/key/v2/query/:serverName").handler(Respond.json(this::perspectivesKeyQuery));
        router.post("/_matrix/key/v2/query").handler(Respond.json(this::queryKeys));
    }

    /** GET /_matrix/key/v2/server (operationId getServerKey). */
    Future<ObjectNode> getServerKey(RoutingContext ctx) {
        return Future.succeededFuture(own.document());
    }

    /** GET /_matrix/key/v2/query/{serverName} (operationId perspectivesKeyQuery). */
    Future<Map<String, Object>> perspectivesKeyQuery(RoutingContext ctx) {
        String server = ctx.pathParam("serverName");
        if (!ServerName.isValid(server)) throw MatrixException.invalidParam("Invalid server name");
        String min = ctx.queryParams().get("minimum_valid_until_ts");
        long minimum;
        try {
            minimum = min == null ? clock.millis() : Long.parseLong(min);
        } catch (NumberFormatException e) {
            throw MatrixException.invalidParam("minimum_valid_until_ts must be an integer");
        }
        return answer(List.of(keys.documents(server, minimum)));
    }

    /** POST /_matrix/key/v2/query (operationId queryKeys): {server_keys: {server: {key id: {minimum_valid_until_ts}}}}. */
    Future<Map<String, Object>> queryKeys(RoutingContext ctx) {
        ObjectNode body = Bodies.json(ctx);
        JsonNode serverKeys = body.get("server_keys");
        if (serverKeys == null || !serverKeys.isObject()) throw MatrixException.badJson("server_keys must be an object");
        if (serverKeys.size() > maxServers) {
            throw MatrixException.invalidParam("At most " + maxServers + " servers per query");
        }
        long now = clock.millis();
        List<Future<List<ObjectNode>>> lookups = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = serverKeys.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!ServerName.isValid(e.getKey())) continue;
            long minimum = now;
            if (e.getValue().isObject() && !e.getValue().isEmpty()) {
                // The smallest minimum asked for any of its keys; a key id without one means now (the spec's rule).
                minimum = Long.MAX_VALUE;
                for (JsonNode criteria : e.getValue()) {
                    JsonNode m = criteria.path("minimum_valid_until_ts");
                    minimum = Math.min(minimum, m.canConvertToLong() ? m.asLong() : now);
                }
            }
            lookups.add(keys.documents(e.getKey(), minimum));
        }
        return answer(lookups);
    }

    private Future<Map<String, Object>> answer(List<Future<List<ObjectNode>>> lookups) {
        return Future.join(lookups).transform(ignored -> {
            List<ObjectNode> docs = new ArrayList<>();
            for (Future<List<ObjectNode>> f : lookups) {
                if (f.succeeded()) f.result().forEach(d -> docs.add(JsonSigning.sign(d.deepCopy(), own.serverName(), own.signingKey())));
            }
            return Future.succeededFuture(Map.<String, Object>of("server_keys", docs));
        });
    }
}
