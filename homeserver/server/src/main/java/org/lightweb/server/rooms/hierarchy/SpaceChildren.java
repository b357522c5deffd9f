package org.lightweb.server.rooms.hierarchy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.lightweb.core.Json;
import org.lightweb.storage.rooms.StoredEvent;

/**
 * The children of a space: its m.space.child state events with a non-empty {@code via} (the spec's test of a
 * valid child), in the spec's order ("Ordering of children within a space"): a valid {@code order} first, by
 * that string, then the rest; ties by origin_server_ts, then by room id. Pure.
 */
final class SpaceChildren {
    static final String CHILD = "m.space.child";

    private SpaceChildren() {}

    record Child(String roomId, String order, long ts, boolean suggested, List<String> via, StoredEvent event) {}

    /** The valid children among {@code state}, ordered; only suggested ones when {@code suggestedOnly}. */
    static List<Child> of(List<StoredEvent> state, boolean suggestedOnly) {
        List<Child> out = new ArrayList<>();
        for (StoredEvent e : state) {
            if (!CHILD.equals(e.type()) || e.stateKey() == null || e.stateKey().isEmpty()) continue;
            JsonNode content = Json.parse(e.json()).path("content");
            JsonNode via = content.get("via");
            if (via == null || !via.isArray() || via.isEmpty()) continue;
            List<String> servers = new ArrayList<>();
            via.forEach(v -> { if (v.isTextual()) servers.add(v.asText()); });
            if (servers.isEmpty()) continue;
            boolean suggested = content.path("suggested").asBoolean(false) && content.path("suggested").isBoolean();
            if (suggestedOnly && !suggested) continue;
            JsonNode order = content.get("order");
            String validOrder = order != null && order.isTextual() && validOrder(order.asText()) ? order.asText() : null;
            out.add(new Child(e.stateKey(), validOrder, e.originServerTs(), suggested, List.copyOf(servers), e));
        }
        out.sort(ORDER);
        return out;
    }

    /** An order is at most 50 characters, each between 0x20 and 0x7E. */
    static boolean validOrder(String order) {
        if (order.length() > 50) return false;
        for (int i = 0; i < order.length(); i++) {
            char c = order.charAt(i);
            if (c < 0x20 || c > 0x7E) return false;
        }
        return true;
    }

    private static final Comparator<Child> ORDER = Comparator
            .comparing((Child c) -> c.order() == null)
            .thenComparing(c -> c.order() == null ? "" : c.order())
            .thenComparingLong(Child::ts)
            .thenComparing(Child::roomId);
}
