package org.lightweb.federation.protocol.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.StateKey;

/**
 * Rules 8 and 9 (the sender's power against the event) and rule 10 ({@code m.room.power_levels} events), numbered
 * 7, 8 and 9 in v10/v11. Pure.
 */
final class PowerLevelRules {
    /** The top-level levels rules 10.1 and 10.6 look at. */
    private static final List<String> LEVELS = List.of("users_default", "events_default", "state_default", "ban",
            "redact", "kick", "invite");
    /** The maps of levels rules 10.2, 10.7 and 10.8 look at. */
    private static final List<String> LEVEL_MAPS = List.of("events", "notifications");

    private PowerLevelRules() {}

    /** 8. If the event type's required power level is greater than the sender's power level, reject. */
    static Optional<AuthResult> checkRequiredLevel(Pdu event, AuthState state, RoomVersion v) {
        PowerLevels levels = PowerLevels.of(state, v);
        long required = levels.required(event.type(), event.isState());
        long sender = levels.user(event.sender());
        if (required > sender) {
            return Optional.of(RuleNumbers.reject(v, "8", event.type() + " needs power level " + required
                    + ", sender has " + sender));
        }
        return Optional.empty();
    }

    /** 9. If the event has a state_key that starts with an @ and does not match the sender, reject. */
    static Optional<AuthResult> checkStateKeyOwner(Pdu event, RoomVersion v) {
        Optional<String> key = event.stateKey();
        if (key.isPresent() && key.get().startsWith("@") && !key.get().equals(event.sender())) {
            return Optional.of(RuleNumbers.reject(v, "9", "state_key " + key.get() + " belongs to another user"));
        }
        return Optional.empty();
    }

    /** 10. If type is m.room.power_levels. */
    static AuthResult checkPowerLevelsEvent(Pdu event, AuthState state, RoomVersion v) {
        JsonNode content = event.content();
        if (v.integerOnlyPowerLevels()) {
            // 10.1 If any of the properties users_default, events_default, state_default, ban, redact, kick, or
            // invite in content are present and not an integer, reject.
            for (String key : LEVELS) {
                if (content.has(key) && !content.get(key).isIntegralNumber()) {
                    return RuleNumbers.reject(v, "10.1", key + " is not an integer");
                }
            }
            // 10.2 If either of the properties events or notifications in content are present and not an object
            // with values that are integers, reject.
            for (String map : LEVEL_MAPS) {
                if (content.has(map) && !isObjectOfIntegers(content.get(map))) {
                    return RuleNumbers.reject(v, "10.2", map + " is not an object of integers");
                }
            }
        }
        // 10.3 If the users property in content is not an object with keys that are valid user IDs with values that
        // are integers, reject. (An absent users property is allowed, as Synapse does: it means no entries.)
        JsonNode users = content.get("users");
        if (users != null) {
            if (!isObjectOfIntegers(users)) return RuleNumbers.reject(v, "10.3", "users is not an object of integers");
            for (Iterator<String> it = users.fieldNames(); it.hasNext(); ) {
                String user = it.next();
                if (!Creators.isValidUserId(user)) return RuleNumbers.reject(v, "10.3", user + " is not a user ID");
            }
        }
        // 10.4 (v12) If the users property in content contains the sender of the m.room.create event or any of the
        // additional_creators, reject.
        if (v.creatorsHaveInfinitePower() && users != null && state.create().isPresent()) {
            for (String creator : Creators.all(state.create().get(), v)) {
                if (users.has(creator)) return RuleNumbers.reject(v, "10.4", "users lists the room creator " + creator);
            }
        }
        // 10.5 If there is no previous m.room.power_levels event in the room, allow.
        Optional<Pdu> previous = state.get(StateKey.powerLevels());
        if (previous.isEmpty()) return RuleNumbers.allow(v, "10.5", "the room's first power levels");
        return checkChanges(event, previous.get().content(), content, PowerLevels.of(state, v).user(event.sender()), v);
    }

    /** 10.6 to 10.11: what the sender may change, given their current power level. */
    private static AuthResult checkChanges(Pdu event, JsonNode before, JsonNode after, long sender, RoomVersion v) {
        // 10.6 For users_default, events_default, state_default, ban, redact, kick, invite check if they were
        // added, changed or removed. For each found alteration:
        for (String key : LEVELS) {
            Optional<Long> old = level(before.get(key));
            Optional<Long> now = level(after.get(key));
            if (old.equals(now)) continue;
            // 10.6.1 If the current value is higher than the sender's current power level, reject.
            if (old.isPresent() && old.get() > sender) return RuleNumbers.reject(v, "10.6.1", key + " is above the sender");
            // 10.6.2 If the new value is higher than the sender's current power level, reject.
            if (now.isPresent() && now.get() > sender) return RuleNumbers.reject(v, "10.6.2", key + " would be above the sender");
        }
        // 10.7 For each entry being changed in, or removed from, the events or notifications properties:
        // 10.7.1 If the current value is greater than the sender's current power level, reject.
        for (String map : LEVEL_MAPS) {
            for (String entry : keys(before.path(map), after.path(map))) {
                Optional<Long> old = level(before.path(map).get(entry));
                if (old.isPresent() && !old.equals(level(after.path(map).get(entry))) && old.get() > sender) {
                    return RuleNumbers.reject(v, "10.7.1", map + "." + entry + " is above the sender");
                }
            }
        }
        // 10.8 For each entry being added to, or changed in, the events or notifications properties:
        // 10.8.1 If the new value is greater than the sender's current power level, reject.
        for (String map : LEVEL_MAPS) {
            for (String entry : keys(before.path(map), after.path(map))) {
                Optional<Long> now = level(after.path(map).get(entry));
                if (now.isPresent() && !now.equals(level(before.path(map).get(entry))) && now.get() > sender) {
                    return RuleNumbers.reject(v, "10.8.1", map + "." + entry + " would be above the sender");
                }
            }
        }
        // 10.9 For each entry being changed in, or removed from, the users property, other than the sender's own:
        // 10.9.1 If the current value is greater than or equal to the sender's current power level, reject.
        for (String user : keys(before.path("users"), after.path("users"))) {
            Optional<Long> old = level(before.path("users").get(user));
            if (user.equals(event.sender()) || old.isEmpty() || old.equals(level(after.path("users").get(user)))) continue;
            if (old.get() >= sender) return RuleNumbers.reject(v, "10.9.1", user + " is not below the sender");
        }
        // 10.10 For each entry being added to, or changed in, the users property:
        // 10.10.1 If the new value is greater than the sender's current power level, reject.
        for (String user : keys(before.path("users"), after.path("users"))) {
            Optional<Long> now = level(after.path("users").get(user));
            if (now.isPresent() && !now.equals(level(before.path("users").get(user))) && now.get() > sender) {
                return RuleNumbers.reject(v, "10.10.1", user + " would be above the sender");
            }
        }
        // 10.11 Otherwise, allow.
        return RuleNumbers.allow(v, "10.11", "every change is within the sender's power");
    }

    private static boolean isObjectOfIntegers(JsonNode n) {
        if (!n.isObject()) return false;
        for (JsonNode value : n) if (!value.isIntegralNumber()) return false;
        return true;
    }

    private static Optional<Long> level(JsonNode n) {
        return n != null && n.isIntegralNumber() ? Optional.of(n.longValue()) : Optional.empty();
    }

    /** The entry names of two level maps, sorted so the first failing entry is the same on every server. */
    private static Set<String> keys(JsonNode a, JsonNode b) {
        Set<String> out = new TreeSet<>();
        a.fieldNames().forEachRemaining(out::add);
        b.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
