package org.lightweb.storage.admin;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.lightweb.core.UserId;

/**
 * What the admin API reads and writes across tables that no single feature owns: the user list with profiles, the
 * room list with member counts, blocked rooms and purging a room's rows.
 */
public interface AdminRepository {
    /** One user as the admin user list shows it. Display name and avatar are decoded from the profile's JSON. */
    record UserRow(UserId userId, boolean admin, boolean guest, String userType, boolean deactivated, long createdTs,
                   String displayName, String avatarUrl, String appserviceId, Long lastSeenTs) {}

    /**
     * A page request of GET /_synapse/admin/v2/users. {@code name} matches localparts or display names,
     * {@code userId} (ignored with a name) user ids; null filters match everyone.
     */
    record UserQuery(long from, int limit, String name, String userId, boolean guests, boolean deactivated,
                     Boolean admins, String orderBy, boolean backwards) {
        public static final Set<String> ORDERS = Set.of("name", "is_guest", "admin", "user_type", "deactivated",
                "displayname", "avatar_url", "creation_ts", "last_seen_ts", "shadow_banned");
    }

    record Page<T>(List<T> items, long total) {}

    Future<Page<UserRow>> users(UserQuery query);

    Future<Optional<UserRow>> user(UserId user);

    /** Marks a deactivated user active again with a new password hash (null: none). */
    Future<Void> reactivate(UserId user, String passwordHash);

    /** One room with its membership counts; {@code stateEvents} counts its current state entries. */
    record RoomRow(String roomId, String version, String creator, boolean isPublic, int joinedMembers,
                   int joinedLocalMembers, int stateEvents) {}

    /** Every room this server knows, with counts; local members are those of {@code serverName}. */
    Future<List<RoomRow>> rooms(String serverName);

    Future<Optional<RoomRow>> room(String roomId, String serverName);

    Future<Void> block(String roomId, String byUser, long nowTs);

    Future<Void> unblock(String roomId);

    /** The admin who blocked the room, when it is blocked. */
    Future<Optional<String>> blockedBy(String roomId);

    /**
     * Deletes every row of the room (events, state, memberships, aliases, receipts, room account data, search,
     * relations, ...): each table with a room_id column but blocked_rooms and content_reports, and the rows keyed by
     * its events or state groups. Answers how many rows went.
     */
    Future<Integer> purgeRoom(String roomId);

    /** The media ids ({@code [server, mediaId]}) a local user uploaded, for quarantining them all. */
    Future<List<List<String>>> mediaUploadedBy(String userId);

    /** The JSON of the room's events that mention an mxc:// URI (for quarantining a room's media). */
    Future<List<String>> eventsWithMedia(String roomId);
}
