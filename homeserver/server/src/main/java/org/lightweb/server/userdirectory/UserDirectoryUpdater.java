package org.lightweb.server.userdirectory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.List;
import org.lightweb.core.Json;
import org.lightweb.core.ServerName;
import org.lightweb.core.UserId;
import org.lightweb.server.profile.ProfileService;
import org.lightweb.server.rooms.RoomEvents;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.StateKeyId;
import org.lightweb.storage.rooms.StoredEvent;
import org.lightweb.storage.search.UserDirectoryRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the user directory in step with rooms and profiles: a join puts the user in (local users with their
 * global profile, remote users with what their member event says, as Synapse does), a profile change updates
 * the entry, and a change of join rule or history visibility says whether the room's members are findable by
 * anyone. It is a RoomEvents processor: it runs after the events are stored and before the send completes, so
 * a search right after a join sees it. A crash in between leaves the directory behind: a stale name until the
 * user's next join or profile change, and a stale public flag until the room's next join rule or visibility
 * change. Who shares a room is read from room_memberships at search time and is never stale.
 */
public final class UserDirectoryUpdater implements RoomEvents.Processor, ProfileService.Listener {
    private static final Logger log = LoggerFactory.getLogger(UserDirectoryUpdater.class);
    private static final StateKeyId JOIN_RULES = new StateKeyId("m.room.join_rules", "");
    private static final StateKeyId HISTORY_VISIBILITY = new StateKeyId("m.room.history_visibility", "");

    private final ServerName serverName;
    private final UserDirectoryRepository directory;
    private final EventRepository events;
    private final ProfileService profiles;

    public UserDirectoryUpdater(ServerName serverName, UserDirectoryRepository directory, EventRepository events,
                                ProfileService profiles) {
        this.serverName = serverName;
        this.directory = directory;
        this.events = events;
        this.profiles = profiles;
    }

    /** Runs before the send completes, so a client that searches right after its join or join rule change sees it. */
    @Override
    public Future<Void> process(String roomId, List<StoredEvent> stored) {
        boolean publicityChanged = false;
        Future<Void> chain = Future.succeededFuture();
        for (StoredEvent e : stored) {
            if ("join".equals(e.membership())) chain = chain.compose(v -> joined(e));
            if (e.isState() && e.stateKey().isEmpty()
                    && (e.type().equals(JOIN_RULES.type()) || e.type().equals(HISTORY_VISIBILITY.type()))) {
                publicityChanged = true;
            }
        }
        if (publicityChanged) chain = chain.compose(v -> updatePublicity(roomId));
        return chain.recover(err -> {
            log.warn("user directory update failed [room: {}]", roomId, err);
            return Future.succeededFuture();
        });
    }

    /**
     * Fills an empty directory from the rooms' current members: a node that stored rooms before the directory
     * existed. Public-room flags came with the migration. One user at a time, at start.
     */
    public Future<Void> rebuildIfEmpty() {
        return directory.isEmpty().compose(empty -> {
            if (!empty) return Future.succeededFuture();
            return directory.joinedUsers().compose(users -> {
                Future<Void> chain = Future.succeededFuture();
                for (var user : users.entrySet()) {
                    chain = chain.compose(v -> events.event(user.getValue())
                            .compose(e -> e.isPresent() ? joined(e.get()) : Future.<Void>succeededFuture())
                            .recover(err -> {
                                log.warn("user directory rebuild skipped a user [user: {}]", user.getKey(), err);
                                return Future.succeededFuture();
                            }));
                }
                return chain.onSuccess(v -> {
                    if (!users.isEmpty()) log.info("user directory rebuilt [users: {}]", users.size());
                });
            });
        });
    }

    @Override
    public Future<Void> onNameOrAvatarChanged(UserId user, ObjectNode profile) {
        return put(user.toString(), profile);
    }

    private Future<Void> joined(StoredEvent member) {
        String userId = member.stateKey();
        UserId user = UserId.parse(userId).orElse(null);
        if (user != null && user.isLocalTo(serverName)) {
            return profiles.profile(user).compose(p -> put(userId, p));
        }
        return put(userId, Json.parse(member.json()).path("content"));
    }

    private Future<Void> put(String userId, JsonNode profile) {
        return directory.put(userId, text(profile, "displayname"), text(profile, "avatar_url"));
    }

    /** Public for the directory: join rule public, or history world readable. */
    private Future<Void> updatePublicity(String roomId) {
        return events.currentStateEvents(roomId, List.of(JOIN_RULES, HISTORY_VISIBILITY)).compose(state -> {
            boolean isPublic = "public".equals(field(state.get(JOIN_RULES), "join_rule"))
                    || "world_readable".equals(field(state.get(HISTORY_VISIBILITY), "history_visibility"));
            return directory.setPublicRoom(roomId, isPublic);
        });
    }

    private static String field(StoredEvent e, String field) {
        return e == null ? null : text(Json.parse(e.json()).path("content"), field);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() && !v.asText().isEmpty() ? v.asText() : null;
    }
}
