package org.lightweb.server.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lightweb.core.Clock;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.core.Secrets;
import org.lightweb.core.ServerName;
import org.lightweb.core.UserId;
import org.lightweb.server.rooms.EventDraft;
import org.lightweb.server.rooms.MembershipService;
import org.lightweb.server.rooms.RoomCreation;
import org.lightweb.server.rooms.RoomEvents;
import org.lightweb.storage.admin.AdminRepository;
import org.lightweb.storage.rooms.Membership;
import org.lightweb.storage.rooms.RoomCaches;
import org.lightweb.storage.rooms.RoomRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deleting a room as Synapse's delete room API does (docs/admin_api/rooms.md "Delete Room API"): optionally block
 * it, make every local member leave (through the membership service, so their syncs see it) and, with a new room
 * user, move them to a new room with a message; remove its local aliases and directory entry; then optionally purge
 * its rows. Version 2 runs in the background; its statuses are kept in memory, the most recent ones only.
 */
public final class RoomShutdown {
    private static final Logger log = LoggerFactory.getLogger(RoomShutdown.class);

    /** What a deletion asks for (the request body). */
    public record Request(String roomId, UserId requester, UserId newRoomUser, String roomName, String message,
                          boolean block, boolean purge, boolean forcePurge) {}

    /** One deletion: its id, room, status (purging, complete, failed), error and shutdown_room results. */
    public static final class Status {
        final String deleteId;
        final String roomId;
        volatile String status = "shutting_down";
        volatile String error;
        volatile Map<String, Object> result = emptyResult();

        Status(String deleteId, String roomId) {
            this.deleteId = deleteId;
            this.roomId = roomId;
        }

        Map<String, Object> toJson(boolean withId) {
            Map<String, Object> m = new LinkedHashMap<>();
            if (withId) m.put("delete_id", deleteId);
            m.put("status", status);
            if (error != null) m.put("error", error);
            m.put("shutdown_room", result);
            return m;
        }
    }

    private final ServerName serverName;
    private final AdminRepository admin;
    private final RoomRepository rooms;
    private final MembershipService memberships;
    private final RoomCreation creation;
    private final RoomEvents roomEvents;
    private final RoomCaches caches;
    private final Clock clock;
    private final Map<String, Status> statuses;

