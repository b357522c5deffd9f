package org.lightweb.server.sync.receipts;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import org.lightweb.core.Json;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.StoredEvent;

/**
 * Whether a threaded receipt's event belongs to its thread_id (client-server API, Threaded read receipts; the
 * check is Synapse's rest/client/receipts.py {@code _is_event_in_thread}, read from the events' own
 * {@code m.relates_to} since there is no relations table yet):
 * <ul>
 * <li>{@code main}: the event is not itself in a thread (no m.thread relation);</li>
 * <li>a thread root: the event is the root, is in the thread (an m.thread relation to the root), or relates
 *     (annotation, reference, edit) to an event that is one of these, following at most 3 relations as the spec
 *     recommends.</li>
 * </ul>
 */
final class ReceiptThreads {
    static final String MAIN = "main";
    private static final int MAX_HOPS = 3;

    private final EventRepository events;

    ReceiptThreads(EventRepository events) {
        this.events = events;
    }

    Future<Boolean> inThread(StoredEvent event, String threadId) {
        if (threadId.equals(MAIN)) return Future.succeededFuture(!"m.thread".equals(relType(event)));
        return inThread(event, threadId, 0);
    }

    private Future<Boolean> inThread(StoredEvent event, String threadId, int hops) {
        if (event.eventId().equals(threadId)) return Future.succeededFuture(true);
        String relType = relType(event);
        String parent = relatesTo(event).path("event_id").asText(null);
        if (relType == null || parent == null) return Future.succeededFuture(false);
        if (relType.equals("m.thread")) return Future.succeededFuture(parent.equals(threadId));
        if (hops >= MAX_HOPS) return Future.succeededFuture(false);
        return events.event(parent).compose(p -> p.isPresent() && p.get().roomId().equals(event.roomId())
                ? inThread(p.get(), threadId, hops + 1) : Future.succeededFuture(false));
    }

    private static JsonNode relatesTo(StoredEvent e) {
        return Json.parse(e.json()).path("content").path("m.relates_to");
    }

    private static String relType(StoredEvent e) {
        return relatesTo(e).path("rel_type").asText(null);
    }
}
