package org.lightweb.server.federation.send;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.lightweb.core.Json;
import org.lightweb.core.ServerName;
import org.lightweb.core.UserId;
import org.lightweb.server.rooms.RoomEvents;
import org.lightweb.storage.rooms.Membership;
import org.lightweb.storage.rooms.RoomRepository;
import org.lightweb.storage.rooms.StoredEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends this server's own events to the other servers of their room: each stored event whose sender is a local
 * user is queued for every other server with a joined member in the room (as the room is once the event is
 * stored), plus, for a membership event about a remote user (leave, kick, ban; not an invite, which went by
 * PUT /invite), the target's server, which
 * may have no one joined any more. Events of remote senders, which federation stores and announces to the same
 * listeners, are never sent on: their origin sends them.
 * <p>
 * Events are queued in the order the listener hears of them (one lookup at a time), so each destination gets a
 * room's events in the order they were stored.
 */
public final class PduFanOut implements RoomEvents.Listener {
    private static final Logger log = LoggerFactory.getLogger(PduFanOut.class);

    private final ServerName ours;
    private final RoomRepository rooms;
    private final FederationSender sender;
    private Future<Void> tail = Future.succeededFuture();   // guarded by this

    public PduFanOut(ServerName ours, RoomRepository rooms, FederationSender sender) {
        this.ours = ours;
        this.rooms = rooms;
        this.sender = sender;
    }

    @Override
    public void onEvents(String roomId, List<StoredEvent> events) {
        List<StoredEvent> local = events.stream().filter(e -> !e.outlier() && isLocal(e.sender())).toList();
        if (local.isEmpty()) return;
        synchronized (this) {
            tail = tail.transform(ignored -> fanOut(roomId, local)
                    .recover(e -> {
                        log.error("cannot queue events for federation [room: {}]", roomId, e);
                        return Future.succeededFuture();
                    }));
        }
    }

    /** Future completes once every event is queued (tests). */
    synchronized Future<Void> idle() { return tail; }

    private Future<Void> fanOut(String roomId, List<StoredEvent> local) {
        return rooms.members(roomId).map(members -> {
            Set<String> joinedServers = new TreeSet<>();
            for (Membership m : members) {
                if ("join".equals(m.membership())) serverOf(m.userId()).ifPresent(joinedServers::add);
            }
            for (StoredEvent e : local) {
                Set<String> to = destinations(e, joinedServers);
                if (!to.isEmpty()) sender.sendPdu(to, (ObjectNode) Json.parse(e.json()));
            }
            return null;
        });
    }

    /** The servers {@code e} goes to, given the servers joined to its room; never this one. */
    Set<String> destinations(StoredEvent e, Set<String> joinedServers) {
        Set<String> to = new TreeSet<>(joinedServers);
        // A kicked, banned or leaving user's server hears of it; an invite reached the invitee's server already
        // through PUT /invite, and that server is in no room state to take it from /send.
        if ("m.room.member".equals(e.type()) && e.stateKey() != null && !"invite".equals(e.membership())) {
            serverOf(e.stateKey()).ifPresent(to::add);
        }
        to.remove(ours.value());
        return to;
    }

    private boolean isLocal(String userId) {
        return UserId.parse(userId).map(u -> u.isLocalTo(ours)).orElse(false);
    }

    private static Optional<String> serverOf(String userId) {
        return UserId.parse(userId).map(u -> u.server().value());
    }
}
