package org.lightweb.server.plugins;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import org.lightweb.core.ErrCode;
import org.lightweb.core.MatrixException;
import org.lightweb.plugin.HttpRequest;
import org.lightweb.plugin.HttpResponse;
import org.lightweb.plugin.HttpRoutes;
import org.lightweb.plugin.MatrixError;
import org.lightweb.server.federation.Origin;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.server.http.Requester;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plugin routes on the node's listeners. Mounted after every route of the node, so a plugin can never shadow one:
 * {@code /_lightweb/<pluginId>/...} goes to that plugin (client and open routes on the client listener, server
 * routes on the federation listener), and {@code /.well-known/...} paths the node does not serve go to the plugin
 * that claimed them. Requests are looked up on every call, so plugins enabled or disabled at runtime take effect at
 * once. The node authenticates (access token, X-Matrix) before the plugin sees anything.
 */
public final class PluginHttp {
    private static final Logger log = LoggerFactory.getLogger(PluginHttp.class);
    private static final String PREFIX = "/_lightweb/";
    private static final String MATCH = "lightweb.plugin.match";

    private final PluginHost host;

    public PluginHttp(PluginHost host) { this.host = host; }

    /** Client and open routes, and well-known paths, for the client listener. */
    public RouteGroup clientRoutes(Authenticator auth) {
        Handler<RoutingContext> user = auth.user();
        return router -> {
            router.route(PREFIX + "*").handler(ctx -> find(ctx, EnumSet.of(RouteTable.Kind.CLIENT, RouteTable.Kind.OPEN)))
                    .handler(ctx -> {
                        if (match(ctx) != null && match(ctx).route().kind() == RouteTable.Kind.CLIENT) user.handle(ctx);
                        else ctx.next();
                    })
                    .handler(this::invoke);
            router.route("/.well-known/*").handler(this::findWellKnown).handler(this::invoke);
        };
    }

    /** Server routes for the federation listener, behind the X-Matrix check. */
    public RouteGroup federationRoutes(Handler<RoutingContext> xMatrix) {
        return router -> router.route(PREFIX + "*").handler(ctx -> find(ctx, EnumSet.of(RouteTable.Kind.SERVER)))
                .handler(ctx -> {
                    if (match(ctx) != null) xMatrix.handle(ctx);
                    else ctx.next();
                })
                .handler(this::invoke);
    }

    private static RouteTable.Match match(RoutingContext ctx) { return ctx.get(MATCH); }

    /**
     * Finds the plugin route of the request. A route's handlers run in turn, so one that finds nothing leaves the
     * context without a match and the handlers after it pass the request on: unknown paths reach the node's 404.
     */
    private void find(RoutingContext ctx, Set<RouteTable.Kind> kinds) {
        String path = ctx.request().path();
        String rest = path.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        String pluginId = slash < 0 ? rest : rest.substring(0, slash);
        Optional<PluginHost.RunningPlugin> plugin = host.runningPlugin(pluginId);
        if (plugin.isEmpty()) {
            ctx.next();
            return;
        }
        choose(ctx, plugin.get(), plugin.get().routes.matching(slash < 0 ? "/" : rest.substring(slash), kinds));
    }

    private void findWellKnown(RoutingContext ctx) {
        String path = ctx.request().path();
        for (PluginHost.RunningPlugin r : host.runningPlugins()) {
            List<RouteTable.Match> found = r.routes.matching(path, EnumSet.of(RouteTable.Kind.WELL_KNOWN));
            if (!found.isEmpty()) {
                choose(ctx, r, found);
                return;
            }
        }
        ctx.next();
    }

    private void choose(RoutingContext ctx, PluginHost.RunningPlugin plugin, List<RouteTable.Match> found) {
        if (found.isEmpty()) {
            ctx.next();
            return;
        }
        String method = ctx.request().method().name().toUpperCase(Locale.ROOT);
        for (RouteTable.Match m : found) {
            if (m.route().method().equals(method)) {
                ctx.put(MATCH, m);
                ctx.put(MATCH + ".plugin", plugin);
                ctx.next();
                return;
            }
        }
        ctx.fail(new MatrixException(405, ErrCode.M_UNRECOGNIZED, "Unrecognized request"));
    }

