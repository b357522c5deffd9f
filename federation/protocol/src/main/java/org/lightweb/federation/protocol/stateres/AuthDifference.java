package org.lightweb.federation.protocol.stateres;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lightweb.federation.protocol.StateKey;

/**
 * Definitions, "Auth difference": with C<sub>i</sub> the full auth chain of state set S<sub>i</sub>, the auth
 * difference is ∪C<sub>i</sub> − ∩C<sub>i</sub>.
 *
 * <p>The full auth chain of S<sub>i</sub> is read as including the events of S<sub>i</sub> themselves, as Synapse
 * computes it (synapse/state/v2.py and its chain cover index; tests/state/test_v2.py
 * {@code AuthChainDifferenceTestCase}). Read literally ("the union of the auth chains for each event in
 * S<sub>i</sub>"), an unconflicted event cited by the auth events of only some state sets would land in the
 * difference and be replayed; with Synapse's reading it never does, and our results agree with the server most rooms
 * are resolved by.
 */
final class AuthDifference {
    private AuthDifference() {}

    static Set<String> of(List<Map<StateKey, String>> stateSets, EventGraph graph) {
        Set<String> union = new HashSet<>();
        Set<String> intersection = null;
        for (Map<StateKey, String> stateSet : stateSets) {
            Set<String> chain = fullAuthChain(stateSet, graph);
            union.addAll(chain);
            if (intersection == null) {
                intersection = chain;
            } else {
                intersection.retainAll(chain);
            }
        }
        if (intersection != null) union.removeAll(intersection);
        return union;
    }

    /** C<sub>i</sub>: the events of the state set and their auth chains. */
    static Set<String> fullAuthChain(Map<StateKey, String> stateSet, EventGraph graph) {
        Set<String> chain = graph.authChain(stateSet.values());
        chain.addAll(stateSet.values());
        return chain;
    }
}
