package org.lightweb.federation.protocol.stateres;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.StateKey;

/**
 * Definitions, "Iterative auth checks": from an initial room state and a sorted list of state events, build a new
 * room state by applying each event the authorisation rules allow; an event they do not allow is ignored. When a key
 * the rules need is not in the state, the event's own auth event for that key is used, if it was not rejected.
 *
 * <p>Rejected events never authorise another ("Rejected events": auth events aren't re-authed), so a rejected event
 * in the state is passed over in favour of the auth event. An event that was rejected on receipt is itself checked
 * again like any other: the spec handles it "as usual" (Synapse skips it, see synapse#13797).
 *
 * <p>From room version 12 the create event is no longer among {@code auth_events}; it is found from the room ID.
 */
final class IterativeAuthChecks {
    private IterativeAuthChecks() {}

    static Map<StateKey, String> apply(List<String> sortedEvents, Map<StateKey, String> initialState, EventGraph graph, AuthCheck authCheck) {
        Map<StateKey, String> state = new TreeMap<>(initialState);
        for (String id : sortedEvents) {
            Pdu event = graph.get(id);
            if (!event.isState()) continue;
            if (authCheck.allowed(event, key -> lookup(key, event, state, graph))) {
                state.put(event.stateTuple(), id);
            }
        }
        return state;
    }

    /** The event the rules see for {@code key} while checking {@code event}. */
    private static Optional<Pdu> lookup(StateKey key, Pdu event, Map<StateKey, String> state, EventGraph graph) {
        String inState = state.get(key);
        if (inState != null && !graph.rejected(inState)) return Optional.of(graph.get(inState));
        for (String authId : event.authEvents()) {
            Pdu auth = graph.get(authId);
            if (auth.isState() && auth.stateTuple().equals(key) && !graph.rejected(authId)) return Optional.of(auth);
        }
        if (key.equals(StateKey.create())) {
            return graph.createEventIdFromRoomId().filter(createId -> !graph.rejected(createId)).map(graph::get);
        }
        return Optional.empty();
    }
}
