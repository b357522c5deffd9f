package org.lightweb.plugin;

import java.util.List;
import java.util.Optional;

/** Rooms this node takes part in, read as the node sees them now (no history visibility: plugins are trusted). */
public interface Rooms {
    /** Whether the node knows the room (it has at least its create event). */
    boolean exists(String roomId);

    /** The room's current state. Empty when the node does not know the room. */
    List<RoomEvent> state(String roomId);

    /** One state event of the room's current state. */
    Optional<RoomEvent> stateEvent(String roomId, String type, String stateKey);

    /** The users joined to the room now. */
    List<String> joinedMembers(String roomId);

    /** The rooms a local user is joined to now. */
    List<String> joinedRooms(String userId);

    /** The room an alias ({@code #name:server}) names, asking its server over federation if it is remote. */
    Optional<String> resolveAlias(String alias);
}
