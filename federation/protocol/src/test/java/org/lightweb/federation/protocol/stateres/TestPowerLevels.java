package org.lightweb.federation.protocol.stateres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.RoomVersion;

/**
 * Power levels as the test auth rules read them (rooms/v12.md "Authorization rules" with the defaults of
 * {@code m.room.power_levels}), and rule 10 on changing them.
 */
final class TestPowerLevels {
    private static final List<String> LEVEL_KEYS = List.of("users_default", "events_default", "state_default", "ban", "redact", "kick", "invite");

    private final RoomVersion version;
    private final Set<String> creators;
    private final JsonNode content;   // null when there is no power levels event

    TestPowerLevels(RoomVersion version, Pdu create, Optional<Pdu> powerLevels) {
        this.version = version;
        this.creators = SenderPower.creators(create, version);
        this.content = powerLevels.map(Pdu::content).orElse(null);
    }

    long of(String user) {
        if (version.creatorsHaveInfinitePower() && creators.contains(user)) return Long.MAX_VALUE;
        if (content == null) return creators.contains(user) ? 100 : 0;
        return SenderPower.userLevel(content, user);
    }

    long invite() { return level("invite", 0, 0); }

    long kick() { return level("kick", 50, 50); }

    long ban() { return level("ban", 50, 50); }

    /** The event type's required power level: {@code events[type]}, else state_default or events_default. */
    long required(Pdu event) {
        if (content != null && content.path("events").path(event.type()).isIntegralNumber()) {
            return content.path("events").path(event.type()).asLong();
        }
        return event.isState() ? level("state_default", 50, 0) : level("events_default", 0, 0);
    }

    private long level(String key, long defaultValue, long withoutPowerLevels) {
        if (content == null) return withoutPowerLevels;
        JsonNode value = content.path(key);
        return value.isIntegralNumber() ? value.asLong() : defaultValue;
    }

    /** Rule 10 for a power levels event, given the current one (if any) and the sender's power. */
    static boolean changeAllowed(Pdu event, Optional<Pdu> current, TestPowerLevels power, Pdu create) {
        JsonNode next = event.content();
        for (String key : LEVEL_KEYS) {
            if (next.has(key) && !next.get(key).isIntegralNumber()) return false;                          // 10.1
        }
        for (String key : List.of("events", "notifications")) {
            if (next.has(key) && !integerValues(next.get(key))) return false;                               // 10.2
        }
        if (next.has("users")) {                                                                            // 10.3
            if (!integerValues(next.get("users"))) return false;
            for (Iterator<String> users = next.get("users").fieldNames(); users.hasNext(); ) {
                String user = users.next();
                if (!user.startsWith("@") || !user.contains(":")) return false;
            }
        }
        if (event.roomVersion().creatorsHaveInfinitePower()) {                                              // 10.4
            for (String creator : SenderPower.creators(create, event.roomVersion())) {
                if (next.path("users").has(creator)) return false;
            }
        }
        if (current.isEmpty()) return true;                                                                 // 10.5
        JsonNode old = current.get().content();
        long sender = power.of(event.sender());
        for (String key : LEVEL_KEYS) {                                                                     // 10.6
            JsonNode before = old.get(key);
            JsonNode after = next.get(key);
            if (before == null ? after == null : before.equals(after)) continue;
            if (before != null && before.asLong() > sender) return false;
            if (after != null && after.asLong() > sender) return false;
        }
        for (String key : List.of("events", "notifications")) {
            JsonNode before = old.path(key).isObject() ? old.get(key) : JsonNodeFactory.instance.objectNode();
            JsonNode after = next.path(key).isObject() ? next.get(key) : JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> entry : before.properties()) {                                 // 10.7
                if (!entry.getValue().equals(after.get(entry.getKey())) && entry.getValue().asLong() > sender) return false;
            }
            for (Map.Entry<String, JsonNode> entry : after.properties()) {                                  // 10.8
                if (!entry.getValue().equals(before.get(entry.getKey())) && entry.getValue().asLong() > sender) return false;
            }
        }
        JsonNode usersBefore = old.path("users").isObject() ? old.get("users") : JsonNodeFactory.instance.objectNode();
        JsonNode usersAfter = next.path("users").isObject() ? next.get("users") : JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> entry : usersBefore.properties()) {                                // 10.9
            if (entry.getKey().equals(event.sender())) continue;
            if (!entry.getValue().equals(usersAfter.get(entry.getKey())) && entry.getValue().asLong() >= sender) return false;
        }
        for (Map.Entry<String, JsonNode> entry : usersAfter.properties()) {                                 // 10.10
            if (!entry.getValue().equals(usersBefore.get(entry.getKey())) && entry.getValue().asLong() > sender) return false;
        }
        return true;                                                                                        // 10.11
    }

    private static boolean integerValues(JsonNode object) {
        if (!object.isObject()) return false;
        for (JsonNode value : object) {
            if (!value.isIntegralNumber()) return false;
        }
        return true;
    }
}
