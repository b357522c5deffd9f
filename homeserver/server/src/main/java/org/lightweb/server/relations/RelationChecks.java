package org.lightweb.server.relations;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import org.lightweb.core.ErrCode;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.server.rooms.EventDraft;
import org.lightweb.server.rooms.RoomEvents;
import org.lightweb.storage.relations.RelationRepository;
import org.lightweb.storage.rooms.EventRepository;

/**
 * What a local client may not send as a relation. Threading, "Validation of m.thread relationships": a thread may
 * not start off an event that has an {@code m.relates_to} itself (400 M_UNKNOWN, as the spec says for want of a
 * specific code). Annotations, "Avoiding duplicate annotations": a second annotation of an event by the same sender
 * with the same type and key is 400 M_DUPLICATE_ANNOTATION (unless the first was redacted). As Synapse does, a
 * relation to an event of another room is refused too (the spec ignores it). Sends of a room run one at a time, so
 * two identical reactions cannot both pass.
 */
public final class RelationChecks implements RoomEvents.Check {
    private final EventRepository events;
    private final RelationRepository relations;

    public RelationChecks(EventRepository events, RelationRepository relations) {
        this.events = events;
        this.relations = relations;
    }

    @Override
    public Future<Void> check(String roomId, EventDraft draft) {
        JsonNode rel = draft.content() == null ? null : draft.content().get("m.relates_to");
        if (rel == null || !rel.path("event_id").isTextual() || !rel.path("rel_type").isTextual()) {
            return Future.succeededFuture();
        }
        String relType = rel.get("rel_type").asText();
        return events.event(rel.get("event_id").asText()).compose(target -> {
            if (target.isEmpty()) return Future.succeededFuture();   // unknown parents are allowed, as in Synapse
            if (!target.get().roomId().equals(roomId)) {
                return Future.failedFuture(new MatrixException(400, ErrCode.M_UNKNOWN, "Relations must be in the same room"));
            }
            if (relType.equals("m.thread") && Json.parse(target.get().json()).path("content").has("m.relates_to")) {
                return Future.failedFuture(new MatrixException(400, ErrCode.M_UNKNOWN,
                        "Cannot start threads from an event with a relation"));
            }
            JsonNode key = rel.get("key");
            if (relType.equals(RelationRepository.ANNOTATION) && key != null && key.isTextual()) {
                return relations.hasAnnotation(roomId, target.get().eventId(), draft.sender().toString(), draft.type(),
                        key.asText()).compose(dup -> dup
                        ? Future.failedFuture(new MatrixException(400, ErrCode.M_DUPLICATE_ANNOTATION,
                                "Can't send the same reaction twice"))
                        : Future.succeededFuture());
            }
            return Future.succeededFuture();
        });
    }
}
