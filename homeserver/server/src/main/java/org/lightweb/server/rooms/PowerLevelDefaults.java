package org.lightweb.server.rooms;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.lightweb.core.Json;
import org.lightweb.core.UserId;
import org.lightweb.federation.protocol.RoomVersion;

/** The m.room.power_levels content of a new room, as Synapse writes it (room_creation.py). */
final class PowerLevelDefaults {
    private PowerLevelDefaults() {}

    /**
     * @param equals   users with the creator's power (trusted_private_chat invitees)
     * @param anyoneInvites private presets let every member invite (invite: 0)
     */
    static ObjectNode forNewRoom(RoomVersion v, UserId creator, List<UserId> equals, boolean anyoneInvites) {
        ObjectNode pl = Json.object();
        ObjectNode users = pl.putObject("users");
        // v12: creators have infinite power and must not be listed (auth rule 10.4).
        if (!v.creatorsHaveInfinitePower()) {
            users.put(creator.toString(), 100);
            equals.forEach(u -> users.put(u.toString(), 100));
        }
        pl.put("users_default", 0);
        ObjectNode events = pl.putObject("events");
        events.put("m.room.name", 50);
        events.put("m.room.power_levels", 100);
        events.put("m.room.history_visibility", 100);
        events.put("m.room.canonical_alias", 50);
        events.put("m.room.avatar", 50);
        // v12: tombstones must need more than state_default (spec, createRoom step 3).
        events.put("m.room.tombstone", v.creatorsHaveInfinitePower() ? 150 : 100);
        events.put("m.room.server_acl", 100);
        events.put("m.room.encryption", 100);
        pl.put("events_default", 0);
        pl.put("state_default", 50);
        pl.put("ban", 50);
        pl.put("kick", 50);
        pl.put("redact", 50);
        pl.put("invite", anyoneInvites ? 0 : 50);
        pl.putObject("notifications").put("room", 50);
        return pl;
    }
}
