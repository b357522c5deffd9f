package org.lightweb.server.federation.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lightweb.core.Json;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.StateKey;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.StateKeyId;
import org.lightweb.storage.rooms.StoredEvent;

/** Reads of the stored event graph that receiving and serving events share: PDUs, auth chains, states. */
final class EventReads {
    /** Bounds an auth chain walk; a real room's chain is far smaller. */
    static final int MAX_AUTH_CHAIN = 100_000;

    private final EventRepository events;

    EventReads(EventRepository events) {
        this.events = events;
    }

    EventRepository repository() { return events; }

    /** The stored events among {@code ids} as PDUs of version {@code v}. */
    Future<Map<String, Pdu>> pdus(Collection<String> ids, RoomVersion v) {
        return events.events(ids).map(found -> {
            Map<String, Pdu> out = new HashMap<>();
            found.forEach((id, e) -> out.put(id, toPdu(e, v)));
            return out;
        });
    }

    static Pdu toPdu(StoredEvent e, RoomVersion v) {
        return Pdu.withKnownId((ObjectNode) Json.parse(e.json()), v, e.eventId());
    }

    /** The stored JSON of an event, as another server gets it. */
    static ObjectNode pduJson(StoredEvent e) {
        return (ObjectNode) Json.parse(e.json());
    }

    /** Every stored event in the auth chains of {@code ids} (not the events themselves, unless one is in another's chain). */
    Future<Map<String, StoredEvent>> authChain(Collection<String> ids) {
        return events.events(ids).compose(start -> {
            Set<String> next = new LinkedHashSet<>();
            for (StoredEvent e : start.values()) next.addAll(authEventsOf(e));
            return walkAuth(next, new HashMap<>());
        });
    }

    private Future<Map<String, StoredEvent>> walkAuth(Set<String> frontier, Map<String, StoredEvent> seen) {
        frontier.removeAll(seen.keySet());
        if (frontier.isEmpty() || seen.size() > MAX_AUTH_CHAIN) return Future.succeededFuture(seen);
        return events.events(frontier).compose(found -> {
            Set<String> next = new LinkedHashSet<>();
            for (StoredEvent e : found.values()) {
                seen.put(e.eventId(), e);
                next.addAll(authEventsOf(e));
            }
            return walkAuth(next, seen);
        });
    }

    static List<String> authEventsOf(StoredEvent e) {
        return ids(pduJson(e), "auth_events");
    }

    static List<String> prevEventsOf(StoredEvent e) {
        return ids(pduJson(e), "prev_events");
    }

    private static List<String> ids(ObjectNode json, String field) {
        List<String> out = new ArrayList<>();
        json.path(field).forEach(n -> { if (n.isTextual()) out.add(n.asText()); });
        return out;
    }

    /** The state after a stored event (null when it has none: an outlier). */
    Future<Map<StateKeyId, String>> stateAfter(StoredEvent e) {
        if (e.stateAfter() == null) return Future.succeededFuture(null);
        return events.stateOfGroup(e.stateAfter());
    }

    /** The state before a stored event (null when it has none: an outlier). */
    Future<Map<StateKeyId, String>> stateBefore(StoredEvent e) {
        if (e.stateBefore() == null) return Future.succeededFuture(null);
        return events.stateOfGroup(e.stateBefore());
    }

    static Map<StateKey, String> toProtocol(Map<StateKeyId, String> state) {
        Map<StateKey, String> out = new HashMap<>();
        state.forEach((k, id) -> out.put(StateKey.of(k.type(), k.stateKey()), id));
        return out;
    }

    static Map<StateKeyId, String> toStorage(Map<StateKey, String> state) {
        Map<StateKeyId, String> out = new HashMap<>();
        state.forEach((k, id) -> out.put(new StateKeyId(k.type(), k.stateKey()), id));
        return out;
    }

    static Set<String> union(Collection<Map<StateKeyId, String>> states) {
        Set<String> out = new HashSet<>();
        for (Map<StateKeyId, String> s : states) out.addAll(s.values());
        return out;
    }
}
