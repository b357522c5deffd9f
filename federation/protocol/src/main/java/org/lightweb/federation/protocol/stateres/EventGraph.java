package org.lightweb.federation.protocol.stateres;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.StateKey;

/**
 * The loaded events of one room as the algorithm reads them: lookups that fail clearly when the caller did not load
 * an event, the auth chains of the definitions, and the auth events the definitions single out (the power levels
 * event, the create event). Reads only; holds no state besides what it was given.
 */
final class EventGraph {
    private final EventSource source;
    private final RoomVersion version;
    private final String roomId;

    private EventGraph(EventSource source, RoomVersion version, String roomId) {
        this.source = source;
        this.version = version;
        this.roomId = roomId;
    }

    /** The graph of the room {@code anyEventId} belongs to; every event read later must be in the same room. */
    static EventGraph of(EventSource source, RoomVersion version, String anyEventId) {
        Pdu first = source.find(anyEventId).orElseThrow(() -> StateResolutionException.missingEvent(anyEventId));
        return new EventGraph(source, version, first.roomId());
    }

    RoomVersion version() { return version; }

    Pdu get(String eventId) {
        Pdu event = source.find(eventId).orElseThrow(() -> StateResolutionException.missingEvent(eventId));
        if (roomId == null || !roomId.equals(event.roomId())) {
            throw StateResolutionException.wrongRoom(eventId, event.roomId(), roomId);
        }
        return event;
    }

    boolean rejected(String eventId) { return source.rejected(eventId); }

    /**
     * "Auth chain" of a set of events: all their auth events, all of their auth events, and so on. The starting
     * events are not included unless one is reachable from another.
     */
    Set<String> authChain(Collection<String> from) {
        Set<String> chain = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(from);
        while (!todo.isEmpty()) {
            for (String authId : get(todo.pop()).authEvents()) {
                if (chain.add(authId)) todo.push(authId);
            }
        }
        return chain;
    }

    /** The {@code m.room.power_levels} event among the event's {@code auth_events}, if it cites one. */
    Optional<Pdu> powerLevelsAuthEvent(Pdu event) {
        return authEventWithKey(event, StateKey.powerLevels());
    }

    /**
     * The room's create event as seen from {@code event}: from its {@code auth_events} before room version 12; from
     * v12 on the create event is never an auth event and its ID is the room ID with sigil {@code $}.
     */
    Optional<Pdu> createEvent(Pdu event) {
        if (event.isCreate()) return Optional.of(event);
        if (version.createEventInAuthEvents()) return authEventWithKey(event, StateKey.create());
        return createEventIdFromRoomId().map(this::get);
    }

    /** The ID of the room's create event from v12 on, where it can be derived from the room ID. */
    Optional<String> createEventIdFromRoomId() {
        return version.createEventInAuthEvents() ? Optional.empty() : Optional.of("$" + roomId.substring(1));
    }

    private Optional<Pdu> authEventWithKey(Pdu event, StateKey key) {
        for (String authId : event.authEvents()) {
            Pdu auth = get(authId);
            if (auth.isState() && auth.stateTuple().equals(key)) return Optional.of(auth);
        }
        return Optional.empty();
    }
}
