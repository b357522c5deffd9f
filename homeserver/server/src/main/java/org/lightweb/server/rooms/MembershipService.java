package org.lightweb.server.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.lightweb.core.ErrCode;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.core.ServerName;
import org.lightweb.core.UserId;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.StateKey;
import org.lightweb.federation.protocol.auth.PowerLevels;
import org.lightweb.server.accounts.DeactivationListener;
import org.lightweb.server.profile.ProfileService;
import org.lightweb.storage.rooms.Membership;
import org.lightweb.storage.rooms.RoomRepository;
import org.lightweb.storage.rooms.StoredEvent;

/**
 * Joining, inviting, leaving, kicking, banning, knocking and forgetting (spec: Room membership). The auth rules
 * have the last word on every change; this adds the checks the client API makes before them, and the content
 * (display name, avatar, reason) the spec expects.
 */
public final class MembershipService implements DeactivationListener, ProfileService.Listener {
    private final ServerName serverName;
    private final RoomEvents roomEvents;
    private final RoomRepository rooms;
    private final ProfileService profiles;
    private volatile RemoteMemberships remote = RemoteMemberships.NONE;

    public MembershipService(ServerName serverName, RoomEvents roomEvents, RoomRepository rooms, ProfileService profiles) {
        this.serverName = serverName;
        this.roomEvents = roomEvents;
        this.rooms = rooms;
        this.profiles = profiles;
    }

    /** A say on every local join before it is made (the admin API's blocked rooms): a failed future refuses it. */
    public interface JoinGuard {
        Future<Void> mayJoin(UserId user, String roomId);
    }

    private volatile JoinGuard joinGuard = (user, roomId) -> Future.succeededFuture();

    public void setJoinGuard(JoinGuard guard) {
        this.joinGuard = guard;
    }

    /** The federation side of membership (joins, knocks and leaves of rooms this server is not in, remote invites). */
    public void setRemote(RemoteMemberships remote) {
        this.remote = remote;
    }

    /**
     * Joins a room: locally when this server is in it, else through one of {@code via} (and the servers the room
     * ID or an invite names) over federation.
     */
    public Future<String> join(UserId user, String roomId, List<String> via, String reason) {
        return joinGuard.mayJoin(user, roomId).compose(ok -> handledHere(roomId)).compose(here -> here ? join(user, roomId, reason)
                : ownContent(user, "join", reason).compose(content -> remote.join(user, roomId, via, content)));
    }

    /** What a room alias of another server points at, through its directory. */
    public Future<RemoteMemberships.Resolved> resolveRemoteAlias(String alias) {
        return remote.resolveAlias(alias);
    }

    /**
     * Whether a membership change is made here: the room was created here (it lives on here even when every member
     * left), or one of this server's users is joined to it. Otherwise it goes through another server.
     */
    private Future<Boolean> handledHere(String roomId) {
        return rooms.room(roomId).compose(room -> room.isEmpty() ? Future.succeededFuture(false)
                : UserId.parse(room.get().creator()).map(c -> c.isLocalTo(serverName)).orElse(false)
                        ? Future.succeededFuture(true) : hostInRoom(roomId));
    }

    /** Whether one of this server's users is joined to the room (it is known here and kept up to date). */
    public Future<Boolean> hostInRoom(String roomId) {
        return rooms.members(roomId).map(members -> members.stream()
                .anyMatch(m -> m.membership().equals("join") && m.userId().endsWith(":" + serverName.value())));
    }

    /** Joins a room this server is in. */
    public Future<String> join(UserId user, String roomId, String reason) {
        return joinGuard.mayJoin(user, roomId).compose(ok -> knownRoom(roomId))
                .compose(version -> rooms.membership(roomId, user.toString()).compose(current -> {
            if (current.isPresent() && current.get().membership().equals("join")) return Future.<Void>succeededFuture();
            return ownContent(user, "join", reason).compose(content -> restrictedJoinAuthoriser(user, roomId, version, current)
                    .compose(authoriser -> {
                        authoriser.ifPresent(a -> content.put("join_authorised_via_users_server", a));
                        return send(roomId, user, user, content).<Void>mapEmpty();
                    }));
        })).map(v -> roomId);
    }

