package org.lightweb.server.rooms.directory;

import io.vertx.core.Future;
import java.util.Optional;
import java.util.Set;
import org.lightweb.federation.protocol.StateKey;
import org.lightweb.federation.protocol.auth.PowerLevels;
import org.lightweb.server.http.Requester;
import org.lightweb.server.rooms.CanonicalAliases;
import org.lightweb.server.rooms.RoomEvents;
import org.lightweb.storage.rooms.RoomRepository;

/**
 * Who may change a room's directory entries (publish it, delete others' aliases): server admins, and members who
 * could send m.room.canonical_alias. The spec leaves this to servers; this is Synapse's
 * {@code Auth.check_can_change_room_list}.
 */
public final class RoomListPermission {
    private final RoomRepository rooms;
    private final RoomEvents roomEvents;

    public RoomListPermission(RoomRepository rooms, RoomEvents roomEvents) {
        this.rooms = rooms;
        this.roomEvents = roomEvents;
    }

    /** Whether {@code who} may change the directory entries of {@code roomId}, a room this server knows. */
    public Future<Boolean> canChange(Requester who, String roomId) {
        if (who.admin()) return Future.succeededFuture(true);
        String user = who.userId().toString();
        return rooms.membership(roomId, user).compose(m -> m.isPresent() && m.get().membership().equals("join")
                ? powerLevels(roomId).map(levels -> levels.user(user) >= levels.required(CanonicalAliases.TYPE, true))
                : Future.succeededFuture(false));
    }

    private Future<PowerLevels> powerLevels(String roomId) {
        return roomEvents.versionOf(roomId).compose(v -> roomEvents
                .stateEvents(roomId, v, Set.of(StateKey.powerLevels(), StateKey.create()))
                .map(state -> PowerLevels.of(Optional.ofNullable(state.get(StateKey.powerLevels())),
                        Optional.ofNullable(state.get(StateKey.create())), v)));
    }
}
