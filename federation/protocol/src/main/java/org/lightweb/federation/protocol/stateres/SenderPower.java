package org.lightweb.federation.protocol.stateres;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.RoomVersion;

/**
 * The power level of an event's sender "when looking at their respective {@code auth_event}s", the first comparison
 * of the reverse topological power ordering: the sender's entry in the power levels event among the event's auth
 * events, else its {@code users_default}, else 0. Without a power levels event the room creator has 100 (the auth
 * rules' defaults). From room version 12 the room creators (the create event's sender and
 * {@code additional_creators}) have infinite power whatever the power levels say.
 */
final class SenderPower {
    /** The "infinitely high" power level of v12 room creators; above any integer a power levels event can hold. */
    static final long INFINITE = Long.MAX_VALUE;
    private static final long CREATOR_WITHOUT_POWER_LEVELS = 100;

    private SenderPower() {}

    static long of(Pdu event, EventGraph graph) {
        RoomVersion version = graph.version();
        Optional<Pdu> create = graph.createEvent(event);
        if (version.creatorsHaveInfinitePower() && create.isPresent() && creators(create.get(), version).contains(event.sender())) {
            return INFINITE;
        }
        Optional<Pdu> powerLevels = graph.powerLevelsAuthEvent(event);
        if (powerLevels.isPresent()) return userLevel(powerLevels.get().content(), event.sender());
        boolean creator = create.isPresent() && creators(create.get(), version).contains(event.sender());
        return creator ? CREATOR_WITHOUT_POWER_LEVELS : 0;
    }

    /** {@code users[user]}, else {@code users_default}, else 0. */
    static long userLevel(JsonNode powerLevelsContent, String user) {
        JsonNode level = powerLevelsContent.path("users").path(user);
        if (level.isIntegralNumber()) return level.asLong();
        JsonNode fallback = powerLevelsContent.path("users_default");
        return fallback.isIntegralNumber() ? fallback.asLong() : 0;
    }

    /**
     * The room creators: before v11 {@code content.creator}, from v11 the create event's sender, and from v12 also
     * the users in {@code content.additional_creators}.
     */
    static Set<String> creators(Pdu create, RoomVersion version) {
        Set<String> creators = new HashSet<>();
        if (version.implicitRoomCreator()) {
            creators.add(create.sender());
        } else if (create.content().path("creator").isTextual()) {
            creators.add(create.content().path("creator").asText());
        }
        if (version.creatorsHaveInfinitePower()) {
            for (JsonNode extra : create.content().path("additional_creators")) {
                if (extra.isTextual()) creators.add(extra.asText());
            }
        }
        return creators;
    }
}
