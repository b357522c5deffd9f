package org.lightweb.server.federation.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lightweb.federation.protocol.Redaction;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.StateKeyId;
import org.lightweb.storage.rooms.StoredEvent;

/**
 * History visibility for another server, as Synapse's {@code filter_events_for_server} with {@code redact=True}:
 * each event is judged by the state before it. {@code world_readable} and {@code shared} (or no visibility event,
 * or an outlier, whose state is unknown) let any server that may read the room see it ({@link ServerAccess} decides
 * that); {@code invited} needs a user of the server invited or joined at the event, {@code joined} one joined. An
 * event the server may not see is served redacted, never dropped, so the DAG it receives stays whole.
 *
 * <p>One instance judges one request for one server: the answer depends only on the state group before the event,
 * so each distinct group is read once, and the member events of that server once.
 */
final class ServerVisibility {
    private static final StateKeyId HISTORY = new StateKeyId("m.room.history_visibility", "");
    private static final List<String> KNOWN = List.of("world_readable", "shared", "invited", "joined");

    private final EventRepository events;
    private final String server;
    private final Map<Long, Future<Boolean>> byGroup = new HashMap<>();
    private final Map<String, Future<StoredEvent>> stateEvents = new HashMap<>();

    ServerVisibility(EventRepository events, String server) {
        this.events = events;
        this.server = server;
    }

    /** The PDUs of {@code batch}, in order, as {@link #server} gets them: visible ones as stored, others redacted. */
    Future<List<ObjectNode>> serve(List<StoredEvent> batch, RoomVersion v) {
        List<Future<Boolean>> checks = new ArrayList<>();
        for (StoredEvent e : batch) checks.add(visible(e));
        return Future.all(checks).map(ok -> {
            List<ObjectNode> out = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                ObjectNode pdu = EventReads.pduJson(batch.get(i));
                out.add(checks.get(i).result() ? pdu : Redaction.redact(pdu, v));
            }
            return out;
        });
    }

    /** Whether {@link #server} may see {@code e} unredacted. */
    Future<Boolean> visible(StoredEvent e) {
        // An outlier has no known state: Synapse treats it as shared.
        if (e.stateBefore() == null) return Future.succeededFuture(true);
        return byGroup.computeIfAbsent(e.stateBefore(), this::visibleAt);
    }

    private Future<Boolean> visibleAt(long group) {
        return events.stateOfGroup(group).compose(state -> {
            List<String> memberIds = new ArrayList<>();
            state.forEach((k, id) -> {
                if (k.type().equals("m.room.member") && server.equals(EventReceiver.serverOf(k.stateKey()))) memberIds.add(id);
            });
            String hvId = state.get(HISTORY);
            return loadAll(hvId == null ? List.of() : List.of(hvId)).compose(hv -> {
                String visibility = hv.isEmpty() ? "shared" : visibilityOf(hv.get(0));
                if (visibility.equals("shared") || visibility.equals("world_readable")) return Future.succeededFuture(true);
                if (memberIds.isEmpty()) return Future.succeededFuture(false);
                return loadAll(memberIds).map(members -> {
                    for (StoredEvent m : members) {
                        String membership = membershipOf(m);
                        if ("join".equals(membership)) return true;
                        if (visibility.equals("invited") && "invite".equals(membership)) return true;
                    }
                    return false;
                });
            });
        });
    }

    /** The stored events of {@code ids} (those found), each read once per request. */
    private Future<List<StoredEvent>> loadAll(List<String> ids) {
        Set<String> missing = new HashSet<>();
        for (String id : ids) if (!stateEvents.containsKey(id)) missing.add(id);
        if (!missing.isEmpty()) {
            Future<Map<String, StoredEvent>> read = events.events(missing);
            for (String id : missing) stateEvents.put(id, read.map(found -> found.get(id)));
        }
        List<Future<StoredEvent>> wanted = new ArrayList<>();
        for (String id : ids) wanted.add(stateEvents.get(id));
        return Future.all(wanted).map(ok -> {
            List<StoredEvent> out = new ArrayList<>();
            for (Future<StoredEvent> f : wanted) if (f.result() != null) out.add(f.result());
            return out;
        });
    }

    private static String visibilityOf(StoredEvent e) {
        String v = EventReads.pduJson(e).path("content").path("history_visibility").asText("shared");
        return KNOWN.contains(v) ? v : "shared";
    }

    private static String membershipOf(StoredEvent m) {
        if (m.membership() != null) return m.membership();
        return EventReads.pduJson(m).path("content").path("membership").asText(null);
    }
}
