package org.lightweb.federation.protocol.stateres;

import org.lightweb.federation.protocol.StateKey;

/** State resolution could not run on the inputs it was given: the caller did not load what the algorithm needs. */
public final class StateResolutionException extends RuntimeException {
    private StateResolutionException(String message) {
        super(message);
    }

    static StateResolutionException missingEvent(String eventId) {
        return new StateResolutionException("event " + eventId + " is needed by state resolution but was not loaded");
    }

    static StateResolutionException wrongRoom(String eventId, String roomId, String expectedRoomId) {
        return new StateResolutionException("event " + eventId + " is in room " + roomId + ", not " + expectedRoomId);
    }

    static StateResolutionException notUnderItsKey(String eventId, StateKey key) {
        return new StateResolutionException("event " + eventId + " is in a state set under " + key + ", which is not its (type, state_key)");
    }
}