    RoomShutdown(ServerName serverName, AdminRepository admin, RoomRepository rooms, MembershipService memberships,
                 RoomCreation creation, RoomEvents roomEvents, RoomCaches caches, Clock clock, int keptStatuses) {
        this.serverName = serverName;
        this.admin = admin;
        this.rooms = rooms;
        this.memberships = memberships;
        this.creation = creation;
        this.roomEvents = roomEvents;
        this.caches = caches;
        this.clock = clock;
        this.statuses = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Status> eldest) {
                return size() > keptStatuses;
            }
        });
    }

    private static Map<String, Object> emptyResult() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kicked_users", List.of());
        m.put("failed_to_kick_users", List.of());
        m.put("local_aliases", List.of());
        m.put("new_room_id", null);
        return m;
    }

    /** Version 1: deletes now and answers the shutdown_room results. */
    public Future<Map<String, Object>> deleteNow(Request r) {
        return check(r).compose(v -> run(r, new Status(null, r.roomId())));
    }

    /** Version 2: checks the request, starts the deletion in the background and answers its delete_id. */
    public Future<String> start(Request r) {
        return check(r).map(v -> {
            synchronized (statuses) {
                boolean running = statuses.values().stream().anyMatch(s -> s.roomId.equals(r.roomId())
                        && !s.status.equals("complete") && !s.status.equals("failed"));
                if (running) throw MatrixException.badJson("Purge already in progress for " + r.roomId());
            }
            Status s = new Status(Secrets.randomString(16), r.roomId());
            statuses.put(s.deleteId, s);
            run(r, s).onFailure(e -> {
                s.error = e.getMessage();
                s.status = "failed";
                log.warn("room deletion failed [room: {}, delete_id: {}]", r.roomId(), s.deleteId, e);
            });
            return s.deleteId;
        });
    }

    public Optional<Map<String, Object>> status(String deleteId) {
        Status s = statuses.get(deleteId);
        return Optional.ofNullable(s).map(x -> x.toJson(false));
    }

    public List<Map<String, Object>> statusesOf(String roomId) {
        synchronized (statuses) {
            return statuses.values().stream().filter(s -> s.roomId.equals(roomId)).map(s -> s.toJson(true)).toList();
        }
    }

    private Future<Void> check(Request r) {
        if (r.newRoomUser() != null && !r.newRoomUser().isLocalTo(serverName)) {
            return Future.failedFuture(MatrixException.invalidParam("User must be our own: " + r.newRoomUser()));
        }
        // A room this server never saw can still be blocked (Synapse allows it); it has nothing to shut down.
        return rooms.room(r.roomId()).compose(found -> found.isPresent() || r.block() ? Future.succeededFuture()
                : Future.failedFuture(MatrixException.notFound("Unknown room " + r.roomId())));
    }

    private Future<Map<String, Object>> run(Request r, Status s) {
        String roomId = r.roomId();
        Future<Void> blocked = r.block() ? admin.block(roomId, r.requester().toString(), clock.millis()) : Future.succeededFuture();
        return blocked.compose(v -> rooms.room(roomId)).compose(room -> {
            if (room.isEmpty()) {
                s.status = "complete";
                return Future.succeededFuture(s.result);
            }
            return newRoom(r).compose(newRoomId -> rooms.members(roomId).compose(members -> {
                List<String> kicked = Collections.synchronizedList(new ArrayList<>());
                List<String> failed = Collections.synchronizedList(new ArrayList<>());
                Future<Void> chain = Future.succeededFuture();
                for (Membership m : members) {
                    Optional<UserId> user = UserId.parse(m.userId()).filter(u -> u.isLocalTo(serverName));
                    if (user.isEmpty() || !m.membership().equals("join")) continue;
                    chain = chain.compose(x -> moveOut(user.get(), roomId, newRoomId, r)
                            .map(ok -> {
                                kicked.add(m.userId());
                                return (Void) null;
                            })
                            .recover(e -> {
                                log.warn("could not remove member [room: {}, user: {}]", roomId, m.userId(), e);
                                failed.add(m.userId());
                                return Future.succeededFuture();
                            }));
                }
                return chain.compose(x -> removeAliases(roomId)).compose(aliases -> {
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("kicked_users", List.copyOf(kicked));
                    result.put("failed_to_kick_users", List.copyOf(failed));
                    result.put("local_aliases", aliases);
                    result.put("new_room_id", newRoomId);
                    s.result = result;
                    if (!r.purge()) return Future.succeededFuture(result);
                    if (!failed.isEmpty() && !r.forcePurge()) {
                        return Future.failedFuture(MatrixException.badJson(
                                "Users are still joined to this room; set force_purge to purge anyway"));
                    }
                    s.status = "purging";
                    List<String> userIds = members.stream().map(Membership::userId).toList();
                    return admin.purgeRoom(roomId).map(rows -> {
                        caches.roomPurged(roomId, userIds);
                        log.info("purged room [room: {}, rows: {}]", roomId, rows);
                        return result;
                    });
                });
            }));
        }).onSuccess(result -> s.status = "complete");
    }

    /** The room members are moved to, when a new room user is given: public, members may not speak. */
    private Future<String> newRoom(Request r) {
        if (r.newRoomUser() == null) return Future.succeededFuture(null);
        ObjectNode req = Json.object();
        req.put("preset", "public_chat");
        req.put("name", r.roomName() != null ? r.roomName() : "Content Violation Notification");
        req.putObject("power_level_content_override").put("users_default", -10);
        return creation.create(r.newRoomUser(), req).compose(newRoomId -> {
            ObjectNode content = Json.object();
            content.put("msgtype", "m.text");
            content.put("body", r.message() != null ? r.message()
                    : "Sharing illegal content on this server is not permitted and rooms in violation will be blocked.");
            return roomEvents.send(newRoomId, new EventDraft("m.room.message", null, r.newRoomUser(), content, null), null)
                    .map(newRoomId);
        });
    }

    /**
     * The user leaves (as themselves, as Synapse does) and joins the new room if there is one. Unlike Synapse the
     * room is not forgotten for them: sync leaves forgotten rooms out, and their clients must see the leave.
     */
    private Future<Void> moveOut(UserId user, String roomId, String newRoomId, Request r) {
        return memberships.leave(user, roomId, null)
                .compose(v -> newRoomId == null || user.equals(r.newRoomUser()) ? Future.succeededFuture()
                        : memberships.join(user, newRoomId, null).<Void>mapEmpty());
    }

    private Future<List<String>> removeAliases(String roomId) {
        return rooms.aliasesOf(roomId).compose(all -> {
            List<String> local = all.stream().filter(a -> a.endsWith(":" + serverName.value())).toList();
            Future<Void> chain = Future.succeededFuture();
            for (String a : local) chain = chain.compose(v -> rooms.deleteAlias(a).<Void>mapEmpty());
            return chain.compose(v -> rooms.setPublic(roomId, false)).map(v -> local);
        });
    }
}
