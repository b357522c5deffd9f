package org.lightweb.federation.protocol.stateres;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
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
            full.addAll(conflictedSubgraph(conflicted, graph));
        }
        return full;
    }

    /**
     * Definitions (room version 12), "Conflicted state subgraph": the union of all paths along {@code auth_events}
     * edges between two events of the conflicted state set, endpoints included.
     *
     * <p>An event lies on such a path when it is reachable from a conflicted event and a conflicted event is
     * reachable from it. So: walk the auth chains of the conflicted events (everything reachable from them), then walk
     * back from the conflicted events along the reversed edges of that part of the graph (everything they are
     * reachable from), and keep what both walks met.
     */
    static Set<String> conflictedSubgraph(Set<String> conflictedEvents, EventGraph graph) {
        Set<String> below = graph.authChain(conflictedEvents);

        // Reversed auth_events edges among the conflicted events and their auth chains.
        Map<String, Set<String>> citedBy = new HashMap<>();
        Set<String> nodes = new HashSet<>(below);
        nodes.addAll(conflictedEvents);
        for (String id : nodes) {
            for (String authId : graph.get(id).authEvents()) {
                citedBy.computeIfAbsent(authId, k -> new HashSet<>()).add(id);
            }
        }

        Set<String> above = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(conflictedEvents);
        while (!todo.isEmpty()) {
            for (String citer : citedBy.getOrDefault(todo.pop(), Set.of())) {
                if (above.add(citer)) todo.push(citer);
            }
        }

        Set<String> subgraph = new HashSet<>(conflictedEvents);
        for (String id : below) {
            if (above.contains(id)) subgraph.add(id);
        }
        return subgraph;
    }
}
