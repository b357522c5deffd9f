package org.lightweb.plugin.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.lightweb.plugin.HttpRequest;
import org.lightweb.plugin.MatrixError;

/**
 * A request to a plugin route, as a test writes it. {@link FakeRoutes} fills in the path parameters from the route
 * it matches.
 *
 * <pre>{@code
 * FakeHttpRequest.post("/v1/guestbook").json(Map.of("message", "hi")).query("limit", "5")
 * }</pre>
 */
public final class FakeHttpRequest implements HttpRequest {
    private final String method;
    private final String relativePath;
    private String fullPath;
    private final Map<String, List<String>> query = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, String> pathParams = new LinkedHashMap<>();
    private byte[] body = new byte[0];
    private String remoteAddress = "127.0.0.1";

    /**
     * A request; {@code path} is relative to {@code /_lightweb/<pluginId>} ({@code /v1/greet/alice}), or absolute
     * for well-known paths ({@code /.well-known/carddav}).
     */
    public FakeHttpRequest(String method, String path) {
        this.method = method.toUpperCase(Locale.ROOT);
        this.relativePath = path;
        this.fullPath = path;
    }

    public static FakeHttpRequest get(String path) { return new FakeHttpRequest("GET", path); }

    public static FakeHttpRequest post(String path) { return new FakeHttpRequest("POST", path); }

    public static FakeHttpRequest put(String path) { return new FakeHttpRequest("PUT", path); }

    public static FakeHttpRequest delete(String path) { return new FakeHttpRequest("DELETE", path); }

    /** Adds a query parameter value. */
    public FakeHttpRequest query(String name, String value) {
        query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        return this;
    }

    /** Sets a header. */
    public FakeHttpRequest header(String name, String value) {
        headers.put(name.toLowerCase(Locale.ROOT), value);
        return this;
    }

    /** The body as bytes. */
    public FakeHttpRequest body(byte[] body) {
        this.body = body.clone();
        return this;
    }

    /** The body as UTF-8 text (for JSON that is not an object, or not JSON at all). */
    public FakeHttpRequest body(String text) {
        return body(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The body as a JSON object (Maps, Lists, strings, numbers, Booleans); sets Content-Type. */
    public FakeHttpRequest json(Map<String, ?> json) {
        header("Content-Type", "application/json");
        return body(Json.write(json));
    }

    public FakeHttpRequest remoteAddress(String address) {
        this.remoteAddress = address;
        return this;
    }

    /** The path as the test gave it, relative to the plugin's base. */
    public String relativePath() { return relativePath; }

    void bind(String fullPath, Map<String, String> params) {
        this.fullPath = fullPath;
        pathParams.clear();
        pathParams.putAll(params);
    }

    @Override public String method() { return method; }

    @Override public String path() { return fullPath; }

    @Override public String pathParam(String name) { return pathParams.get(name); }

    @Override public Optional<String> query(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    @Override public List<String> queryAll(String name) { return List.copyOf(query.getOrDefault(name, List.of())); }

    @Override public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    @Override public String remoteAddress() { return remoteAddress; }

    @Override public byte[] body() { return body.clone(); }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> json() {
        Object v;
        try {
            v = Json.parse(bodyText());
        } catch (IllegalArgumentException e) {
            throw new MatrixError(400, "M_NOT_JSON", "Content not JSON.");
        }
        if (!(v instanceof Map)) throw MatrixError.badJson("Content must be a JSON object.");
        return (Map<String, Object>) v;
    }

    @Override public String toString() { return method + " " + fullPath; }
}
