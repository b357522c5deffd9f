package org.lightweb.storage.relations;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.jooq.DSLContext;
import org.lightweb.core.Json;

/**
 * Records an event's relationship ("Forming relationships between events") in the transaction that stores the
 * event, so a relation is never lost between the event and its row. Only the cleartext {@code m.relates_to}
 * counts (the spec: the server cannot read an encrypted payload); one without {@code rel_type} (a plain rich
 * reply) is not a relationship the server aggregates.
 */
public final class EventRelations {
    private EventRelations() {}

    /** The relation the event JSON (a full PDU) declares, if any. */
    public static Optional<Relation> of(String eventJson) {
        return of(Json.parse(eventJson));
    }

    /** The relation the event (a full PDU, parsed) declares, if any. */
    public static Optional<Relation> of(JsonNode event) {
        JsonNode relatesTo = event.path("content").path("m.relates_to");
        JsonNode target = relatesTo.get("event_id");
        JsonNode relType = relatesTo.get("rel_type");
        if (target == null || !target.isTextual() || relType == null || !relType.isTextual()) return Optional.empty();
        JsonNode key = relatesTo.get("key");
        return Optional.of(new Relation(target.asText(), relType.asText(), key != null && key.isTextual() ? key.asText() : null));
    }

    /**
     * Inserts the row of an event being stored at {@code streamOrdering}; nothing when it declares no relation.
     *
     * @return the relation recorded, if any
     */
    public static Optional<Relation> record(DSLContext tx, String eventId, String roomId, String type, String sender,
                                            long originServerTs, long streamOrdering, String eventJson) {
        return record(tx, eventId, roomId, type, sender, originServerTs, streamOrdering, of(eventJson));
    }

    /** Like {@link #record(DSLContext, String, String, String, String, long, long, String)}, the relation already read. */
    public static Optional<Relation> record(DSLContext tx, String eventId, String roomId, String type, String sender,
                                            long originServerTs, long streamOrdering, Optional<Relation> relation) {
        relation.ifPresent(r -> org.lightweb.storage.Jdbc.update(tx, "INSERT INTO event_relations (event_id, relates_to_id, "
                + "rel_type, aggregation_key, room_id, sender, type, origin_server_ts, stream_ordering) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", eventId, r.relatesTo(), r.relType(), r.key(), roomId,
                sender, type, originServerTs, streamOrdering));
        return relation;
    }

    /** What {@code m.relates_to} says: the parent, the relationship type and, for annotations, the key. */
    public record Relation(String relatesTo, String relType, String key) {}
}
