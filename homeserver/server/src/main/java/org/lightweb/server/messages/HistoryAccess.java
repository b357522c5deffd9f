package org.lightweb.server.messages;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.core.UserId;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.RoomPosition;
import org.lightweb.storage.rooms.RoomRepository;
import org.lightweb.storage.rooms.StateKeyId;

/**
 * Who may read a room's history at all (Synapse's check_user_in_room_or_world_readable): its members, former
 * members up to the point they left or were banned, and anyone when the room is world-readable. Everyone else,
 * and any unknown room, gets 403 M_FORBIDDEN. Which events within that a user sees is history visibility's call.
 */
final class HistoryAccess {
    private static final StateKeyId HISTORY_VISIBILITY = new StateKeyId("m.room.history_visibility", "");

    /** @param until the point after the user's leave or ban; empty for a member or a world-readable room */
    record Grant(Optional<RoomPosition> until) {
        /** {@code p}, or the leave when the user left before it. */
        RoomPosition clamp(RoomPosition p) {
            return until.filter(u -> u.compareTo(p) < 0).orElse(p);
        }
    }

    private final EventRepository events;
    private final RoomRepository rooms;

    HistoryAccess(EventRepository events, RoomRepository rooms) {
        this.events = events;
        this.rooms = rooms;
    }

    Future<Grant> check(UserId user, String roomId) {
        return rooms.membership(roomId, user.toString()).compose(m -> {
            String membership = m.map(x -> x.membership()).orElse("");
            if (membership.equals("join")) return Future.succeededFuture(new Grant(Optional.empty()));
            if (membership.equals("leave") || membership.equals("ban")) {
                return events.event(m.get().eventId()).map(leave -> new Grant(leave.map(RoomPosition::after)));
            }
            return events.currentStateEvents(roomId, List.of(HISTORY_VISIBILITY)).compose(state -> {
                var hv = state.get(HISTORY_VISIBILITY);
                boolean readable = hv != null && Json.parse(hv.json()).path("content").path("history_visibility")
                        .asText("").equals("world_readable");
                return readable ? Future.succeededFuture(new Grant(Optional.empty()))
                        : Future.failedFuture(MatrixException.forbidden("You are not allowed to read the history of " + roomId));
            });
        });
    }
}
