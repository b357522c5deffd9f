package org.lightweb.federation.protocol.stateres;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.StateKey;

/**
 * Definitions, "Power events", and the selection of algorithm step 1: "Select the set X of all power events that
 * appear in the full conflicted set. For each such power event P, enlarge X by adding the events in the auth chain of
 * P which also belong to the full conflicted set."
 *
 * <p>As Synapse ({@code _add_event_and_auth_chain_to_graph}) and ruma ({@code add_event_auth_chain}) both do, the
 * auth chain is walked through events of the full conflicted set only, and the DAG the ordering follows has an edge
 * from an event to each of its {@code auth_events} in X. Read literally, the spec would also reach events of the full
 * conflicted set behind an auth event outside it; the two readings differ only when an auth path leaves the full
 * conflicted set and comes back, and there the implementations the rooms are resolved by agree with each other.
 */
final class PowerEvents {
    private PowerEvents() {}

    /**
     * A power event is a state event of type {@code m.room.power_levels} or {@code m.room.join_rules}, or an
     * {@code m.room.member} event whose membership is {@code leave} or {@code ban} and whose sender is not its
     * state_key: events that might remove someone's ability to do something in the room. The create event counts too,
     * as in Synapse and ruma; it only ever is in the full conflicted set when the state sets disagree about it.
     */
    static boolean isPowerEvent(Pdu event) {
        if (!event.isState()) return false;
        StateKey key = event.stateTuple();
        if (key.equals(StateKey.powerLevels()) || key.equals(StateKey.joinRules()) || key.equals(StateKey.create())) return true;
        String membership = event.membership();
        return event.isType(StateKey.MEMBER)
                && ("leave".equals(membership) || "ban".equals(membership))
                && !event.sender().equals(key.stateKey());
    }

    /** X, each event mapped to its {@code auth_events} in X (the edges of the DAG formed by auth events). */
    static Map<String, Set<String>> select(Set<String> fullConflictedSet, EventGraph graph) {
        Map<String, Set<String>> authEdges = new HashMap<>();
        Deque<String> todo = new ArrayDeque<>();
        for (String id : fullConflictedSet) {
            if (isPowerEvent(graph.get(id))) todo.push(id);
        }
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (authEdges.containsKey(id)) continue;
            Set<String> inSet = new HashSet<>();
            for (String authId : graph.get(id).authEvents()) {
                if (!fullConflictedSet.contains(authId)) continue;
                inSet.add(authId);
                if (!authEdges.containsKey(authId)) todo.push(authId);
            }
            authEdges.put(id, inSet);
        }
        return authEdges;
    }
}
