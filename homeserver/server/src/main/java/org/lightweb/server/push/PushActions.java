package org.lightweb.server.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;

/**
 * Push rule actions (push module, "Actions"): {@code notify}, {@code set_tweak} objects ({@code sound},
 * {@code highlight} and any tweak clients agree on), and the historical {@code dont_notify} and {@code coalesce},
 * which are accepted but ignored.
 */
final class PushActions {
    private PushActions() {}

    /** Checks a client's actions array: 400 when it is not an array of known actions. */
    static ArrayNode validate(JsonNode actions) {
        if (actions == null || actions.isNull()) throw MatrixException.missingParam("Missing 'actions'");
        if (!actions.isArray()) throw MatrixException.badJson("'actions' must be an array");
        for (JsonNode a : actions) {
            boolean named = a.isTextual() && (a.asText().equals("notify") || a.asText().equals("dont_notify")
                    || a.asText().equals("coalesce"));
            boolean tweak = a.isObject() && a.path("set_tweak").isTextual();
            if (!named && !tweak) throw MatrixException.invalidParam("Unrecognised action: " + a);
        }
        return (ArrayNode) actions;
    }

    /** The actions without the historical ones, which "MUST be ignored" (an array of only dont_notify is empty). */
    static ArrayNode withoutLegacy(JsonNode actions) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        if (actions == null || !actions.isArray()) return out;
        for (JsonNode a : actions) {
            if (a.isTextual() && (a.asText().equals("dont_notify") || a.asText().equals("coalesce"))) continue;
            out.add(a);
        }
        return out;
    }

    static boolean notifies(JsonNode actions) {
        for (JsonNode a : actions) if (a.isTextual() && a.asText().equals("notify")) return true;
        return false;
    }

    /** The highlight tweak: true when set without a value or with {@code true}; false when absent. */
    static boolean highlights(JsonNode actions) {
        boolean highlight = false;
        for (JsonNode a : actions) {
            if (a.isObject() && "highlight".equals(a.path("set_tweak").asText(null))) {
                JsonNode v = a.get("value");
                highlight = v == null || (v.isBoolean() && v.asBoolean());
            }
        }
        return highlight;
    }
}
