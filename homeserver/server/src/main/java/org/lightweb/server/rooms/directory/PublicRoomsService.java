package org.lightweb.server.rooms.directory;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import org.lightweb.core.MatrixException;
import org.lightweb.core.ServerName;
import org.lightweb.server.http.Requester;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.RoomRepository;
import org.lightweb.storage.rooms.StateKeyId;
import org.lightweb.storage.rooms.StoredEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The published room directory (spec: Published room directory): which rooms are in it, who may change that, and
 * the pages of it that /publicRooms serves, each entry read from the room's current state.
 */
public final class PublicRoomsService {
    private static final Logger log = LoggerFactory.getLogger(PublicRoomsService.class);

    private final ServerName serverName;
    private final RoomRepository rooms;
    private final EventRepository events;
    private final RoomListPermission permission;

    public PublicRoomsService(ServerName serverName, RoomRepository rooms, EventRepository events,
                              RoomListPermission permission) {
        this.serverName = serverName;
        this.rooms = rooms;
        this.events = events;
        this.permission = permission;
    }

    /** "public" or "private"; 404 M_NOT_FOUND for a room this server does not know. */
    public Future<String> visibility(String roomId) {
        return rooms.room(roomId).map(room -> room
                .map(r -> r.isPublic() ? "public" : "private")
                .orElseThrow(() -> MatrixException.notFound("Room not found")));
    }

    /** Publishes or hides a room: for admins and members who may send m.room.canonical_alias (Synapse's rule). */
    public Future<Void> setVisibility(Requester who, String roomId, boolean publish) {
        return visibility(roomId)
                .compose(known -> permission.canChange(who, roomId))
                .compose(allowed -> allowed ? rooms.setPublic(roomId, publish)
                        : Future.failedFuture(MatrixException.forbidden(
                                "You need to be in the room with the power to change its canonical alias to edit its directory entry")))
                .onSuccess(v -> log.info("room directory entry changed [room: {}, visibility: {}, user: {}]", roomId,
                        publish ? "public" : "private", who.userId()));
    }

    /**
     * A page of a server's published rooms; only this server's directory is served (asking another server's
     * needs federation: 404 until then).
     */
    public Future<RoomListPages.Page> list(String server, PublicRoomsQuery query) {
        if (server != null && !server.equals(serverName.value())) {
            if (!ServerName.isValid(server)) return Future.failedFuture(MatrixException.invalidParam("Invalid server name: " + server));
            return Future.failedFuture(MatrixException.notFound("The room directory of " + server
                    + " needs federation to read, which this node does not do yet"));
        }
        if (query.includeAllNetworks() && query.thirdPartyInstanceId() != null) {
            return Future.failedFuture(MatrixException.invalidParam("Can't use include_all_networks with an explicit network"));
        }
        if (query.thirdPartyInstanceId() != null) {
            // No application service publishes a third-party network's directory here, so it is empty.
            return Future.succeededFuture(RoomListPages.page(List.of(), query.limit(), query.since()));
        }
        return listed().map(all -> all.stream().filter(e -> e.matches(query)).sorted(RoomListPages.ORDER).toList())
                .map(matching -> RoomListPages.page(matching, query.limit(), query.since()));
    }

    /** Every room the directory shows, unfiltered and unsorted. */
    private Future<List<DirectoryEntry>> listed() {
        Future<List<RoomRepository.PublicRoom>> published = rooms.publicRooms();
        return published
                .compose(list -> events.currentStateEventsOfRooms(
                        list.stream().map(RoomRepository.PublicRoom::roomId).toList(), DirectoryEntry.STATE))
                .map(states -> published.result().stream()
                        .map(p -> DirectoryEntry.of(p.roomId(), p.joinedMembers(),
                                states.getOrDefault(p.roomId(), Map.<StateKeyId, StoredEvent>of())))
                        .filter(DirectoryEntry::listed)
                        .toList());
    }
}
