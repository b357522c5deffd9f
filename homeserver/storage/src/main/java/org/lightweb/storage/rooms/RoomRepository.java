package org.lightweb.storage.rooms;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Rooms, memberships, aliases and the room directory. */
public interface RoomRepository {
    Future<Optional<RoomRecord>> room(String roomId);

    Future<Optional<Membership>> membership(String roomId, String userId);

    /** Every current membership of a user, whatever it is (forgotten ones included: callers decide). */
    Future<List<Membership>> membershipsOf(String userId);

    /** The rooms a user is in with the given membership. */
    Future<List<Membership>> roomsOf(String userId, String membership);

    /** The members of a room (current memberships), optionally only those with the given membership. */
    Future<List<Membership>> members(String roomId);

    /** The users who share a joined room with {@code userId} (the user included when joined anywhere). */
    Future<Set<String>> roomMates(String userId);

    /** Whether both users are joined to at least one common room. */
    Future<Boolean> shareRoom(String userId, String otherUserId);

    /** Forgets a room the user has left: false when the user is still in it (or never was). */
    Future<Boolean> forget(String roomId, String userId);

    Future<Void> setPublic(String roomId, boolean isPublic);

    /** Every published room with its joined member count, most members first, then by room id. */
    Future<List<PublicRoom>> publicRooms();

    record PublicRoom(String roomId, int joinedMembers) {}

    /** Creates an alias; false when it exists. */
    Future<Boolean> createAlias(String alias, String roomId, String creator, long now);

    Future<Optional<Alias>> alias(String alias);

    Future<Boolean> deleteAlias(String alias);

    Future<List<String>> aliasesOf(String roomId);

    /** Points every alias of {@code fromRoom} at {@code toRoom} (room upgrades); answers how many moved. */
    Future<Integer> moveAliases(String fromRoom, String toRoom);

    record Alias(String alias, String roomId, String creator) {}

    /** The rooms in which someone's membership changed in (after, upTo] (stream positions of the events stream). */
    Future<Set<String>> roomsWithMemberChanges(long after, long upTo);
}
