package org.lightweb.federation.protocol.stateres;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lightweb.federation.protocol.StateKey;

/**
 * Definitions, "Full conflicted set": the union of the conflicted state set and the auth difference; from room
 * version 12 (state resolution v2.1) also the conflicted state subgraph, so that the events which authorise one
 * conflicted event against another are replayed too.
 */
final class FullConflictedSet {
    private FullConflictedSet() {}

    static Set<String> of(List<Map<StateKey, String>> stateSets, ConflictSplit split, EventGraph graph) {
        Set<String> conflicted = split.conflictedEvents();
        Set<String> full = new HashSet<>(conflicted);
        full.addAll(AuthDifference.of(stateSets, graph));
        if (graph.version().stateResolutionV21()) {
            full.addAll(ConflictedSubgraph.of(conflicted, graph));
        }
        return full;
    }
}
