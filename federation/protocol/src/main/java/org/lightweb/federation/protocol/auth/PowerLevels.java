package org.lightweb.federation.protocol.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.Set;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.StateKey;

/**
 * Power levels as the auth rules read them from {@code m.room.power_levels} (client-server API, the event's
 * schema; server-server API, "Definitions"), with the defaults that apply when a key or the whole event is absent.
 * Room creators have {@link #INFINITE} power from v12 ({@link RoomVersion#creatorsHaveInfinitePower}); before v12,
 * with no power levels event, the creator has 100 and everyone else 0.
 */
public final class PowerLevels {
    /** A creator's level from v12: above any level JSON can carry (canonical JSON integers stop at 2^53 - 1). */
    public static final long INFINITE = Long.MAX_VALUE;
    static final long CREATOR_WITHOUT_POWER_LEVELS = 100;

    private final JsonNode content;          // null when the room has no m.room.power_levels event
    private final Set<String> infinite;      // v12 room creators
    private final Optional<String> creator;  // v10/v11: the creator, who has 100 while there is no power levels event

    private PowerLevels(JsonNode content, Set<String> infinite, Optional<String> creator) {
        this.content = content;
        this.infinite = infinite;
        this.creator = creator;
    }

    /** The levels in {@code state}, whose create event is {@code create}. */
    public static PowerLevels of(Optional<Pdu> powerLevels, Optional<Pdu> create, RoomVersion v) {
        Set<String> infinite = v.creatorsHaveInfinitePower() && create.isPresent() ? Creators.all(create.get(), v) : Set.of();
        Optional<String> creator = v.creatorsHaveInfinitePower() ? Optional.empty() : create.flatMap(c -> Creators.creator(c, v));
        return new PowerLevels(powerLevels.map(Pdu::content).orElse(null), infinite, creator);
    }

    static PowerLevels of(AuthState state, RoomVersion v) {
        return of(state.get(StateKey.powerLevels()), state.create(), v);
    }

    /** Whether the room has an {@code m.room.power_levels} event. */
    public boolean exist() { return content != null; }

    /** A user's level: infinite for v12 creators, else {@code users}, else {@code users_default} (0). */
    public long user(String userId) {
        if (infinite.contains(userId)) return INFINITE;
        if (content == null) return creator.map(userId::equals).orElse(false) ? CREATOR_WITHOUT_POWER_LEVELS : 0;
        JsonNode own = content.path("users").get(userId);
        return own != null && own.isIntegralNumber() ? own.longValue() : named("users_default", 0);
    }

    /**
     * The event type's required power level: {@code events[type]}, else {@code state_default} (50) for state events
     * or {@code events_default} (0) for the others. The defaults hold with no power levels event too.
     */
    public long required(String type, boolean isState) {
        JsonNode own = content == null ? null : content.path("events").get(type);
        if (own != null && own.isIntegralNumber()) return own.longValue();
        return isState ? named("state_default", 50) : named("events_default", 0);
    }

    /** The invite level (default 0). */
    public long invite() { return named("invite", 0); }

    /** The kick level (default 50). */
    public long kick() { return named("kick", 50); }

    /** The ban level (default 50). */
    public long ban() { return named("ban", 50); }

    /** The redact level (default 50); the auth rules never read it, the redaction handling does. */
    public long redact() { return named("redact", 50); }

    /** A top-level level; a non-integer counts as absent (v10+ rule 10.1 keeps them out of accepted events). */
    private long named(String key, long dflt) {
        JsonNode n = content == null ? null : content.get(key);
        return n != null && n.isIntegralNumber() ? n.longValue() : dflt;
    }
}
