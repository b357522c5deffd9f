package org.lightweb.server.plugins;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lightweb.plugin.HttpRoutes;

/** One plugin's routes, and the matching of a path against them. Written during the start, read afterwards. */
final class RouteTable implements HttpRoutes.RouteRegistry {
    enum Kind { CLIENT, SERVER, OPEN, WELL_KNOWN }

    /** A registered route: {@code handler} is one of the SDK's three handler kinds, as {@code kind} says. */
    record Route(Kind kind, String method, List<String> segments, Object handler) {}

    /** A route that matched, with its path parameters. */
    record Match(Route route, Map<String, String> params) {}

    private final List<Route> routes = new ArrayList<>();
    private volatile boolean sealed;

    @Override
    public void client(String method, String path, HttpRoutes.ClientHandler handler) { add(Kind.CLIENT, method, path, handler); }

    @Override
    public void server(String method, String path, HttpRoutes.ServerHandler handler) { add(Kind.SERVER, method, path, handler); }

    @Override
    public void open(String method, String path, HttpRoutes.OpenHandler handler) { add(Kind.OPEN, method, path, handler); }

    @Override
    public void wellKnown(String method, String path, HttpRoutes.OpenHandler handler) {
        if (path == null || !path.startsWith("/.well-known/") || path.length() <= "/.well-known/".length()) {
            throw new IllegalArgumentException("a well-known route's path starts with /.well-known/: " + path);
        }
        if (path.startsWith("/.well-known/matrix/")) {
            throw new IllegalArgumentException("the node serves /.well-known/matrix/ itself: " + path);
        }
        add(Kind.WELL_KNOWN, method, path, handler);
    }

    private synchronized void add(Kind kind, String method, String path, Object handler) {
        if (sealed) throw new IllegalStateException("routes are registered while the plugin starts, not later");
        if (method == null || !method.matches("[A-Za-z-]{1,20}")) throw new IllegalArgumentException("bad HTTP method: " + method);
        if (path == null || !path.startsWith("/")) throw new IllegalArgumentException("a route's path starts with '/': " + path);
        if (handler == null) throw new IllegalArgumentException("no handler for " + method + " " + path);
        List<String> segments = segments(path);
        for (int i = 0; i < segments.size(); i++) {
            String s = segments.get(i);
            if (s.startsWith("{*") && i != segments.size() - 1) {
                throw new IllegalArgumentException("{*rest} may only end a path: " + path);
            }
        }
        routes.add(new Route(kind, method.toUpperCase(Locale.ROOT), segments, handler));
    }

    /** No more routes: the plugin has started. */
    void seal() { sealed = true; }

    List<Route> routes() { return List.copyOf(routes); }

    /** The first route of these kinds whose path matches; the method is checked by the caller (405 vs 404). */
    List<Match> matching(String path, java.util.Set<Kind> kinds) {
        List<String> actual = segments(path);
        List<Match> out = new ArrayList<>();
        for (Route r : routes) {
            if (!kinds.contains(r.kind())) continue;
            Map<String, String> params = match(r.segments(), actual);
            if (params != null) out.add(new Match(r, params));
        }
        return out;
    }

    private static Map<String, String> match(List<String> pattern, List<String> actual) {
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < pattern.size(); i++) {
            String p = pattern.get(i);
            if (p.startsWith("{*") && p.endsWith("}")) {
                params.put(p.substring(2, p.length() - 1), String.join("/", actual.subList(Math.min(i, actual.size()), actual.size())));
                return params;
            }
            if (i >= actual.size()) return null;
            String a = actual.get(i);
            if (p.startsWith("{") && p.endsWith("}")) {
                if (a.isEmpty()) return null;
                params.put(p.substring(1, p.length() - 1), a);
            } else if (!p.equals(a)) {
                return null;
            }
        }
        return pattern.size() == actual.size() ? params : null;
    }

    /** The path's segments, percent-decoded ('+' stays '+'); a trailing '/' gives a last empty segment. */
    static List<String> segments(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        List<String> out = new ArrayList<>();
        for (String s : p.split("/", -1)) {
            try {
                out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                out.add(s);
            }
        }
        return out;
    }
}
