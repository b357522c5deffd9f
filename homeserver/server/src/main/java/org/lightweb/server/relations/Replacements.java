package org.lightweb.server.relations;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import org.lightweb.core.Json;
import org.lightweb.storage.rooms.StoredEvent;

/** "Validity of replacement events" (Event replacements): which edit of an event the server bundles. Pure. */
public final class Replacements {
    private Replacements() {}

    /** Whether {@code replacement} is a valid m.replace of {@code original}; the rules are numbered as the spec lists them. */
    public static boolean isValid(StoredEvent original, StoredEvent replacement) {
        JsonNode originalContent = Json.parse(original.json()).path("content");
        JsonNode content = Json.parse(replacement.json()).path("content");
        JsonNode rel = content.path("m.relates_to");
        if (!"m.replace".equals(rel.path("rel_type").asText(null))
                || !original.eventId().equals(rel.path("event_id").asText(null))) return false;
        if (replacement.rejectedReason() != null) return false;
        if (!original.roomId().equals(replacement.roomId())) return false;                         // 1 same room
        if (!original.sender().equals(replacement.sender())) return false;                         // 2 same sender
        if (!original.type().equals(replacement.type())) return false;                             // 3 same type
        if (original.isState() || replacement.isState()) return false;                             // 4 no state_key
        if ("m.replace".equals(originalContent.path("m.relates_to").path("rel_type").asText(null))) return false; // 5
        // 6: m.new_content; an encrypted replacement carries it in the payload the server cannot read.
        return replacement.type().equals("m.room.encrypted") || content.path("m.new_content").isObject();
    }

    /**
     * The edit to bundle: the most recent valid one. {@code candidates} come newest first (origin_server_ts, then
     * the lexicographically largest event id), as the spec orders them, so the first valid one wins.
     */
    public static Optional<StoredEvent> latestValid(StoredEvent original, List<StoredEvent> candidates) {
        return candidates.stream().filter(c -> isValid(original, c)).findFirst();
    }
}
