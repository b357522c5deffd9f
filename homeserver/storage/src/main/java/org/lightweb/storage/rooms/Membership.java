package org.lightweb.storage.rooms;

/** A user's current membership of a room. */
public record Membership(String roomId, String userId, String membership, String eventId, long streamOrdering,
                         boolean forgotten) {
}
