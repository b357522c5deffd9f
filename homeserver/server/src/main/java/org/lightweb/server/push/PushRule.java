package org.lightweb.server.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Optional;
import org.lightweb.core.Json;

/**
 * One push rule of a user's ruleset: a server-default rule (its ID starts with a dot) or one the user made.
 *
 * @param conditions for override and underride rules; content, room and sender rules have predefined ones
 * @param pattern    for content rules: the glob matched word-wise against {@code content.body}
 */
record PushRule(Kind kind, String ruleId, boolean isDefault, boolean enabled, List<PushCondition> conditions,
                String pattern, ArrayNode actions) {

    /** The kinds, in the order they are checked (push module, "Push Rules"). */
    enum Kind {
        OVERRIDE, CONTENT, ROOM, SENDER, UNDERRIDE;

        String wire() { return name().toLowerCase(java.util.Locale.ROOT); }

        static Optional<Kind> of(String wire) {
            for (Kind k : values()) if (k.wire().equals(wire)) return Optional.of(k);
            return Optional.empty();
        }

        boolean hasConditions() { return this == OVERRIDE || this == UNDERRIDE; }
    }

    PushRule {
        conditions = List.copyOf(conditions);
    }

    /** {@code global/<kind>/<rule_id>}: how enabled flags and changed actions are keyed in storage. */
    String key() { return key(kind, ruleId); }

    static String key(Kind kind, String ruleId) { return "global/" + kind.wire() + "/" + ruleId; }

    /** The conditions the evaluator checks, including the predefined ones of content, room and sender rules. */
    List<PushCondition> effectiveConditions() {
        return switch (kind) {
            case OVERRIDE, UNDERRIDE -> conditions;
            case CONTENT -> List.of(new PushCondition.EventMatch("content.body", pattern));
            case ROOM -> List.of(new PushCondition.EventPropertyIs("room_id", TextNode.valueOf(ruleId)));
            case SENDER -> List.of(new PushCondition.EventPropertyIs("sender", TextNode.valueOf(ruleId)));
        };
    }

    PushRule withEnabled(boolean on) {
        return new PushRule(kind, ruleId, isDefault, on, conditions, pattern, actions);
    }

    PushRule withActions(ArrayNode newActions) {
        return new PushRule(kind, ruleId, isDefault, enabled, conditions, pattern, newActions);
    }

    /** The rule as the push rules API shows it (spec: PushRule). */
    ObjectNode toClientJson() {
        ObjectNode o = Json.object();
        o.set("actions", actions.deepCopy());
        o.put("default", isDefault);
        o.put("enabled", enabled);
        o.put("rule_id", ruleId);
        if (kind.hasConditions()) {
            ArrayNode c = o.putArray("conditions");
            conditions.forEach(x -> c.add(x.toJson()));
        }
        if (kind == Kind.CONTENT) o.put("pattern", pattern);
        return o;
    }

    /** What is stored for a user's own rule: conditions or pattern, and actions. */
    String toStoredJson() {
        ObjectNode o = Json.object();
        if (kind.hasConditions()) {
            ArrayNode c = o.putArray("conditions");
            conditions.forEach(x -> c.add(x.toJson()));
        }
        if (kind == Kind.CONTENT) o.put("pattern", pattern);
        o.set("actions", actions);
        return Json.write(o);
    }

    /** A user's stored rule; malformed stored conditions become unknown ones and never match. */
    static PushRule fromStored(Kind kind, String ruleId, boolean enabled, String json) {
        JsonNode o = Json.parse(json);
        List<PushCondition> conditions = new java.util.ArrayList<>();
        for (JsonNode c : o.path("conditions")) conditions.add(PushCondition.parse(c, false));
        ArrayNode actions = o.path("actions").isArray() ? (ArrayNode) o.get("actions") : Json.MAPPER.createArrayNode();
        return new PushRule(kind, ruleId, false, enabled, conditions, o.path("pattern").asText(""), actions);
    }
}
