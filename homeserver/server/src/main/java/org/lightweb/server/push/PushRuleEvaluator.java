package org.lightweb.server.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Optional;
import java.util.regex.Matcher;
import org.lightweb.core.Json;
import org.lightweb.server.push.PushCondition.ContainsDisplayName;
import org.lightweb.server.push.PushCondition.EventMatch;
import org.lightweb.server.push.PushCondition.EventPropertyContains;
import org.lightweb.server.push.PushCondition.EventPropertyIs;
import org.lightweb.server.push.PushCondition.RoomMemberCount;
import org.lightweb.server.push.PushCondition.SenderNotificationPermission;

/**
 * Runs a user's push rules over one event (push module, "Push Rules"): the first enabled rule whose conditions
 * all hold decides, and its actions (without the historical ones) are the result; no match means no actions.
 * Pure: everything it reads is in its arguments.
 */
final class PushRuleEvaluator {
    /** The default level {@code notifications.room} and any other notification key need (m.room.power_levels). */
    static final long DEFAULT_NOTIFICATION_LEVEL = 50;

    private PushRuleEvaluator() {}

    /**
     * The event and its room as every member's evaluation sees them.
     *
     * @param event              the event's JSON (type, content, sender, state_key, room_id, event_id ...)
     * @param roomMemberCount    the room's joined members
     * @param senderPowerLevel   the sender's power level in the room
     * @param notificationLevels the {@code notifications} object of the room's power levels (may be missing)
     */
    record Input(JsonNode event, long roomMemberCount, long senderPowerLevel, JsonNode notificationLevels,
                 java.util.Map<PushCondition, Boolean> known) {
        /**
         * {@code known}: what the conditions that do not depend on the member came to, kept for the event's other
         * members. Every member's rules share most conditions (the default rules, and each condition of a member's
         * own rules that someone else has too): a room of a hundred members evaluates each of them once per event.
         */
        Input(JsonNode event, long roomMemberCount, long senderPowerLevel, JsonNode notificationLevels) {
            this(event, roomMemberCount, senderPowerLevel, notificationLevels, new java.util.concurrent.ConcurrentHashMap<>());
        }

        /** Events that say whom they mention (MSC3952) bypass the legacy body-mention rules. */
        boolean hasMentions() { return event.path("content").has("m.mentions"); }
    }

    /** The actions for {@code userId} (display name in the room: {@code displayName}, may be null). */
    static ArrayNode evaluate(PushRuleSet rules, Input in, String displayName) {
        return firstMatch(rules, in, displayName).map(r -> PushActions.withoutLegacy(r.actions()))
                .orElseGet(Json.MAPPER::createArrayNode);
    }

    /** The rule that decides: the first enabled one whose conditions all hold. */
    static Optional<PushRule> firstMatch(PushRuleSet rules, Input in, String displayName) {
        boolean mentions = in.hasMentions();
        for (PushRule rule : rules.rules()) {
            if (!rule.enabled()) continue;
            if (mentions && rule.isDefault() && DefaultRules.LEGACY_MENTION_RULES.contains(rule.ruleId())) continue;
            if (allMatch(rule, in, displayName)) return Optional.of(rule);
        }
        return Optional.empty();
    }

    private static boolean allMatch(PushRule rule, Input in, String displayName) {
        for (PushCondition c : rule.effectiveConditions()) {
            if (!matches(c, in, displayName)) return false;
        }
        return true;
    }

    /** Whether one condition holds (push module, "Conditions"). */
    static boolean matches(PushCondition c, Input in, String displayName) {
        if (c instanceof ContainsDisplayName) return containsDisplayName(in.event(), displayName);
        Boolean known = in.known().get(c);
        if (known != null) return known;
        boolean holds = holds(c, in);
        in.known().put(c, holds);
        return holds;
    }

    /** A condition that depends on the event and the room only. */
    private static boolean holds(PushCondition c, Input in) {
        if (c instanceof EventMatch m) return eventMatch(m, in.event());
        if (c instanceof EventPropertyIs p) return PushCondition.sameValue(PropertyPath.lookup(in.event(), p.key()), p.value());
        if (c instanceof EventPropertyContains p) return contains(PropertyPath.lookup(in.event(), p.key()), p.value());
        if (c instanceof RoomMemberCount r) return memberCount(r.is(), in.roomMemberCount());
        if (c instanceof SenderNotificationPermission s) {
            return in.senderPowerLevel() >= requiredLevel(in.notificationLevels(), s.key());
        }
        return false;   // Unknown: "Unrecognised conditions MUST NOT match any events"
    }

    /** A string property matched by a glob: the whole value, or word-wise for {@code content.body}. */
    private static boolean eventMatch(EventMatch m, JsonNode event) {
        JsonNode value = PropertyPath.lookup(event, m.key());
        if (value == null || !value.isTextual()) return false;
        return m.key().equals("content.body") ? Glob.matchesWord(m.pattern(), value.asText())
                : Glob.matchesWhole(m.pattern(), value.asText());
    }

    /** An array property holding the value; elements that are not simple values are ignored. */
    private static boolean contains(JsonNode array, JsonNode value) {
        if (array == null || !array.isArray()) return false;
        for (JsonNode element : array) if (PushCondition.sameValue(element, value)) return true;
        return false;
    }

    /** The body mentions the display name as a word; an empty name never matches (it would match everything). */
    private static boolean containsDisplayName(JsonNode event, String displayName) {
        if (displayName == null || displayName.isBlank()) return false;
        JsonNode body = event.path("content").get("body");
        return body != null && body.isTextual() && Glob.containsWord(displayName, body.asText());
    }

    private static boolean memberCount(String is, long count) {
        Matcher m = PushCondition.MEMBER_COUNT.matcher(is);
        if (!m.matches()) return false;
        long n;
        try {
            n = Long.parseLong(m.group(2));
        } catch (NumberFormatException e) {
            return false;
        }
        String op = m.group(1) == null ? "==" : m.group(1);
        return switch (op) {
            case "<" -> count < n;
            case ">" -> count > n;
            case "<=" -> count <= n;
            case ">=" -> count >= n;
            default -> count == n;
        };
    }

    private static long requiredLevel(JsonNode notifications, String key) {
        JsonNode n = notifications == null ? null : notifications.get(key);
        return n != null && n.isIntegralNumber() ? n.asLong() : DEFAULT_NOTIFICATION_LEVEL;
    }
}
