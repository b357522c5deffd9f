package org.lightweb.server.rooms;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.lightweb.core.UserId;

/**
 * What a local user wants to send: the rest of the PDU (graph position, hashes, signatures) is the server's.
 *
 * @param originServerTs the event's timestamp when an appservice set it ({@code ts}, spec: "Timestamp massaging"),
 *                       else null for now
 */
public record EventDraft(String type, String stateKey, UserId sender, ObjectNode content, String redacts, Long originServerTs) {
    public EventDraft(String type, String stateKey, UserId sender, ObjectNode content, String redacts) {
        this(type, stateKey, sender, content, redacts, null);
    }

    /** This draft with the timestamp an appservice asked for. */
    public EventDraft at(Long ts) { return new EventDraft(type, stateKey, sender, content, redacts, ts); }

    public static EventDraft state(String type, String stateKey, UserId sender, ObjectNode content) {
        return new EventDraft(type, stateKey, sender, content, null);
    }

    public static EventDraft message(String type, UserId sender, ObjectNode content) {
        return new EventDraft(type, null, sender, content, null);
    }

    public boolean isState() { return stateKey != null; }
}
