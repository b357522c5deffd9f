package org.lightweb.storage.relations;

import static org.lightweb.storage.jooq.Tables.EVENT_RELATIONS;

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
        JsonNode relatesTo = Json.parse(eventJson).path("content").path("m.relates_to");
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
        Optional<Relation> relation = of(eventJson);
        relation.ifPresent(r -> tx.insertInto(EVENT_RELATIONS)
                .set(EVENT_RELATIONS.EVENT_ID, eventId).set(EVENT_RELATIONS.RELATES_TO_ID, r.relatesTo())
                .set(EVENT_RELATIONS.REL_TYPE, r.relType()).set(EVENT_RELATIONS.AGGREGATION_KEY, r.key())
                .set(EVENT_RELATIONS.ROOM_ID, roomId).set(EVENT_RELATIONS.SENDER, sender).set(EVENT_RELATIONS.TYPE, type)
                .set(EVENT_RELATIONS.ORIGIN_SERVER_TS, originServerTs).set(EVENT_RELATIONS.STREAM_ORDERING, streamOrdering)
                .onConflictDoNothing()
                .execute());
        return relation;
    }

    /** What {@code m.relates_to} says: the parent, the relationship type and, for annotations, the key. */
    public record Relation(String relatesTo, String relType, String key) {}
}
