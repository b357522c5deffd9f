package org.lightweb.server.rooms.directory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.lightweb.core.ErrCode;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.core.ServerName;
import org.lightweb.server.http.Requester;
import org.lightweb.server.rooms.Aliases;
import org.lightweb.server.rooms.CanonicalAliases;
import org.lightweb.server.rooms.EventDraft;
import org.lightweb.server.rooms.RoomEvents;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.Membership;
import org.lightweb.storage.rooms.RoomRepository;
import org.lightweb.storage.rooms.StateKeyId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Room aliases through the client API (spec: Room aliases), with Synapse's rules where the spec leaves them to
 * servers (synapse/handlers/directory.py): only members (or admins) map an alias to a room, and an alias is deleted
 * by its creator, an admin or a member who may change the room's canonical alias, after which the canonical alias
 * event stops naming it.
 */
public final class AliasService {
    private static final Logger log = LoggerFactory.getLogger(AliasService.class);
    private static final StateKeyId CANONICAL = new StateKeyId(CanonicalAliases.TYPE, "");

    private final ServerName serverName;
    private final Aliases aliases;
    private final RoomRepository rooms;
    private final EventRepository events;
    private final RoomEvents roomEvents;
    private final RoomListPermission permission;
    private volatile org.lightweb.server.rooms.RemoteMemberships remote = org.lightweb.server.rooms.RemoteMemberships.NONE;

    public AliasService(ServerName serverName, Aliases aliases, RoomRepository rooms, EventRepository events,
                        RoomEvents roomEvents, RoomListPermission permission) {
        this.serverName = serverName;
        this.aliases = aliases;
        this.rooms = rooms;
        this.events = events;
        this.roomEvents = roomEvents;
        this.permission = permission;
    }

    /** Where aliases of other servers are resolved (federation's {@code /query/directory}). */
    public void setRemote(org.lightweb.server.rooms.RemoteMemberships remote) {
        this.remote = remote;
    }

    /** What an alias resolves to. */
    public record Resolved(String roomId, List<String> servers) {}

    /** Maps a local alias to a room the requester is in (admins: any room here); 409 when the alias is taken. */
    public Future<Void> create(Requester who, String alias, String roomId) {
        if (!aliases.isLocal(alias)) {
            return Future.failedFuture(MatrixException.invalidParam("Room alias " + alias + " is not on this server"));
        }
        String local = aliases.localAlias(localpart(alias));     // 400 for whitespace, ':' or length
        return rooms.room(roomId)
                .compose(room -> room.isPresent() ? Future.succeededFuture()
                        : Future.failedFuture(new MatrixException(400, ErrCode.M_UNKNOWN, "Room does not exist")))
                .compose(known -> who.admin() ? Future.succeededFuture(true) : joined(who, roomId))
                .compose(allowed -> allowed ? aliases.create(local, roomId, who.userId())
                        : Future.failedFuture(MatrixException.forbidden("You must be in the room to create an alias for it")))
                .onSuccess(v -> log.info("alias created [alias: {}, room: {}, user: {}]", local, roomId, who.userId()));
    }

    /** The room of an alias and the servers in it (this one first); 404 for unknown and for remote aliases. */
    public Future<Resolved> resolve(String alias) {
        if (!aliases.isLocal(alias)) {
            return remote.resolveAlias(alias).map(r -> new Resolved(r.roomId(), r.servers()));
        }
        return resolveLocal(alias);
    }

    /** What an alias of this server resolves to: 404 M_NOT_FOUND for others and unknown ones. */
    public Future<Resolved> resolveLocal(String alias) {
        if (!aliases.isLocal(alias)) return Future.failedFuture(MatrixException.notFound("Room alias " + alias + " is not on this server"));
        return aliases.find(alias)
                .map(found -> found.orElseThrow(() -> MatrixException.notFound("Room alias " + alias + " not found")))
                .compose(a -> rooms.members(a.roomId()).map(members -> new Resolved(a.roomId(), servers(members))));
    }

