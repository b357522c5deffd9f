package org.lightweb.server.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import org.lightweb.federation.protocol.RoomVersion;

/**
 * The m.room.power_levels contents a room upgrade sends (client-server API, Room upgrades, server behaviour 3
 * and 6), as Synapse's clone_existing_room and _update_upgraded_room_pls write them. Pure: the old room's content
 * is copied, never changed.
 */
final class UpgradePowerLevels {
    static final String TOMBSTONE = "m.room.tombstone";
    /** The tombstone level v12 rooms get when theirs is not above state_default (createRoom, step 3: "150"). */
    static final long V12_TOMBSTONE = 150;
    /** The least level a locked-down old room asks for sending and inviting: moderators'. */
    static final long MODERATOR = 50;

    private UpgradePowerLevels() {}

    /**
     * The replacement room's first levels: the old room's, with the upgrader raised (if need be) to the level
     * copying the state and the bans needs: max(state_default, ban, every events level). {@link #afterCopying}
     * takes the raise back once the copies are sent.
     */
    static ObjectNode whileCopying(ObjectNode old, String upgrader, Set<String> creators, RoomVersion newVersion) {
        ObjectNode pl = old.deepCopy();
        long needed = Math.max(level(pl, "state_default", 50), level(pl, "ban", 50));
        JsonNode events = pl.path("events");
        for (Iterator<JsonNode> it = events.elements(); it.hasNext(); ) {
            JsonNode n = it.next();
            if (n.isIntegralNumber()) needed = Math.max(needed, n.longValue());
        }
        ObjectNode users = users(pl);
        JsonNode own = users.get(upgrader);
        long current = own != null && own.isIntegralNumber() ? own.longValue() : level(pl, "users_default", 0);
        if (current < needed) users.put(upgrader, needed);
        return forVersion(pl, creators, newVersion);
    }

    /** The replacement room's levels once the copies are sent: the old room's, as the new version allows them. */
    static ObjectNode afterCopying(ObjectNode old, Set<String> creators, RoomVersion newVersion) {
        return forVersion(old.deepCopy(), creators, newVersion);
    }

    /**
     * The old room's levels after the upgrade: events_default and invite raised to max(50, users_default + 1), so
     * that ordinary members can neither talk nor invite any more. Empty when both are that high already.
     */
    static Optional<ObjectNode> lockedDown(ObjectNode old) {
        long restricted = Math.max(level(old, "users_default", 0) + 1, MODERATOR);
        ObjectNode pl = old.deepCopy();
        boolean changed = false;
        for (String key : new String[] {"invite", "events_default"}) {
            if (level(pl, key, 0) < restricted) {
                pl.put(key, restricted);
                changed = true;
            }
        }
        return changed ? Optional.of(pl) : Optional.empty();
    }

    /**
     * From v12 ({@link RoomVersion#creatorsHaveInfinitePower}): the creators are left out of users (auth rule
     * 10.4 forbids them there), and sending a tombstone needs more than state_default.
     */
    private static ObjectNode forVersion(ObjectNode pl, Set<String> creators, RoomVersion v) {
        if (!v.creatorsHaveInfinitePower()) return pl;
        ObjectNode users = users(pl);
        creators.forEach(users::remove);
        long stateDefault = level(pl, "state_default", 50);
        JsonNode tombstone = pl.path("events").get(TOMBSTONE);
        if (tombstone == null || !tombstone.isIntegralNumber() || tombstone.longValue() <= stateDefault) {
            ObjectNode events = pl.get("events") instanceof ObjectNode e ? e : pl.putObject("events");
            events.put(TOMBSTONE, Math.max(V12_TOMBSTONE, stateDefault + 1));
        }
        return pl;
    }

    private static ObjectNode users(ObjectNode pl) {
        return pl.get("users") instanceof ObjectNode u ? u : pl.putObject("users");
    }

    /** A top-level level; absent or not an integer counts as the default, as the auth rules read it. */
    private static long level(JsonNode pl, String key, long dflt) {
        JsonNode n = pl.get(key);
        return n != null && n.isIntegralNumber() ? n.longValue() : dflt;
    }
}
