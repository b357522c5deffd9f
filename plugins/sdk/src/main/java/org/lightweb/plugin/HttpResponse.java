package org.lightweb.plugin;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A plugin route's answer: a status, headers and a body. Immutable; {@link #header} returns a copy. */
public final class HttpResponse {
    private final int status;
    private final Map<String, String> headers;
    private final byte[] body;
    private final Object json;

    private HttpResponse(int status, Map<String, String> headers, byte[] body, Object json) {
        this.status = status;
        this.headers = Map.copyOf(headers);
        this.body = body;
        this.json = json;
    }

    /** A JSON answer; {@code json} is made of Maps, Lists, strings, numbers, Booleans and nulls. */
    public static HttpResponse json(int status, Object json) {
        return new HttpResponse(status, Map.of("Content-Type", "application/json"), null, json);
    }

    /** Bytes of a content type. */
    public static HttpResponse bytes(int status, String contentType, byte[] body) {
        return new HttpResponse(status, Map.of("Content-Type", contentType), body.clone(), null);
    }

    /** Text of a content type (UTF-8). */
    public static HttpResponse text(int status, String contentType, String body) {
        return new HttpResponse(status, Map.of("Content-Type", contentType + "; charset=utf-8"),
                body.getBytes(StandardCharsets.UTF_8), null);
    }

    /** No body. */
    public static HttpResponse empty(int status) {
        return new HttpResponse(status, Map.of(), new byte[0], null);
    }

    /** A redirect (301, 302, 307, 308) to {@code location}. */
    public static HttpResponse redirect(int status, String location) {
        return new HttpResponse(status, Map.of("Location", location), new byte[0], null);
    }

    /** This answer with one more header (or the header replaced). */
    public HttpResponse header(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.keySet().removeIf(k -> k.equalsIgnoreCase(name));
        h.put(name, value);
        return new HttpResponse(status, h, body, json);
    }

    public int status() { return status; }

    public Map<String, String> headers() { return headers; }

    /** The body when it is bytes, else null. */
    public byte[] body() { return body == null ? null : body.clone(); }

    /** The body when it is JSON, else null. */
    public Object jsonBody() { return json; }
}