    /**
     * The local member who vouches for a join of {@code user} (of any server) into a restricted room, for
     * {@code make_join}: empty when the room is not restricted or the user is invited; 403 when no allowed room
     * has the user, 400 M_UNABLE_TO_GRANT_JOIN when no local member may invite.
     */
    public Future<Optional<String>> joinAuthoriser(UserId user, String roomId, RoomVersion v) {
        return rooms.membership(roomId, user.toString()).compose(current -> restrictedJoinAuthoriser(user, roomId, v, current));
    }

    /**
     * For restricted rooms a join needs a local member who may invite to vouch for it, when the user is not
     * invited already; the allow conditions (membership of another room) are checked here.
     */
    private Future<Optional<String>> restrictedJoinAuthoriser(UserId user, String roomId, RoomVersion v,
                                                              Optional<Membership> current) {
        if (current.isPresent() && current.get().membership().equals("invite")) return Future.succeededFuture(Optional.empty());
        return roomEvents.stateEvents(roomId, v, Set.of(StateKey.joinRules(), StateKey.powerLevels(), StateKey.create()))
                .compose(state -> {
                    Pdu rules = state.get(StateKey.joinRules());
                    String rule = rules == null ? "invite" : rules.content().path("join_rule").asText("invite");
                    if (!rule.equals("restricted") && !rule.equals("knock_restricted")) return Future.succeededFuture(Optional.empty());
                    List<String> allowedRooms = new ArrayList<>();
                    for (JsonNode allow : rules.content().path("allow")) {
                        if (allow.path("type").asText().equals("m.room_membership") && allow.path("room_id").isTextual()) {
                            allowedRooms.add(allow.get("room_id").asText());
                        }
                    }
                    return anyJoined(user, allowedRooms).compose(allowed -> {
                        if (!allowed) {
                            return Future.failedFuture(MatrixException.forbidden(
                                    "You need an invite, or to be in one of the rooms this room allows"));
                        }
                        PowerLevels levels = PowerLevels.of(Optional.ofNullable(state.get(StateKey.powerLevels())),
                                Optional.ofNullable(state.get(StateKey.create())), v);
                        return rooms.members(roomId).map(members -> members.stream()
                                .filter(m -> m.membership().equals("join") && m.userId().endsWith(":" + serverName.value()))
                                .filter(m -> levels.user(m.userId()) >= levels.invite())
                                .map(Membership::userId).findFirst()
                                .map(Optional::of)
                                .orElseThrow(() -> new MatrixException(400, ErrCode.M_UNABLE_TO_GRANT_JOIN,
                                        "No member of this server can let you in")));
                    });
                });
    }

    private Future<Boolean> anyJoined(UserId user, List<String> roomIds) {
        Future<Boolean> result = Future.succeededFuture(false);
        for (String r : roomIds) {
            result = result.compose(found -> found ? Future.succeededFuture(true)
                    : rooms.membership(r, user.toString()).map(m -> m.map(x -> x.membership().equals("join")).orElse(false)));
        }
        return result;
    }

    public Future<Void> invite(UserId sender, String roomId, UserId target, String reason) {
        return invite(sender, roomId, target, reason, false);
    }

