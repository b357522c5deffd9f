package org.lightweb.server.rooms;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.core.UserId;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.Membership;
import org.lightweb.storage.rooms.RoomRepository;
import org.lightweb.storage.rooms.StateKeyId;
import org.lightweb.storage.rooms.StoredEvent;

/**
 * What a user may read of a room's state and events: members read the current state, former members the state
 * when they left, anyone the state of a world-readable room; single events go through history visibility.
 */
public final class RoomReads {
    private final EventRepository events;
    private final RoomRepository rooms;
    private final EventVisibility visibility;

    public RoomReads(EventRepository events, RoomRepository rooms, EventVisibility visibility) {
        this.events = events;
        this.rooms = rooms;
        this.visibility = visibility;
    }

    /** The state the user may see: (type, state_key) -> event id. 403 when they may see none. */
    public Future<Map<StateKeyId, String>> visibleState(UserId user, String roomId) {
        return rooms.room(roomId).compose(room -> {
            if (room.isEmpty()) return Future.failedFuture(MatrixException.forbidden("You are not in room " + roomId));
            return rooms.membership(roomId, user.toString()).compose(m -> {
                String membership = m.map(Membership::membership).orElse(null);
                if ("join".equals(membership)) return events.currentState(roomId);
                if ("leave".equals(membership) || "ban".equals(membership)) {
                    return events.event(m.get().eventId()).compose(e -> events.stateOfGroup(e.orElseThrow().stateAfter()));
                }
                return events.currentState(roomId).compose(state -> worldReadable(state).compose(readable -> readable
                        ? Future.succeededFuture(state)
                        : Future.failedFuture(MatrixException.forbidden("You are not in room " + roomId))));
            });
        });
    }

    private Future<Boolean> worldReadable(Map<StateKeyId, String> state) {
        String hv = state.get(new StateKeyId("m.room.history_visibility", ""));
        if (hv == null) return Future.succeededFuture(false);
        return events.event(hv).map(e -> e.map(x -> Json.parse(x.json()).path("content").path("history_visibility")
                .asText("").equals("world_readable")).orElse(false));
    }

    /** The state events the user may see, sorted by type and state key. */
    public Future<List<StoredEvent>> stateEvents(UserId user, String roomId) {
        return visibleState(user, roomId).compose(state -> events.events(state.values())).map(found -> {
            List<StoredEvent> out = new ArrayList<>(found.values());
            out.sort(Comparator.comparing(StoredEvent::type).thenComparing(StoredEvent::stateKey));
            return out;
        });
    }

    /** One state event; 404 M_NOT_FOUND when the room has none for the key. */
    public Future<StoredEvent> stateEvent(UserId user, String roomId, String type, String stateKey) {
        return visibleState(user, roomId).compose(state -> {
            String id = state.get(new StateKeyId(type, stateKey));
            if (id == null) return Future.failedFuture(MatrixException.notFound("Event not found"));
            return events.event(id).map(Optional::orElseThrow);
        });
    }

    /** An event the user may see; 404 M_NOT_FOUND otherwise (not saying whether it exists). */
    public Future<StoredEvent> event(UserId user, String roomId, String eventId) {
        return events.event(eventId).compose(e -> {
            // Not in the timeline (outliers, rejected and soft-failed events received over federation): never served.
            if (e.isEmpty() || !e.get().roomId().equals(roomId) || e.get().streamOrdering() == null) {
                return Future.failedFuture(MatrixException.notFound("Event not found"));
            }
            return visibility.canSee(user, e.get()).compose(ok -> ok ? Future.succeededFuture(e.get())
                    : Future.failedFuture(MatrixException.notFound("Event not found")));
        });
    }

    /**
     * The member events of a room as the user may see them, at the given stream position if any (the event
     * stream part of a sync token), filtered by membership.
     */
    public Future<List<StoredEvent>> members(UserId user, String roomId, Long at, String membership, String notMembership) {
        Future<Map<StateKeyId, String>> state = visibleState(user, roomId).compose(visible -> at == null
                ? Future.succeededFuture(visible)
                : events.stateGroupAt(roomId, at).compose(g -> g.isEmpty() ? Future.succeededFuture(Map.of())
                        : events.stateOfGroup(g.get())));
        return state.compose(s -> events.events(s.entrySet().stream()
                        .filter(e -> e.getKey().type().equals("m.room.member")).map(Map.Entry::getValue).toList()))
                .map(found -> found.values().stream()
                        .filter(e -> membership == null || membership.equals(e.membership()))
                        .filter(e -> notMembership == null || !notMembership.equals(e.membership()))
                        .sorted(Comparator.comparing(StoredEvent::stateKey))
                        .toList());
    }

    /** Joined members with their display names and avatars; only for members of the room. */
    public Future<List<StoredEvent>> joinedMembers(UserId user, String roomId) {
        return rooms.membership(roomId, user.toString()).compose(m -> {
            if (m.isEmpty() || !m.get().membership().equals("join")) {
                return Future.failedFuture(MatrixException.forbidden("You are not in room " + roomId));
            }
            return members(user, roomId, null, "join", null);
        });
    }

    public Future<List<String>> joinedRooms(UserId user) {
        return rooms.roomsOf(user.toString(), "join").map(list -> list.stream().map(Membership::roomId).toList());
    }
}
