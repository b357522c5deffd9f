package org.lightweb.server.push;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import org.lightweb.core.Json;
import org.lightweb.storage.push.PushActionRepository;
import org.lightweb.storage.rooms.EventRepository;

/**
 * Which thread an event's notification belongs to ("Receiving notifications"): the root of an {@code m.thread}
 * relation, found by following the event's relations at most {@link #MAX_HOPS} times (an edit or a reaction of
 * a threaded message is in that thread); {@code main} otherwise.
 */
public final class Threads {
    /** The spec encourages "a maximum of 3 hops to find a thread". */
    static final int MAX_HOPS = 3;

    private final EventRepository events;

    public Threads(EventRepository events) {
        this.events = events;
    }

    /** The thread of the event whose JSON is {@code event}. */
    Future<String> threadOf(JsonNode event) {
        return follow(event, MAX_HOPS);
    }

    private Future<String> follow(JsonNode event, int hopsLeft) {
        JsonNode rel = event.path("content").path("m.relates_to");
        JsonNode target = rel.get("event_id");
        if (target == null || !target.isTextual()) return Future.succeededFuture(PushActionRepository.MAIN);
        if ("m.thread".equals(rel.path("rel_type").asText(null))) return Future.succeededFuture(target.asText());
        if (hopsLeft <= 1) return Future.succeededFuture(PushActionRepository.MAIN);
        return events.event(target.asText()).compose(parent -> parent.isEmpty()
                ? Future.succeededFuture(PushActionRepository.MAIN)
                : follow(Json.parse(parent.get().json()), hopsLeft - 1));
    }
}
