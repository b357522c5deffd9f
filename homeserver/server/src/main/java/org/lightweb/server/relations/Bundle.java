package org.lightweb.server.relations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.lightweb.storage.relations.RelationRepository.Aggregations;
import org.lightweb.storage.relations.RelationRepository.ThreadSummary;
import org.lightweb.storage.rooms.StoredEvent;

/**
 * What one event gets under {@code unsigned.m.relations}: its latest valid edit, its thread summary and its
 * references. Chosen from what the repository found, then written once the related events are formatted. Pure.
 */
record Bundle(StoredEvent edit, ThreadSummary thread, StoredEvent threadLatest, List<String> references) {

    /** The bundle of {@code parent} from the aggregations of its batch; {@code related} holds the loaded children. */
    static Bundle of(StoredEvent parent, Aggregations agg, Map<String, StoredEvent> related) {
        List<StoredEvent> candidates = agg.editCandidates().getOrDefault(parent.eventId(), List.of()).stream()
                .map(related::get).filter(Objects::nonNull).toList();
        StoredEvent edit = Replacements.latestValid(parent, candidates).orElse(null);
        ThreadSummary thread = agg.threads().get(parent.eventId());
        StoredEvent latest = thread == null ? null : related.get(thread.latestEventId());
        return new Bundle(edit, thread, latest, agg.references().getOrDefault(parent.eventId(), List.of()));
    }

    /**
     * Writes {@code unsigned.m.relations} into the formatted {@code event} (nothing when there is nothing to bundle).
     * {@code formatted} holds the formatted edit and latest thread event by id.
     */
    void writeTo(ObjectNode event, Map<String, ObjectNode> formatted, String viewerId, StoredEvent parent) {
        boolean hasThread = thread != null && threadLatest != null;
        if (edit == null && !hasThread && references.isEmpty()) return;
        ObjectNode unsigned = event.has("unsigned") ? (ObjectNode) event.get("unsigned") : event.putObject("unsigned");
        ObjectNode relations = unsigned.putObject("m.relations");
        if (edit != null) relations.set("m.replace", formatted.get(edit.eventId()));
        if (hasThread) {
            ObjectNode t = relations.putObject("m.thread");
            t.set("latest_event", formatted.get(threadLatest.eventId()));
            t.put("count", thread.count());
            // "current_user_participated": the viewer sent the root or a reply.
            t.put("current_user_participated", thread.viewerReplied() || parent.sender().equals(viewerId));
        }
        if (!references.isEmpty()) {
            var chunk = relations.putObject("m.reference").putArray("chunk");
            references.forEach(id -> chunk.addObject().put("event_id", id));
        }
    }
}
