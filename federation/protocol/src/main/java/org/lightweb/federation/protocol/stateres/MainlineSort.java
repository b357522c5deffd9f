package org.lightweb.federation.protocol.stateres;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.lightweb.federation.protocol.Pdu;

/**
 * Definitions, "Mainline ordering". The mainline of a power levels event P<sub>0</sub> is [P<sub>0</sub>, P<sub>1</sub>,
 * ..., P<sub>n</sub>], each P<sub>i+1</sub> the power levels event among the auth events of P<sub>i</sub>. The
 * mainline position of another event e is the index i of the first power levels event in e's own chain of power
 * levels auth events (e itself not included) that is on the mainline, or infinity if none is. Events are ordered
 * x &lt; y if
 * <ol>
 *   <li>x's mainline position is greater than y's (x is based on an earlier power levels event); or</li>
 *   <li>the positions are equal and x's {@code origin_server_ts} is less than y's; or</li>
 *   <li>both are equal and x's {@code event_id} is less than y's.</li>
 * </ol>
 */
final class MainlineSort {
    /** The sentinel position of an event whose power levels chain never meets the mainline. */
    static final int INFINITY = Integer.MAX_VALUE;

    private MainlineSort() {}

    /** Sorts {@code events} by the mainline ordering based on {@code powerLevels} (none: every position is infinity). */
    static List<String> sort(Collection<String> events, Optional<String> powerLevels, EventGraph graph) {
        Map<String, Integer> mainline = mainline(powerLevels, graph);
        Map<String, Integer> positions = new HashMap<>();
        Map<String, Long> ts = new HashMap<>();
        for (String id : events) {
            Pdu event = graph.get(id);
            positions.put(id, position(event, mainline, graph));
            ts.put(id, event.originServerTs());
        }
        List<String> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.<String, Integer>comparing(positions::get, Comparator.reverseOrder())
                .thenComparing(ts::get)
                .thenComparing(Comparator.naturalOrder()));
        return sorted;
    }

    /** The mainline of P<sub>0</sub>, each event mapped to its index. */
    static Map<String, Integer> mainline(Optional<String> powerLevels, EventGraph graph) {
        Map<String, Integer> mainline = new HashMap<>();
        Optional<Pdu> current = powerLevels.map(graph::get);
        while (current.isPresent() && !mainline.containsKey(current.get().eventId())) {
            mainline.put(current.get().eventId(), mainline.size());
            current = graph.powerLevelsAuthEvent(current.get());
        }
        return mainline;
    }

    /** The mainline position of {@code event}: walks e<sub>1</sub>, e<sub>2</sub>, ... until one is on the mainline. */
    static int position(Pdu event, Map<String, Integer> mainline, EventGraph graph) {
        Set<String> seen = new HashSet<>();
        Optional<Pdu> current = graph.powerLevelsAuthEvent(event);
        while (current.isPresent() && seen.add(current.get().eventId())) {
            Integer index = mainline.get(current.get().eventId());
            if (index != null) return index;
            current = graph.powerLevelsAuthEvent(current.get());
        }
        return INFINITY;
    }
}
