package org.lightweb.federation.protocol.stateres;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.StateKey;

/**
 * Definitions, "Power events", and the selection of algorithm step 1: "Select the set X of all power events that
 * appear in the full conflicted set. For each such power event P, enlarge X by adding the events in the auth chain of
 * P which also belong to the full conflicted set."
 *
 * <p>The selection is returned with the order the auth events impose on X: each event of X maps to the events of X in
 * its auth chain. Synapse and ruma walk down only through events of the full conflicted set; we take the whole auth
 * chain as the spec says. The two differ only when an auth path leaves the full conflicted set and comes back into it.
 */
final class PowerEvents {
    private PowerEvents() {}

    /**
     * A power event is a state event of type {@code m.room.power_levels} or {@code m.room.join_rules}, or an
     * {@code m.room.member} event whose membership is {@code leave} or {@code ban} and whose sender is not its
     * state_key: events that might remove someone's ability to do something in the room.
     */
    static boolean isPowerEvent(Pdu event) {
        if (!event.isState()) return false;
        StateKey key = event.stateTuple();
        if (key.equals(StateKey.powerLevels()) || key.equals(StateKey.joinRules())) return true;
        String membership = event.membership();
        return event.isType(StateKey.MEMBER)
                && ("leave".equals(membership) || "ban".equals(membership))
                && !event.sender().equals(key.stateKey());
    }

    /** X, each event mapped to the events of X in its auth chain (the edges of the DAG formed by auth events). */
    static Map<String, Set<String>> select(Set<String> fullConflictedSet, EventGraph graph) {
        Set<String> selected = new HashSet<>();
        for (String id : fullConflictedSet) {
            if (!isPowerEvent(graph.get(id))) continue;
            selected.add(id);
            for (String chained : graph.authChain(List.of(id))) {
                if (fullConflictedSet.contains(chained)) selected.add(chained);
            }
        }
        Map<String, Set<String>> before = new HashMap<>();
        for (String id : selected) {
            Set<String> inX = graph.authChain(List.of(id));
            inX.retainAll(selected);
            before.put(id, inX);
        }
        return before;
    }
}
