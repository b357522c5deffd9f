package org.lightweb.server.admin;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.lightweb.core.MatrixException;
import org.lightweb.core.ServerName;
import org.lightweb.server.federation.ServerBlocks;
import org.lightweb.server.federation.send.FederationSender;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.Requester;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.storage.federation.FederationAdminRepository;
import org.lightweb.storage.federation.FederationQueueRepository;

/**
 * Synapse's federation admin API ({@code /_synapse/admin/v1/federation/destinations}, docs/admin_api/federation.md)
 * and the node's server block list ({@code /_lightweb/admin/v1/federation/blocked}). Destinations are the servers of
 * the users joined to this server's rooms, and those with queued or failing transactions; Synapse keeps a table of
 * every server ever contacted, this node derives the list.
 */
public final class AdminFederationRoutes implements RouteGroup {
    private static final String BASE = "/_synapse/admin/v1/federation/destinations";
    private static final String BLOCKED = "/_lightweb/admin/v1/federation/blocked";

    private final String serverName;
    private final FederationAdminRepository admin;
    private final FederationQueueRepository queue;
    private final FederationSender sender;
    private final ServerBlocks blocks;
    private final Authenticator auth;
    private final int maxLimit;

    public AdminFederationRoutes(String serverName, FederationAdminRepository admin, FederationQueueRepository queue,
                                 FederationSender sender, ServerBlocks blocks, Authenticator auth, int maxLimit) {
        this.serverName = serverName;
        this.admin = admin;
        this.queue = queue;
        this.sender = sender;
        this.blocks = blocks;
        this.auth = auth;
        this.maxLimit = maxLimit;
    }

    @Override
    public void mount(Router router) {
        router.get(BASE).handler(auth.admin()).handler(Respond.json(this::listDestinations));
        router.get(BASE + "/:destination").handler(auth.admin()).handler(Respond.json(this::destination));
        router.get(BASE + "/:destination/rooms").handler(auth.admin()).handler(Respond.json(this::destinationRooms));
        router.post(BASE + "/:destination/reset_connection").handler(auth.admin()).handler(Respond.json(this::resetConnection));
        router.get(BLOCKED).handler(auth.admin()).handler(Respond.json(this::listBlocked));
        router.post(BLOCKED + "/:server").handler(auth.admin()).handler(Respond.json(this::block));
        router.delete(BLOCKED + "/:server").handler(auth.admin()).handler(Respond.json(this::unblock));
    }

    /** Every destination with its retry state, sorted by name (the only order: Synapse's default). */
    private Future<List<Map<String, Object>>> all() {
        Future<Set<String>> inRooms = admin.serversInRooms(serverName);
        Future<Set<String>> queued = queue.destinationsWithRows();
        Future<Map<String, FederationQueueRepository.RetryState>> retries = queue.retryStates();
        return Future.all(inRooms, queued, retries).map(ok -> {
            Set<String> names = new TreeSet<>(inRooms.result());
            names.addAll(queued.result());
            names.addAll(retries.result().keySet());
            names.addAll(blocks.all());
            names.remove(serverName);
            List<Map<String, Object>> out = new ArrayList<>();
            for (String n : names) out.add(render(n, retries.result().get(n)));
            return out;
        });
    }

