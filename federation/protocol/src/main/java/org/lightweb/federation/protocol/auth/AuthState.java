package org.lightweb.federation.protocol.auth;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.StateKey;

/**
 * Everything the authorisation rules read besides the event itself, loaded before they run.
 *
 * <ul>
 *   <li>{@link #get}: the state the event is authorised against. The caller decides which: the event's auth events
 *       (check 4 on receipt of a PDU), the state before the event (check 5), the current state (check 6), or the
 *       partial state of state resolution.</li>
 *   <li>{@link #create}: the room's {@code m.room.create} event. From v12 the room ID names it and it is never in
 *       {@code auth_events}, so the caller fetches it by the room ID.</li>
 *   <li>{@link #authEvents}: the events listed in the event's {@code auth_events}, for rule 3 (v10/v11: rule 2).
 *       Every listed event must be given; fetching missing ones is the caller's job.</li>
 *   <li>{@link #isRejected}: the hook for rules 2 and 3.3 (v10/v11: 2.3): whether the caller rejected an event on
 *       receipt. The rules do not decide that themselves, since it depends on that event's own history.</li>
 * </ul>
 */
public interface AuthState {
    Optional<Pdu> get(StateKey key);

    Optional<Pdu> create();

    List<Pdu> authEvents();

    boolean isRejected(String eventId);

    /**
     * State given as a map, e.g. the state before the event or the current state.
     *
     * @param create     the room's create event
     * @param state      the state to authorise against
     * @param authEvents the events the event lists in {@code auth_events}
     * @param rejected   IDs of events the caller has rejected
     */
    static AuthState of(Pdu create, Map<StateKey, Pdu> state, List<Pdu> authEvents, Set<String> rejected) {
        return new Snapshot(Optional.of(create), Map.copyOf(state), List.copyOf(authEvents), Set.copyOf(rejected));
    }

    /**
     * The state given by the event's own auth events (check 4 on receipt of a PDU). Before v12 the create event is
     * one of them; from v12 it is not, and {@code roomCreate} must be the event the room ID names.
     */
    static AuthState fromAuthEvents(Optional<Pdu> roomCreate, List<Pdu> authEvents, Set<String> rejected) {
        Map<StateKey, Pdu> state = new HashMap<>();
        for (Pdu e : authEvents) {
            if (e.isState()) state.putIfAbsent(e.stateTuple(), e);  // duplicates are rule 3.1's concern
        }
        Optional<Pdu> create = roomCreate.isPresent() ? roomCreate : Optional.ofNullable(state.get(StateKey.create()));
        return new Snapshot(create, Map.copyOf(state), List.copyOf(authEvents), Set.copyOf(rejected));
    }

    /** An immutable {@link AuthState}. */
    record Snapshot(Optional<Pdu> create, Map<StateKey, Pdu> state, List<Pdu> authEvents, Set<String> rejected)
            implements AuthState {
        @Override
        public Optional<Pdu> get(StateKey key) { return Optional.ofNullable(state.get(key)); }

        @Override
        public boolean isRejected(String eventId) { return rejected.contains(eventId); }
    }
}
