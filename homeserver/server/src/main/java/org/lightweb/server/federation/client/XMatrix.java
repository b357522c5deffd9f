package org.lightweb.server.federation.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lightweb.core.Json;
import org.lightweb.federation.protocol.JsonSigning;
import org.lightweb.federation.protocol.SigningKey;

/**
 * The X-Matrix authorization scheme (server-server API, "Request Authentication"): the request's method, URI (path
 * and query as sent), origin, destination and JSON content form an object signed by the origin's key; the
 * {@code Authorization} header carries origin, destination, key id and signature.
 */
public final class XMatrix {
    private XMatrix() {}

    /** One parsed header. {@code destination} is null when the header had none (older servers). */
    public record Credentials(String origin, String destination, String key, String sig) {}

    /** The object the signature covers (without signatures). */
    public static ObjectNode signedObject(String method, String uri, String origin, String destination, JsonNode content) {
        ObjectNode o = Json.object();
        o.put("method", method);
        o.put("uri", uri);
        o.put("origin", origin);
        if (destination != null) o.put("destination", destination);
        if (content != null) o.set("content", content);
        return o;
    }

    /** The Authorization header value for a request from {@code origin}, signed with {@code key}. */
    public static String authorization(SigningKey key, String origin, String destination, String method, String uri,
                                       JsonNode content) {
        ObjectNode signed = JsonSigning.sign(signedObject(method, uri, origin, destination, content), origin, key);
        String sig = signed.path("signatures").path(origin).path(key.keyId()).asText();
        return "X-Matrix origin=" + quote(origin) + ",destination=" + quote(destination) + ",key=" + quote(key.keyId())
                + ",sig=" + quote(sig);
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /**
     * Parses one Authorization header value: the scheme {@code X-Matrix} (case-insensitive), then comma-separated
     * {@code name=value} parameters (RFC 9110 auth-params: a token or a quoted string with backslash escapes, names
     * case-insensitive). Empty when the scheme is another or origin, key or sig are missing.
     */
    public static Optional<Credentials> parse(String header) {
        if (header == null) return Optional.empty();
        String h = header.strip();
        int space = h.indexOf(' ');
        if (space < 0 || !h.substring(0, space).equalsIgnoreCase("X-Matrix")) return Optional.empty();
        Map<String, String> params = params(h.substring(space + 1));
        if (params == null) return Optional.empty();
        String origin = params.get("origin");
        String key = params.get("key");
        String sig = params.get("sig");
        if (origin == null || key == null || sig == null || origin.isEmpty() || key.isEmpty() || sig.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Credentials(origin, params.get("destination"), key, sig));
    }

    /** name -> value; null when malformed. */
    static Map<String, String> params(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == ',')) i++;
            if (i >= n) break;
            int eq = s.indexOf('=', i);
            if (eq < 0) return null;
            String name = s.substring(i, eq).strip().toLowerCase(java.util.Locale.ROOT);
            i = eq + 1;
            while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) i++;
            StringBuilder value = new StringBuilder();
            if (i < n && s.charAt(i) == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = s.charAt(i++);
                    if (c == '\\' && i < n) {
                        value.append(s.charAt(i++));
                    } else if (c == '"') {
                        closed = true;
                        break;
                    } else {
                        value.append(c);
                    }
                }
                if (!closed) return null;
            } else {
                while (i < n && s.charAt(i) != ',') value.append(s.charAt(i++));
            }
            if (name.isEmpty()) return null;
            out.putIfAbsent(name, value.toString().strip());
        }
        return out;
    }

    /** Every X-Matrix credential among several Authorization headers. */
    public static List<Credentials> parseAll(List<String> headers) {
        List<Credentials> out = new ArrayList<>();
        for (String h : headers) parse(h).ifPresent(out::add);
        return out;
    }
}
