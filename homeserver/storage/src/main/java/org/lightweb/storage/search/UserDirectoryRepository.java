package org.lightweb.storage.search;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * The user directory (client-server API, User Directory): the users this server has seen in rooms with the
 * profile they are found by, and the rooms whose members anyone may find.
 */
public interface UserDirectoryRepository {
    /** Adds the user or replaces what the directory knows of their profile. */
    Future<Void> put(String userId, String displayName, String avatarUrl);

    /** Whether {@code roomId} makes its joined members findable by anyone (public join rule, world readable). */
    Future<Void> setPublicRoom(String roomId, boolean isPublic);

    /**
     * The users {@code searcher} may find whose display name or user id has a word starting with each of
     * {@code words}: users who share a joined room with the searcher, and users joined to a public room
     * ({@link #setPublicRoom} or published in the room directory). Deactivated local users never. At most
     * {@code limit}, by display name then user id.
     */
    Future<Results> search(String searcher, List<String> words, int limit);

    /** Whether the directory has no users at all (a node upgraded to it, before its first rebuild). */
    Future<Boolean> isEmpty();

    /** Every user joined to a room here, with the event id of one of their join events (remote users' profile). */
    Future<Map<String, String>> joinedUsers();

    record Entry(String userId, String displayName, String avatarUrl) {}

    /** @param limited true when more users matched than were returned */
    record Results(List<Entry> users, boolean limited) {}
}