    /** An invite; {@code isDirect} marks it as a direct chat for the invitee (createRoom's is_direct). */
    public Future<Void> invite(UserId sender, String roomId, UserId target, String reason, boolean isDirect) {
        Future<Void> allowed = target.isLocalTo(serverName) ? inviteGate.check(target.toString(), sender.toString()) : Future.succeededFuture();
        return allowed.compose(ok -> knownRoom(roomId)).compose(v -> rooms.membership(roomId, target.toString())).compose(current -> {
            String m = current.map(Membership::membership).orElse("leave");
            if (m.equals("ban")) return Future.failedFuture(MatrixException.forbidden(target + " is banned from the room"));
            if (m.equals("join")) return Future.failedFuture(MatrixException.forbidden(target + " is already in the room"));
            if (target.isLocalTo(serverName)) {
                return profileContent(target, "invite", reason).compose(content -> {
                    if (isDirect) content.put("is_direct", true);
                    return send(roomId, sender, target, content);
                });
            }
            // The invitee's server signs the invite before it is stored (and sent to the room's other servers).
            ObjectNode content = content("invite", reason);
            if (isDirect) content.put("is_direct", true);
            return roomEvents.sendCountersigned(roomId, EventDraft.state(StateKey.MEMBER, target.toString(), sender,
                    content), remote::countersignInvite);
        }).mapEmpty();
    }

    /** Whether a local user accepts an invite from a sender: fails (403) when not. Bound late (it needs account data). */
    @FunctionalInterface
    public interface InviteGate {
        Future<Void> check(String invitee, String inviter);
    }

    private volatile InviteGate inviteGate = (invitee, inviter) -> Future.succeededFuture();

    public void setInviteGate(InviteGate gate) {
        this.inviteGate = gate;
    }

    public InviteGate inviteGate() {
        return inviteGate;
    }

    /** Leaves a room, or rejects an invite, or withdraws a knock. */
    public Future<Void> leave(UserId user, String roomId, String reason) {
        return rooms.membership(roomId, user.toString()).compose(current -> {
            String m = current.map(Membership::membership).orElse("leave");
            if (!m.equals("invite") && !m.equals("knock")) return localLeave(user, roomId, reason);
            // An invite or knock in a room this server is not in is rejected or withdrawn through other servers.
            return handledHere(roomId).compose(here -> here ? localLeave(user, roomId, reason)
                    : remote.leave(user, roomId, content("leave", reason)));
        });
    }

    private Future<Void> localLeave(UserId user, String roomId, String reason) {
        return knownRoom(roomId).compose(v -> rooms.membership(roomId, user.toString())).compose(current -> {
            String m = current.map(Membership::membership).orElse("leave");
            if (m.equals("leave") || m.equals("ban")) return Future.succeededFuture();   // nothing to leave
            return send(roomId, user, user, content("leave", reason)).mapEmpty();
        });
    }

    public Future<Void> kick(UserId sender, String roomId, UserId target, String reason) {
        return knownRoom(roomId).compose(v -> rooms.membership(roomId, target.toString())).compose(current -> {
            String m = current.map(Membership::membership).orElse("leave");
            if (!Set.of("join", "invite", "knock").contains(m)) {
                return Future.failedFuture(MatrixException.forbidden(target + " is not in the room"));
            }
            return send(roomId, sender, target, content("leave", reason)).mapEmpty();
        });
    }

    public Future<Void> ban(UserId sender, String roomId, UserId target, String reason) {
        return knownRoom(roomId).compose(v -> send(roomId, sender, target, content("ban", reason))).mapEmpty();
    }

    public Future<Void> unban(UserId sender, String roomId, UserId target, String reason) {
        return knownRoom(roomId).compose(v -> rooms.membership(roomId, target.toString())).compose(current -> {
            if (current.isEmpty() || !current.get().membership().equals("ban")) {
                return Future.failedFuture(MatrixException.forbidden(target + " is not banned"));
            }
            return send(roomId, sender, target, content("leave", reason)).mapEmpty();
        });
    }

    /** Knocks on a room: locally when this server is in it, else through one of {@code via}. */
    public Future<String> knock(UserId user, String roomId, List<String> via, String reason) {
        return handledHere(roomId).compose(here -> here ? knock(user, roomId, reason)
                : ownContent(user, "knock", reason).compose(content -> remote.knock(user, roomId, via, content)));
    }