    private List<String> servers(List<Membership> members) {
        Set<String> out = new LinkedHashSet<>();
        out.add(serverName.value());
        members.stream().filter(m -> m.membership().equals("join"))
                .map(m -> m.userId().substring(m.userId().indexOf(':') + 1)).sorted().forEach(out::add);
        return List.copyOf(out);
    }

    /**
     * Deletes a local alias: allowed to its creator, admins and members who may change the canonical alias. When
     * the canonical alias event names it, the requester sends one without it; if their power does not reach, the
     * alias is still deleted (spec: deleteRoomAlias).
     */
    public Future<Void> delete(Requester who, String alias) {
        if (!aliases.isLocal(alias)) {
            return Future.failedFuture(MatrixException.invalidParam("Room alias " + alias + " is not on this server"));
        }
        Future<RoomRepository.Alias> found = aliases.find(alias)
                .map(a -> a.orElseThrow(() -> MatrixException.notFound("Room alias " + alias + " not found")));
        return found
                .compose(a -> a.creator().equals(who.userId().toString()) ? Future.succeededFuture(true)
                        : permission.canChange(who, a.roomId()))
                .compose(allowed -> allowed ? rooms.deleteAlias(alias)
                        : Future.failedFuture(MatrixException.forbidden("You don't have permission to delete the alias")))
                .compose(deleted -> deleted ? dropFromCanonicalAlias(who, found.result().roomId(), alias)
                        : Future.failedFuture(MatrixException.notFound("Room alias " + alias + " not found")))
                .onSuccess(v -> log.info("alias deleted [alias: {}, room: {}, user: {}]", alias, found.result().roomId(),
                        who.userId()));
    }

    private Future<Void> dropFromCanonicalAlias(Requester who, String roomId, String alias) {
        return events.currentStateEvents(roomId, List.of(CANONICAL))
                .map(state -> Optional.ofNullable(state.get(CANONICAL))
                        .flatMap(e -> CanonicalAliases.without((ObjectNode) Json.parse(e.json()).path("content"), alias)))
                .compose(updated -> updated.isEmpty() ? Future.<Void>succeededFuture()
                        : roomEvents.send(roomId, EventDraft.state(CanonicalAliases.TYPE, "", who.userId(), updated.get()), null)
                                .<Void>mapEmpty())
                .recover(e -> {
                    if (!(e instanceof MatrixException m) || m.status() != 403) return Future.failedFuture(e);
                    log.info("deleted alias stays in the canonical alias event [alias: {}, room: {}]: {}", alias, roomId,
                            m.getMessage());
                    return Future.succeededFuture();
                });
    }

    /** The local aliases of a room: for its members, admins, and anyone when the room is world-readable. */
    public Future<List<String>> localAliases(Requester who, String roomId) {
        Future<Boolean> allowed = who.admin() ? Future.succeededFuture(true)
                : joined(who, roomId).compose(in -> in ? Future.succeededFuture(true) : worldReadable(roomId));
        return allowed.compose(ok -> ok ? aliases.of(roomId)
                : Future.failedFuture(MatrixException.forbidden("You are not a member of the room")));
    }

    private Future<Boolean> joined(Requester who, String roomId) {
        return rooms.membership(roomId, who.userId().toString())
                .map(m -> m.map(x -> x.membership().equals("join")).orElse(false));
    }

    private Future<Boolean> worldReadable(String roomId) {
        StateKeyId key = new StateKeyId("m.room.history_visibility", "");
        return events.currentStateEvents(roomId, List.of(key)).map(found -> found.containsKey(key)
                && Json.parse(found.get(key).json()).path("content").path("history_visibility").asText("")
                        .equals("world_readable"));
    }

    private static String localpart(String alias) {
        return alias.substring(1, alias.indexOf(':'));
    }
}
