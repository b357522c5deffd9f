package org.lightweb.federation.protocol.stateres;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.lightweb.federation.protocol.StateKey;

/**
 * Definitions, "Unconflicted state map and conflicted state set": a key present in every state set with the same
 * event belongs to the unconflicted state map; otherwise each event any set holds for it belongs to the conflicted
 * state set. A key missing from some set is conflicted.
 *
 * @param unconflicted the unconflicted state map
 * @param conflicted for each conflicted key, the events the state sets hold for it
 */
record ConflictSplit(Map<StateKey, String> unconflicted, Map<StateKey, Set<String>> conflicted) {

    static ConflictSplit of(List<Map<StateKey, String>> stateSets) {
        Set<StateKey> keys = new TreeSet<>();
        stateSets.forEach(set -> keys.addAll(set.keySet()));
        Map<StateKey, String> unconflicted = new TreeMap<>();
        Map<StateKey, Set<String>> conflicted = new TreeMap<>();
        for (StateKey key : keys) {
            String first = stateSets.get(0).get(key);
            boolean same = first != null && stateSets.stream().allMatch(set -> first.equals(set.get(key)));
            if (same) {
                unconflicted.put(key, first);
            } else {
                Set<String> events = new TreeSet<>();
                stateSets.stream().map(set -> set.get(key)).filter(Objects::nonNull).forEach(events::add);
                conflicted.put(key, Collections.unmodifiableSet(events));
            }
        }
        return new ConflictSplit(Collections.unmodifiableMap(unconflicted), Collections.unmodifiableMap(conflicted));
    }

    /** The conflicted state set: every event held for a conflicted key. */
    Set<String> conflictedEvents() {
        Set<String> events = new TreeSet<>();
        conflicted.values().forEach(events::addAll);
        return events;
    }
}