    private Map<String, Object> render(String destination, FederationQueueRepository.RetryState retry) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("destination", destination);
        d.put("retry_last_ts", retry == null ? 0 : retry.lastFailureTs());
        d.put("retry_interval", retry == null ? 0 : Math.max(0, retry.retryAt() - retry.lastFailureTs()));
        d.put("failure_ts", retry == null ? null : retry.lastFailureTs());
        d.put("last_successful_stream_ordering", null);   // not tracked here: transactions are deleted once taken
        d.put("blocked", blocks.isBlocked(destination));
        return d;
    }

    /** GET /_synapse/admin/v1/federation/destinations (from, limit, destination, dir). */
    Future<Map<String, Object>> listDestinations(RoutingContext ctx) {
        long from = AdminParams.nonNegative(ctx, "from", 0);
        int limit = AdminParams.limit(ctx, 100, maxLimit);
        String search = ctx.request().getParam("destination");
        boolean backwards = AdminParams.backwards(ctx);
        return all().map(list -> {
            List<Map<String, Object>> matching = new ArrayList<>(list.stream()
                    .filter(d -> search == null || ((String) d.get("destination")).contains(search)).toList());
            if (backwards) java.util.Collections.reverse(matching);
            int start = (int) Math.min(from, matching.size());
            int end = Math.min(matching.size(), start + limit);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("destinations", matching.subList(start, end));
            out.put("total", matching.size());
            if (end < matching.size()) out.put("next_token", String.valueOf(end));
            return out;
        });
    }

    /** GET /_synapse/admin/v1/federation/destinations/{destination}, with this node's queue size. */
    Future<Map<String, Object>> destination(RoutingContext ctx) {
        String destination = destinationParam(ctx);
        return all().compose(list -> {
            Map<String, Object> d = list.stream().filter(x -> x.get("destination").equals(destination)).findFirst()
                    .orElseThrow(() -> MatrixException.notFound("Unknown destination"));
            return queue.count(destination).map(n -> {
                Map<String, Object> out = new LinkedHashMap<>(d);
                out.put("queued", n);
                return out;
            });
        });
    }

    /** GET /_synapse/admin/v1/federation/destinations/{destination}/rooms (from, limit, dir). */
    Future<Map<String, Object>> destinationRooms(RoutingContext ctx) {
        String destination = destinationParam(ctx);
        long from = AdminParams.nonNegative(ctx, "from", 0);
        int limit = AdminParams.limit(ctx, 100, maxLimit);
        boolean backwards = AdminParams.backwards(ctx);
        return admin.roomsSharedWith(destination).map(rooms -> {
            List<FederationAdminRepository.SharedRoom> ordered = new ArrayList<>(rooms);
            if (backwards) java.util.Collections.reverse(ordered);
            int start = (int) Math.min(from, ordered.size());
            int end = Math.min(ordered.size(), start + limit);
            List<Map<String, Object>> page = new ArrayList<>();
            for (var r : ordered.subList(start, end)) page.add(Map.of("room_id", r.roomId(), "stream_ordering", r.streamOrdering()));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("rooms", page);
            out.put("total", ordered.size());
            if (end < ordered.size()) out.put("next_token", String.valueOf(end));
            return out;
        });
    }

    /** POST .../reset_connection: the backoff towards it ends and what is queued goes out now. */
    Future<Map<String, Object>> resetConnection(RoutingContext ctx) {
        String destination = destinationParam(ctx);
        return queue.retryStates().compose(states -> {
            if (!states.containsKey(destination)) {
                return Future.failedFuture(MatrixException.badJson("The retry timing does not need to be reset for this destination."));
            }
            sender.destinationUp(destination);
            return Future.succeededFuture(Map.<String, Object>of());
        });
    }

    Future<Map<String, Object>> listBlocked(RoutingContext ctx) {
        return Future.succeededFuture(Map.of("servers", List.copyOf(new TreeSet<>(blocks.all()))));
    }

    /** POST /_lightweb/admin/v1/federation/blocked/{server}: no federation with it from now on. */
    Future<Map<String, Object>> block(RoutingContext ctx) {
        String server = serverParam(ctx);
        if (server.equals(serverName)) throw MatrixException.invalidParam("This is this server's own name");
        return blocks.block(server, Requester.of(ctx).userId().toString()).map(added -> Map.of("blocked", true, "changed", added));
    }

    Future<Map<String, Object>> unblock(RoutingContext ctx) {
        return blocks.unblock(serverParam(ctx)).map(removed -> Map.of("blocked", false, "changed", removed));
    }

    private static String destinationParam(RoutingContext ctx) {
        String d = ctx.pathParam("destination");
        if (!ServerName.isValid(d)) throw MatrixException.invalidParam("Not a server name: " + d);
        return d;
    }

    private static String serverParam(RoutingContext ctx) {
        String s = ctx.pathParam("server");
        if (!ServerName.isValid(s)) throw MatrixException.invalidParam("Not a server name: " + s);
        return s;
    }
}
