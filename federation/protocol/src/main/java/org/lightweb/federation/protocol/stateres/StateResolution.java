package org.lightweb.federation.protocol.stateres;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.StateKey;

/**
 * State resolution v2 (room versions 2 to 11, the spec's v2-state-res fragment) and v2.1 (room version 12, "State
 * resolution" in rooms/v12): the room state before an event is the resolution of the states after its
 * {@code prev_events}. Pure: reads the events it is given and nothing else, and its answer depends neither on the
 * order of the state sets nor on the order in which events were loaded.
 *
 * <p>The steps are numbered as in the spec's "Algorithm" section; the definitions each live in their own class.
 */
public final class StateResolution {
    private StateResolution() {}

    /**
     * Resolves {@code stateSets} (each {@code (event_type, state_key)} to an event ID) into one state.
     *
     * @param events every event of the state sets and of their auth chains, loaded beforehand
     * @param authCheck the room's authorisation rules, for the iterative auth checks
     * @throws StateResolutionException when an event the algorithm needs was not loaded, or is in another room
     */
    public static Map<StateKey, String> resolve(RoomVersion version, List<Map<StateKey, String>> stateSets,
                                                EventSource events, AuthCheck authCheck) {
        if (stateSets.isEmpty()) return Map.of();
        ConflictSplit split = ConflictSplit.of(stateSets);
        if (split.conflicted().isEmpty()) return split.unconflicted();   // every state set is the same

        EventGraph graph = EventGraph.of(events, version, split.conflictedEvents().iterator().next());
        checkStateEvents(stateSets, graph);
        Set<String> fullConflictedSet = FullConflictedSet.of(stateSets, split, graph);

        // 1. The power events of the full conflicted set and the events of their auth chains in it, sorted by the
        //    reverse topological power ordering.
        List<String> powerEvents = PowerSort.sort(PowerEvents.select(fullConflictedSet, graph), graph);

        // 2. Iterative auth checks over them, starting from the unconflicted state map (v2) or from an empty state
        //    map (v2.1), giving a partially resolved state.
        Map<StateKey, String> initial = version.stateResolutionV21() ? Map.of() : split.unconflicted();
        Map<StateKey, String> partial = IterativeAuthChecks.apply(powerEvents, initial, graph, authCheck);

        // 3. The remaining events, in the mainline ordering based on the power levels of the partially resolved state.
        List<String> remaining = new ArrayList<>(fullConflictedSet);
        remaining.removeAll(Set.copyOf(powerEvents));
        Optional<String> powerLevels = Optional.ofNullable(partial.get(StateKey.powerLevels()));
        List<String> others = MainlineSort.sort(remaining, powerLevels, graph);

        // 4. Iterative auth checks over them, on top of the partially resolved state.
        Map<StateKey, String> resolved = new TreeMap<>(IterativeAuthChecks.apply(others, partial, graph, authCheck));

        // 5. The unconflicted state map replaces whatever the checks chose for its keys.
        resolved.putAll(split.unconflicted());
        return Collections.unmodifiableMap(resolved);
    }

    /** Each state set must map each key to a loaded state event with that key: a mismatch is the caller's bug. */
    private static void checkStateEvents(List<Map<StateKey, String>> stateSets, EventGraph graph) {
        for (Map<StateKey, String> stateSet : stateSets) {
            stateSet.forEach((key, id) -> {
                Pdu event = graph.get(id);
                if (!event.isState() || !event.stateTuple().equals(key)) throw StateResolutionException.notUnderItsKey(id, key);
            });
        }
    }
}
