package org.lightweb.server.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Pattern;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;

/**
 * A push rule condition (push module, "Conditions"). Unrecognised kinds are kept as they came and never match,
 * which disables their rule, as the spec requires.
 */
sealed interface PushCondition {
    /** Canonical JSON integers: [-(2^53)+1, (2^53)-1]. */
    long MAX_SAFE_INTEGER = (1L << 53) - 1;
    Pattern MEMBER_COUNT = Pattern.compile("^(==|<=|>=|<|>)?([0-9]+)$");

    JsonNode toJson();

    /** {@code event_match}: a glob on a string property; word-wise on {@code content.body}. */
    record EventMatch(String key, String pattern) implements PushCondition {
        public JsonNode toJson() { return Json.object().put("kind", "event_match").put("key", key).put("pattern", pattern); }
    }

    /** {@code event_property_is}: a property equals a string, integer, boolean or null, exactly. */
    record EventPropertyIs(String key, JsonNode value) implements PushCondition {
        public JsonNode toJson() { return withValue("event_property_is", key, value); }
    }

    /** {@code event_property_contains}: an array property holds the value, exactly. */
    record EventPropertyContains(String key, JsonNode value) implements PushCondition {
        public JsonNode toJson() { return withValue("event_property_contains", key, value); }
    }

    /** {@code contains_display_name}: the body mentions the user's display name in the room (deprecated, v1.17). */
    record ContainsDisplayName() implements PushCondition {
        public JsonNode toJson() { return Json.object().put("kind", "contains_display_name"); }
    }

    /** {@code room_member_count}: {@code is} is a number optionally prefixed by ==, <, >, >= or <=. */
    record RoomMemberCount(String is) implements PushCondition {
        public JsonNode toJson() { return Json.object().put("kind", "room_member_count").put("is", is); }
    }

    /** {@code sender_notification_permission}: the sender's power reaches {@code notifications[key]}. */
    record SenderNotificationPermission(String key) implements PushCondition {
        public JsonNode toJson() { return Json.object().put("kind", "sender_notification_permission").put("key", key); }
    }

    /** Any other condition, kept as it is; it never matches. */
    record Unknown(JsonNode json) implements PushCondition {
        public JsonNode toJson() { return json; }
    }

    private static ObjectNode withValue(String kind, String key, JsonNode value) {
        ObjectNode o = Json.object().put("kind", kind).put("key", key);
        o.set("value", value);
        return o;
    }

    /**
     * Reads a condition. With {@code strict} (a client's PUT) a recognised kind with missing or wrongly typed
     * parameters is refused with 400; otherwise (stored rules) it becomes {@link Unknown}.
     */
    static PushCondition parse(JsonNode json, boolean strict) {
        if (!json.isObject() || !json.path("kind").isTextual()) {
            if (strict) throw MatrixException.badJson("Each condition must be an object with a string 'kind'");
            return new Unknown(json);
        }
        try {
            return switch (json.get("kind").asText()) {
                case "event_match" -> new EventMatch(text(json, "key"), text(json, "pattern"));
                case "event_property_is" -> new EventPropertyIs(text(json, "key"), simpleValue(json));
                case "event_property_contains" -> new EventPropertyContains(text(json, "key"), simpleValue(json));
                case "contains_display_name" -> new ContainsDisplayName();
                case "room_member_count" -> new RoomMemberCount(memberCount(json));
                case "sender_notification_permission" -> new SenderNotificationPermission(text(json, "key"));
                default -> new Unknown(json);
            };
        } catch (MatrixException e) {
            if (strict) throw e;
            return new Unknown(json);
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode n = json.get(field);
        if (n == null || !n.isTextual()) {
            throw MatrixException.invalidParam(json.get("kind").asText() + " condition needs a string '" + field + "'");
        }
        return n.asText();
    }

    private static JsonNode simpleValue(JsonNode json) {
        JsonNode v = json.get("value");
        if (v == null || !isSimple(v)) {
            throw MatrixException.invalidParam(json.get("kind").asText()
                    + " condition needs a 'value': a string, an integer, a boolean or null");
        }
        return v;
    }

    private static String memberCount(JsonNode json) {
        String is = text(json, "is");
        if (!MEMBER_COUNT.matcher(is).matches()) {
            throw MatrixException.invalidParam("room_member_count 'is' must be a number, optionally after ==, <, >, >= or <=");
        }
        return is;
    }

    /** Whether a JSON value is one the property conditions compare: string, safe integer, boolean or null. */
    static boolean isSimple(JsonNode v) {
        if (v.isTextual() || v.isBoolean() || v.isNull()) return true;
        return v.isIntegralNumber() && v.canConvertToLong() && Math.abs(v.asLong()) <= MAX_SAFE_INTEGER;
    }

    /** Exact equality of two simple values; integers compare by value whatever their JSON width. */
    static boolean sameValue(JsonNode a, JsonNode b) {
        if (a == null || !isSimple(a) || !isSimple(b)) return false;
        if (a.isIntegralNumber() && b.isIntegralNumber()) return a.asLong() == b.asLong();
        if (a.isTextual() && b.isTextual()) return a.asText().equals(b.asText());
        if (a.isBoolean() && b.isBoolean()) return a.asBoolean() == b.asBoolean();
        return a.isNull() && b.isNull();
    }
}
