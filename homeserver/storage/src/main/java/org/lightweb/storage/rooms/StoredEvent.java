package org.lightweb.storage.rooms;

/** An event as stored: its PDU JSON and what the server knows about it. */
public record StoredEvent(String eventId, String roomId, Long streamOrdering, long depth, String type, String stateKey,
                          String sender, long originServerTs, String json, boolean outlier, String rejectedReason,
                          Long stateBefore, Long stateAfter, String replacesState, String membership) {
    public boolean isState() { return stateKey != null; }
}