    public Future<String> knock(UserId user, String roomId, String reason) {
        return knownRoom(roomId).compose(v -> rooms.membership(roomId, user.toString())).compose(current -> {
            String m = current.map(Membership::membership).orElse("leave");
            if (m.equals("join")) return Future.failedFuture(MatrixException.forbidden("You are already in the room"));
            if (m.equals("ban")) return Future.failedFuture(MatrixException.forbidden("You are banned from the room"));
            return ownContent(user, "knock", reason).compose(content -> send(roomId, user, user, content));
        }).map(e -> roomId);
    }

    /** Forgets a room the user has left; 400 while they are still in it. */
    public Future<Void> forget(UserId user, String roomId) {
        return rooms.membership(roomId, user.toString()).compose(current -> {
            if (current.isPresent() && Set.of("join", "invite", "knock").contains(current.get().membership())) {
                return Future.failedFuture(new MatrixException(400, ErrCode.M_UNKNOWN,
                        "You must leave the room before forgetting it"));
            }
            return current.isEmpty() ? Future.succeededFuture() : rooms.forget(roomId, user.toString()).mapEmpty();
        });
    }

    /** A deactivated user leaves every room they are in or invited to, and rejects knocks. */
    @Override
    public Future<Void> onDeactivated(UserId user, boolean erase) {
        Future<Void> chain = Future.succeededFuture();
        for (String membership : List.of("join", "invite", "knock")) {
            chain = chain.compose(v -> rooms.roomsOf(user.toString(), membership)).compose(list -> {
                Future<Void> leaves = Future.succeededFuture();
                for (Membership m : list) {
                    leaves = leaves.compose(v -> leave(user, m.roomId(), "Account deactivated").recover(e -> Future.succeededFuture()));
                }
                return leaves;
            });
        }
        return chain;
    }

    /** A new display name or avatar goes into the user's member event in every room they are in, as Synapse does. */
    @Override
    public Future<Void> onNameOrAvatarChanged(UserId user, ObjectNode profile) {
        return rooms.roomsOf(user.toString(), "join").compose(joined -> {
            Future<Void> chain = Future.succeededFuture();
            for (Membership m : joined) {
                ObjectNode content = content("join", null);
                if (profile.hasNonNull("displayname")) content.set("displayname", profile.get("displayname"));
                if (profile.hasNonNull("avatar_url")) content.set("avatar_url", profile.get("avatar_url"));
                chain = chain.compose(v -> send(m.roomId(), user, user, content).<Void>mapEmpty()
                        .recover(e -> Future.succeededFuture()));
            }
            return chain;
        });
    }

    private Future<RoomVersion> knownRoom(String roomId) {
        return roomEvents.versionOf(roomId).recover(e -> Future.failedFuture(e instanceof MatrixException
                ? MatrixException.notFound("This server does not know room " + roomId
                        + " (joining rooms on other servers needs federation)")
                : e));
    }

    private Future<StoredEvent> send(String roomId, UserId sender, UserId target, ObjectNode content) {
        return roomEvents.send(roomId, EventDraft.state(StateKey.MEMBER, target.toString(), sender, content), null);
    }

    private static ObjectNode content(String membership, String reason) {
        ObjectNode c = Json.object().put("membership", membership);
        if (reason != null) c.put("reason", reason);
        return c;
    }

    private Future<ObjectNode> ownContent(UserId user, String membership, String reason) {
        return profileContent(user, membership, reason);
    }

    /** Membership content with the target's display name and avatar, as clients expect in member events. */
    private Future<ObjectNode> profileContent(UserId user, String membership, String reason) {
        return profiles.profile(user).recover(e -> Future.succeededFuture(Json.object())).map(p -> {
            ObjectNode c = content(membership, reason);
            if (p.hasNonNull("displayname")) c.set("displayname", p.get("displayname"));
            if (p.hasNonNull("avatar_url")) c.set("avatar_url", p.get("avatar_url"));
            return c;
        });
    }
}
