package org.lightweb.plugin;

import java.util.Map;

/**
 * A stored room event.
 *
 * @param stateKey null for a message event
 * @param local    whether it was sent by a user of this node (else received over federation)
 */
public record RoomEvent(String eventId, String roomId, String sender, String type, String stateKey,
                        Map<String, Object> content, long originServerTs, boolean local) {
    public boolean isState() { return stateKey != null; }
}