    /** Runs the handler on the plugin's threads and writes its answer. */
    private void invoke(RoutingContext ctx) {
        RouteTable.Match m = match(ctx);
        if (m == null) {
            ctx.next();
            return;
        }
        PluginHost.RunningPlugin plugin = ctx.get(MATCH + ".plugin");
        Request request = new Request(ctx, m.params());
        Callable<HttpResponse> call = switch (m.route().kind()) {
            case CLIENT -> {
                Requester who = Requester.of(ctx);
                var user = new HttpRoutes.MatrixUser(who.userId().toString(), who.deviceId(), who.admin());
                yield () -> ((HttpRoutes.ClientHandler) m.route().handler()).handle(request, user);
            }
            case SERVER -> {
                String origin = Origin.of(ctx);
                yield () -> ((HttpRoutes.ServerHandler) m.route().handler()).handle(request, origin);
            }
            case OPEN, WELL_KNOWN -> () -> ((HttpRoutes.OpenHandler) m.route().handler()).handle(request);
        };
        host.fromStage(host.supply(plugin, call, host.requestTimeout())).onComplete(ar -> {
            if (ctx.response().ended() || ctx.response().closed()) return;
            if (ar.succeeded() && ar.result() != null) {
                write(ctx, ar.result());
                return;
            }
            Throwable err = ar.succeeded() ? new IllegalStateException("the handler answered null") : PluginHost.unwrap(ar.cause());
            if (err instanceof MatrixError e) {
                ctx.fail(NodeServices.refusal(e));
            } else if (err instanceof TimeoutException) {
                plugin.failures.incrementAndGet();
                log.warn("plugin route did not answer in time [plugin: {}, path: {}]", plugin.id, ctx.request().path());
                ctx.fail(new MatrixException(504, ErrCode.M_UNKNOWN, "The plugin did not answer in time"));
            } else if (err instanceof RejectedExecutionException) {
                ctx.fail(new MatrixException(503, ErrCode.M_UNKNOWN, "The plugin is busy; try again later"));
            } else {
                plugin.failures.incrementAndGet();
                log.warn("plugin route failed [plugin: {}, path: {}]: {}", plugin.id, ctx.request().path(), PluginHost.describe(err));
                ctx.fail(new MatrixException(500, ErrCode.M_UNKNOWN, "The plugin failed to answer"));
            }
        });
    }

    private static void write(RoutingContext ctx, HttpResponse answer) {
        var response = ctx.response().setStatusCode(answer.status());
        answer.headers().forEach(response::putHeader);
        byte[] body;
        try {
            body = answer.jsonBody() != null ? PluginJson.write(answer.jsonBody()) : answer.body();
        } catch (MatrixError e) {
            ctx.fail(NodeServices.refusal(e));
            return;
        }
        response.end(Buffer.buffer(body == null ? new byte[0] : body));
    }

    /** A snapshot of the request that plugin threads may read: nothing in it touches Vert.x afterwards. */
    private static final class Request implements HttpRequest {
        private final String method;
        private final String path;
        private final Map<String, String> params;
        private final Map<String, List<String>> query;
        private final io.vertx.core.MultiMap headers;
        private final String remote;
        private final byte[] body;

        Request(RoutingContext ctx, Map<String, String> params) {
            this.method = ctx.request().method().name();
            this.path = String.join("/", RouteTable.segments(ctx.request().path()));
            this.params = Map.copyOf(params);
            java.util.Map<String, List<String>> q = new java.util.LinkedHashMap<>();
            ctx.queryParams().forEach(e -> q.computeIfAbsent(e.getKey(), k -> new java.util.ArrayList<>()).add(e.getValue()));
            this.query = q;
            this.headers = io.vertx.core.MultiMap.caseInsensitiveMultiMap().addAll(ctx.request().headers());
            this.remote = ctx.request().remoteAddress() == null ? "" : ctx.request().remoteAddress().hostAddress();
            Buffer b = ctx.body() == null ? null : ctx.body().buffer();
            this.body = b == null ? new byte[0] : b.getBytes();
        }

        @Override public String method() { return method; }

        @Override public String path() { return "/" + path; }

        @Override public String pathParam(String name) { return params.get(name); }

        @Override public Optional<String> query(String name) {
            List<String> v = query.get(name);
            return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
        }

        @Override public List<String> queryAll(String name) { return List.copyOf(query.getOrDefault(name, List.of())); }

        @Override public Optional<String> header(String name) { return Optional.ofNullable(headers.get(name)); }

        @Override public String remoteAddress() { return remote; }

        @Override public byte[] body() { return body.clone(); }

        @Override public Map<String, Object> json() { return PluginJson.parseObject(body); }
    }
}
