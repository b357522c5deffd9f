package org.lightweb.plugin.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lightweb.plugin.HttpResponse;
import org.lightweb.plugin.HttpRoutes;
import org.lightweb.plugin.HttpRoutes.MatrixUser;
import org.lightweb.plugin.MatrixError;

/**
 * A route registry that calls a plugin's handlers directly, as the node's router would: it matches the method and
 * path ({@code {name}} is one segment, a final {@code {*name}} the rest), fills in the path parameters and turns a
 * thrown {@link MatrixError} into its JSON answer. Anything else a handler throws reaches the test as it is (the node
 * would answer 500).
 *
 * <pre>{@code
 * FakeRoutes routes = FakeRoutes.of(ctx, new GreeterRoutes(ctx));
 * HttpResponse res = routes.client(FakeHttpRequest.get("/v1/greet/bob"), FakeRoutes.user("@alice:test.local"));
 * assertThat(FakeRoutes.json(res)).containsEntry("greeting", "Hello, bob");
 * }</pre>
 */
public final class FakeRoutes implements HttpRoutes.RouteRegistry {
    /** Where a route is served. */
    public enum Kind { CLIENT, SERVER, OPEN, WELL_KNOWN }

    /** A registered route. */
    public record Route(Kind kind, String method, String path, Object handler) {}

    private final String base;
    private final List<Route> routes = new ArrayList<>();

    /** Routes of plugin {@code pluginId}, served under {@code /_lightweb/<pluginId>}. */
    public FakeRoutes(String pluginId) {
        this.base = "/_lightweb/" + pluginId;
    }

    /** The routes of these extensions, registered as the node does at start. */
    public static FakeRoutes of(org.lightweb.plugin.PluginContext ctx, HttpRoutes... extensions) {
        FakeRoutes r = new FakeRoutes(ctx.pluginId());
        for (HttpRoutes e : extensions) e.register(r);
        return r;
    }

    /** A non-admin user with device {@code DEVICE}. */
    public static MatrixUser user(String userId) { return new MatrixUser(userId, "DEVICE", false); }

    /** An answer's JSON object body; fails when it is not one. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> json(HttpResponse response) {
        Object v = response.jsonBody();
        if (!(v instanceof Map)) throw new AssertionError("not a JSON object answer: status " + response.status() + ", " + v);
        return (Map<String, Object>) v;
    }

    /** Every route registered so far. */
    public List<Route> routes() { return List.copyOf(routes); }

    @Override
    public void client(String method, String path, HttpRoutes.ClientHandler handler) { add(Kind.CLIENT, method, path, handler); }

    @Override
    public void server(String method, String path, HttpRoutes.ServerHandler handler) { add(Kind.SERVER, method, path, handler); }

    @Override
    public void open(String method, String path, HttpRoutes.OpenHandler handler) { add(Kind.OPEN, method, path, handler); }

    @Override
    public void wellKnown(String method, String path, HttpRoutes.OpenHandler handler) {
        if (!path.startsWith("/.well-known/") || path.startsWith("/.well-known/matrix/") || path.equals("/.well-known/matrix")) {
            throw new IllegalArgumentException("well-known path refused: " + path);
        }
        add(Kind.WELL_KNOWN, method, path, handler);
    }

    private void add(Kind kind, String method, String path, Object handler) {
        if (!path.startsWith("/")) throw new IllegalArgumentException("a route path starts with '/': " + path);
        routes.add(new Route(kind, method.toUpperCase(Locale.ROOT), path, handler));
    }

    /** Calls a client route as {@code user}. */
    public HttpResponse client(FakeHttpRequest request, MatrixUser user) {
        return call(Kind.CLIENT, request, (route, req) -> ((HttpRoutes.ClientHandler) route.handler()).handle(req, user));
    }

    /** Calls a server route as if {@code originServer} signed the request. */
    public HttpResponse server(FakeHttpRequest request, String originServer) {
        return call(Kind.SERVER, request, (route, req) -> ((HttpRoutes.ServerHandler) route.handler()).handle(req, originServer));
    }

    /** Calls an open route. */
    public HttpResponse open(FakeHttpRequest request) {
        return call(Kind.OPEN, request, (route, req) -> ((HttpRoutes.OpenHandler) route.handler()).handle(req));
    }

    /** Calls a well-known route (its path is absolute). */
    public HttpResponse wellKnown(FakeHttpRequest request) {
        return call(Kind.WELL_KNOWN, request, (route, req) -> ((HttpRoutes.OpenHandler) route.handler()).handle(req));
    }

    @FunctionalInterface
    private interface Invocation {
        HttpResponse invoke(Route route, FakeHttpRequest request) throws Exception;
    }

    private HttpResponse call(Kind kind, FakeHttpRequest request, Invocation invocation) {
        for (Route route : routes) {
            if (route.kind() != kind || !route.method().equals(request.method())) continue;
            Map<String, String> params = match(route.path(), request.relativePath());
            if (params == null) continue;
            request.bind(kind == Kind.WELL_KNOWN ? request.relativePath() : base + request.relativePath(), params);
            try {
                HttpResponse res = invocation.invoke(route, request);
                if (res == null) throw new AssertionError("handler of " + route.method() + " " + route.path() + " answered null");
                return res;
            } catch (MatrixError e) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("errcode", e.errcode());
                body.put("error", e.getMessage());
                return HttpResponse.json(e.status(), body);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("handler of " + route.method() + " " + route.path() + " threw", e);
            }
        }
        return HttpResponse.json(404, Map.of("errcode", "M_UNRECOGNIZED", "error", "Unrecognized request"));
    }

    /** The path parameters when {@code pattern} matches {@code path}, else null. */
    static Map<String, String> match(String pattern, String path) {
        String[] p = pattern.substring(1).split("/", -1);
        String[] s = path.substring(1).split("/", -1);
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < p.length; i++) {
            String seg = p[i];
            if (seg.startsWith("{*") && seg.endsWith("}") && i == p.length - 1) {
                if (i >= s.length) return null;
                params.put(seg.substring(2, seg.length() - 1), String.join("/", java.util.Arrays.copyOfRange(s, i, s.length)));
                return params;
            }
            if (i >= s.length) return null;
            if (seg.startsWith("{") && seg.endsWith("}")) {
                if (s[i].isEmpty()) return null;
                params.put(seg.substring(1, seg.length() - 1), s[i]);
            } else if (!seg.equals(s[i])) {
                return null;
            }
        }
        return p.length == s.length ? params : null;
    }
}
