package org.lightweb.storage.search;

import static org.lightweb.storage.jooq.Tables.EVENT_SEARCH;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.jooq.DSLContext;
import org.lightweb.core.Json;
import org.lightweb.storage.rooms.NewEvent;

/**
 * Writes an event's searchable text into {@code event_search}, inside the transaction that stores the event, so
 * the index never lags behind the events table (a crash loses neither or both). On SQLite a trigger copies the
 * row into the FTS5 table; on PostgreSQL the GIN index follows the row.
 */
public final class EventSearchRows {
    /** The event types that are searched, with the content field of each (the spec's search keys). */
    static final Map<String, String> FIELDS = Map.of(
            "m.room.message", "body",
            "m.room.name", "name",
            "m.room.topic", "topic");

    private EventSearchRows() {}

    /** Indexes {@code e}, stored at {@code streamOrdering}, when it has searchable text; otherwise does nothing. */
    public static void index(DSLContext tx, NewEvent e, long streamOrdering) {
        String field = FIELDS.get(e.type());
        if (field == null) return;
        JsonNode value = Json.parse(e.json()).path("content").get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) return;
        tx.insertInto(EVENT_SEARCH)
                .set(EVENT_SEARCH.EVENT_ID, e.eventId()).set(EVENT_SEARCH.ROOM_ID, e.roomId())
                .set(EVENT_SEARCH.SENDER, e.sender()).set(EVENT_SEARCH.TYPE, e.type())
                .set(EVENT_SEARCH.SEARCH_KEY, "content." + field).set(EVENT_SEARCH.VALUE, value.asText())
                .set(EVENT_SEARCH.STREAM_ORDERING, streamOrdering).set(EVENT_SEARCH.ORIGIN_SERVER_TS, e.originServerTs())
                .onConflictDoNothing()
                .execute();
    }
}
