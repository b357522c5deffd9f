package org.lightweb.storage.rooms;

/** One row of {@code rooms}. */
public record RoomRecord(String roomId, String roomVersion, String creator, long createdTs, boolean isPublic, Long stateGroup) {
}
