package org.lightweb.storage.search;

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

    /** The searchable text of an event: the key it is searched under and its value. */
    public record Text(String key, String value) {}

    /** What of {@code e} (parsed: {@code pdu}) is searchable; null when nothing is. */
    public static Text searchable(NewEvent e, JsonNode pdu) {
        String field = FIELDS.get(e.type());
        if (field == null) return null;
        JsonNode value = pdu.path("content").get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) return null;
        return new Text("content." + field, value.asText());
    }

    /** Indexes {@code e}, stored at {@code streamOrdering}, when it has searchable text; otherwise does nothing. */
    public static void index(DSLContext tx, NewEvent e, long streamOrdering) {
        if (!FIELDS.containsKey(e.type())) return;
        index(tx, e, streamOrdering, searchable(e, Json.parse(e.json())));
    }

    /** Indexes {@code text} (from {@link #searchable}; null: nothing) of {@code e}, stored at {@code streamOrdering}. */
    public static void index(DSLContext tx, NewEvent e, long streamOrdering, Text text) {
        if (text == null) return;
        // Plain SQL (see Jdbc): most messages run it.
        org.lightweb.storage.Jdbc.update(tx, "INSERT INTO event_search (event_id, room_id, sender, type, search_key, value, "
                + "stream_ordering, origin_server_ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", e.eventId(), e.roomId(),
                e.sender(), e.type(), text.key(), text.value(), streamOrdering, e.originServerTs());
    }
}
