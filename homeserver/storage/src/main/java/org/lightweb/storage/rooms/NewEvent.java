package org.lightweb.storage.rooms;

import java.util.List;

/**
 * An event to add to a room's timeline, already built, signed and authorised by the caller.
 *
 * @param membership  content.membership for m.room.member events, else null
 * @param redacts     for redactions: the event redacted, else null
 * @param txn         the client transaction that sent it, for idempotent sends; null otherwise
 */
public record NewEvent(String eventId, String roomId, long depth, String type, String stateKey, String sender,
                       long originServerTs, String json, List<String> prevEvents, List<String> authEvents,
                       String membership, String redacts, Txn txn) {
    public record Txn(String userId, String deviceId, String txnId) {}

    public boolean isState() { return stateKey != null; }
}
