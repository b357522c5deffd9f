package org.lightweb.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;

/** Request bodies: JSON objects only, with the spec's errors for the rest. */
public final class Bodies {
    private Bodies() {}

    /** The body as a JSON object: M_NOT_JSON when it is not JSON, M_BAD_JSON when it is not an object. */
    public static ObjectNode json(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) throw MatrixException.notJson("Content not JSON");
        return parse(body);
    }

    /** Like {@link #json} but an empty body counts as {@code {}} (logout, some POSTs without parameters). */
    public static ObjectNode jsonOrEmpty(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) return Json.object();
        return parse(body);
    }

    private static ObjectNode parse(Buffer body) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(body.getBytes());
        } catch (JsonProcessingException e) {
            throw MatrixException.notJson("Content not JSON");
        } catch (java.io.IOException e) {
            throw MatrixException.notJson("Content not JSON");
        }
        if (node == null || !node.isObject()) throw MatrixException.badJson("Content must be a JSON object");
        return (ObjectNode) node;
    }

    /** An optional string field; M_BAD_JSON when present with another type. */
    public static String optString(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isTextual()) throw MatrixException.badJson("'" + field + "' must be a string");
        return n.asText();
    }

    /** A required string field; M_MISSING_PARAM when absent. */
    public static String string(JsonNode body, String field) {
        String s = optString(body, field);
        if (s == null) throw MatrixException.missingParam("Missing parameter: " + field);
        return s;
    }

    public static boolean optBool(JsonNode body, String field, boolean dflt) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) return dflt;
        if (!n.isBoolean()) throw MatrixException.badJson("'" + field + "' must be a boolean");
        return n.asBoolean();
    }
}
