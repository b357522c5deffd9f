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
 * room's events in the order they were stored. Events are stored, and acknowledged to clients, before they are
 * queued here: the stream ordering queued up to is kept ({@code federation_fanout}), and {@link #catchUp} queues at
 * start the local events stored after it, those of a process that died (SIGKILL, power loss) in between.
 */
public final class PduFanOut implements RoomEvents.Listener {
    private static final Logger log = LoggerFactory.getLogger(PduFanOut.class);

    private final ServerName ours;
    private final RoomRepository rooms;
    private final FederationSender sender;
    private final org.lightweb.storage.federation.FederationQueueRepository positions;
    private final org.lightweb.storage.rooms.EventRepository events;
    private Future<Void> tail = Future.succeededFuture();   // guarded by this
    private int waiting;                                     // fan-outs on the tail, not yet done; guarded by this
    /** Local events read per round of the catch-up. */
    static final int CATCH_UP_BATCH = 500;

    public PduFanOut(ServerName ours, RoomRepository rooms, FederationSender sender,
                     org.lightweb.storage.federation.FederationQueueRepository positions, org.lightweb.storage.rooms.EventRepository events) {
        this.ours = ours;
        this.rooms = rooms;
        this.sender = sender;
        this.positions = positions;
        this.events = events;
    }

    /**
     * Queues the local events stored after the recorded position (a fresh database starts at its newest event), before
     * any event heard of later. Returns when done (tests).
     */
    public Future<Void> catchUp() {
        synchronized (this) {
            tail = tail.transform(ignored -> events.maxStreamOrdering().compose(max -> positions.fanOutPosition().compose(p -> {
                if (p.isEmpty()) return positions.setFanOutPosition(max);
                if (p.get() >= max) return Future.succeededFuture();
                log.info("queueing local events stored but not yet sent to other servers [after: {}, up to: {}]", p.get(), max);
                return replay(p.get(), max);
            })).recover(e -> {
                log.error("federation catch-up failed", e);
                return Future.succeededFuture();
            }));
            return tail;
        }
    }

    private Future<Void> replay(long after, long upTo) {
        return events.eventsAfter(after, upTo, CATCH_UP_BATCH).compose(batch -> {
            if (batch.isEmpty()) return positions.setFanOutPosition(upTo);
            java.util.LinkedHashMap<String, List<StoredEvent>> byRoom = new java.util.LinkedHashMap<>();
            for (StoredEvent e : batch) {
                if (!e.outlier() && isLocal(e.sender())) byRoom.computeIfAbsent(e.roomId(), k -> new java.util.ArrayList<>()).add(e);
            }
            Future<Void> done = Future.succeededFuture();
            for (var room : byRoom.entrySet()) done = done.compose(v -> fanOutOnly(room.getKey(), room.getValue()));
            long last = batch.get(batch.size() - 1).streamOrdering();
            return done.compose(v -> positions.setFanOutPosition(last)).compose(v -> last >= upTo ? Future.succeededFuture() : replay(last, upTo));
        });
    }

    @Override
    public void onEvents(String roomId, List<StoredEvent> events) {
        List<StoredEvent> local = events.stream().filter(e -> !e.outlier() && isLocal(e.sender())).toList();
        if (local.isEmpty()) return;
        synchronized (this) {
            waiting++;
            tail = tail.transform(ignored -> fanOut(roomId, local)
                    .recover(e -> {
                        log.error("cannot queue events for federation [room: {}]", roomId, e);
                        return Future.succeededFuture();
                    })
                    .andThen(done -> {
                        synchronized (PduFanOut.this) {
                            waiting--;
                        }
                    }));
        }
    }

    /** Whether events heard after those being queued now wait on the tail (they will record a position). */
    private synchronized boolean moreWaiting() { return waiting > 1; }

    /** Future completes once every event is queued (tests). */
    synchronized Future<Void> idle() { return tail; }

    private Future<Void> fanOut(String roomId, List<StoredEvent> local) {
        long last = local.stream().map(StoredEvent::streamOrdering).filter(java.util.Objects::nonNull).mapToLong(Long::longValue).max().orElse(-1);
        // While more events wait, the last of them records the position: one write for a burst, not one per
        // event on the single writer. A crash in between replays a few events more at start (catchUp), never fewer.
        return fanOutOnly(roomId, local).compose(v -> last < 0 || moreWaiting() ? Future.succeededFuture()
                : positions.setFanOutPosition(last));
    }

    /** Queues {@code local} for the room's other servers; completes once they are durably queued. */
    private Future<Void> fanOutOnly(String roomId, List<StoredEvent> local) {
        return rooms.members(roomId).compose(members -> {
            Set<String> joinedServers = new TreeSet<>();
            for (Membership m : members) {
                if ("join".equals(m.membership())) serverOf(m.userId()).ifPresent(joinedServers::add);
            }
            Future<Void> queued = Future.succeededFuture();
            for (StoredEvent e : local) {
                Set<String> to = destinations(e, joinedServers);
                if (!to.isEmpty()) queued = queued.compose(v -> sender.queuePdu(to, (ObjectNode) Json.parse(e.json())));
            }
            return queued;
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
