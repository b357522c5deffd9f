package org.lightweb.server.federation.events;

import io.vertx.core.Future;
import java.util.List;
import org.lightweb.core.MatrixException;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.RoomRepository;
import org.lightweb.storage.rooms.StateKeyId;

/**
 * Whether another server may read a room's events over federation at all (the room-level gate): a user of that
 * server is or was in the room (any membership), or the room's history is world_readable; and the room's server ACL
 * does not deny it. 404 for an unknown room, 403 otherwise. Which events it then sees unredacted is decided per
 * event by {@link ServerVisibility}.
 */
final class ServerAccess {
    private static final StateKeyId HISTORY = new StateKeyId("m.room.history_visibility", "");

    private final RoomRepository rooms;
    private final EventRepository events;
    private final EventReceiver receiver;

    ServerAccess(RoomRepository rooms, EventRepository events, EventReceiver receiver) {
        this.rooms = rooms;
        this.events = events;
        this.receiver = receiver;
    }

    /** The room's version when {@code origin} may read it; fails with M_NOT_FOUND or M_FORBIDDEN. */
    Future<RoomVersion> check(String origin, String roomId) {
        return rooms.room(roomId).compose(room -> {
            if (room.isEmpty()) return Future.failedFuture(MatrixException.notFound("Unknown room " + roomId));
            RoomVersion v = RoomVersion.of(room.get().roomVersion())
                    .orElseThrow(() -> MatrixException.notFound("Unknown room " + roomId));
            return receiver.aclAllows(roomId, origin, v).compose(allowed -> {
                if (!allowed) return Future.failedFuture(MatrixException.forbidden("Server is banned from this room"));
                return rooms.members(roomId).compose(members -> {
                    boolean present = members.stream().anyMatch(m -> EventReceiver.serverOf(m.userId()).equals(origin));
                    if (present) return Future.succeededFuture(v);
                    return events.currentStateEvents(roomId, List.of(HISTORY)).compose(found -> {
                        var h = found.get(HISTORY);
                        boolean worldReadable = h != null && "world_readable".equals(
                                EventReads.pduJson(h).path("content").path("history_visibility").asText(null));
                        return worldReadable ? Future.succeededFuture(v)
                                : Future.failedFuture(MatrixException.forbidden("Host not in room"));
                    });
                });
            });
        });
    }
}
