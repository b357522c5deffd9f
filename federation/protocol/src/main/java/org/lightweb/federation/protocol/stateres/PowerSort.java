package org.lightweb.federation.protocol.stateres;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.lightweb.federation.protocol.Pdu;

/**
 * Definitions, "Reverse topological power ordering": the lexicographically smallest topological ordering of the DAG
 * formed by auth events, earliest event first, where x &lt; y if
 * <ol>
 *   <li>x's sender has greater power level than y's sender, looking at their respective auth events; or</li>
 *   <li>the power levels are equal and x's {@code origin_server_ts} is less than y's; or</li>
 *   <li>both are equal and x's {@code event_id} is less than y's.</li>
 * </ol>
 * Found with Kahn's algorithm, taking at each step the smallest of the events whose auth events have all been taken.
 */
final class PowerSort {
    private PowerSort() {}

    /**
     * @param before each event to sort, mapped to the events of the set that must come before it (those in its auth
     *     chain); see {@link PowerEvents#select}
     */
    static List<String> sort(Map<String, Set<String>> before, EventGraph graph) {
        Map<String, Long> power = new HashMap<>();
        Map<String, Long> ts = new HashMap<>();
        for (String id : before.keySet()) {
            Pdu event = graph.get(id);
            power.put(id, SenderPower.of(event, graph));
            ts.put(id, event.originServerTs());
        }
        Comparator<String> smallest = Comparator.<String, Long>comparing(power::get, Comparator.reverseOrder())
                .thenComparing(ts::get)
                .thenComparing(Comparator.naturalOrder());

        Map<String, Integer> waitingFor = new HashMap<>();
        Map<String, List<String>> after = new HashMap<>();
        PriorityQueue<String> candidates = new PriorityQueue<>(smallest);
        before.forEach((id, earlier) -> {
            waitingFor.put(id, earlier.size());
            earlier.forEach(e -> after.computeIfAbsent(e, k -> new ArrayList<>()).add(id));
            if (earlier.isEmpty()) candidates.add(id);
        });

        List<String> sorted = new ArrayList<>(before.size());
        while (!candidates.isEmpty()) {
            String next = candidates.poll();
            sorted.add(next);
            for (String later : after.getOrDefault(next, List.of())) {
                if (waitingFor.merge(later, -1, Integer::sum) == 0) candidates.add(later);
            }
        }
        if (sorted.size() != before.size()) {
            throw new IllegalStateException("the auth events of the power events form a cycle");
        }
        return sorted;
    }
}
