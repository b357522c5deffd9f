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
 * Events are stored, and acknowledged to clients, before they are queued here, so the fan-out reads them back from
 * the database in stream order: everything up to the recorded position ({@code federation_fanout}) is queued, and each
 * round queues the local events stored after it and moves it on. Hearing of events (the listener) only starts a round;
 * a burst heard while one runs makes one more round, not one per event. Reading the stream, not the events heard of,
 * is what keeps the position true: rooms announce their events independently, so a later event of one room can be
 * heard before an earlier one of another, and a position taken from the events heard could pass over the earlier one
 * before it is queued; a crash in between would lose it. Stream positions are given out in commit order (see
 * StreamPositions), so once an event is heard of, every event before it is in the database to be read. Each
 * destination still gets a room's events in the order they were stored. {@link #catchUp} (at start, and in a
 * cluster when this process becomes the one that sends) runs the same round up to the newest event: the events of a
 * process that died (SIGKILL, power loss) between storing and queueing them. The position is recorded when a round
 * queued something, else at most every {@link #UNRECORDED_MAX} events and at a clean stop ({@link #flush}).
 */
public final class PduFanOut implements RoomEvents.Listener {
    private static final Logger log = LoggerFactory.getLogger(PduFanOut.class);

    private final ServerName ours;
    private final RoomRepository rooms;
    private final FederationSender sender;
    private final org.lightweb.storage.federation.FederationQueueRepository positions;
    private final org.lightweb.storage.rooms.EventRepository events;
    private Future<Void> tail = Future.succeededFuture();   // guarded by this
    private long heard = -1;                                 // newest local event heard of; guarded by this
    private boolean roundWaiting;                            // a round on the tail has not yet read heard; guarded by this
    private Long position;                                   // everything up to it is queued; read and written on the tail only
    private long recordedPosition = -1;                      // what federation_fanout says; on the tail only
    /** Local events read per round of the catch-up. */
    static final int CATCH_UP_BATCH = 500;
    /**
     * How far the position may run ahead of the recorded one while rounds queue nothing (rooms without other
     * servers): recording it costs the single writer a transaction per round, and what a crash makes the catch-up
     * read again is events that were sent nowhere.
     */
    static final long UNRECORDED_MAX = 1_000;

    public PduFanOut(ServerName ours, RoomRepository rooms, FederationSender sender,
                     org.lightweb.storage.federation.FederationQueueRepository positions, org.lightweb.storage.rooms.EventRepository events) {
        this.ours = ours;
        this.rooms = rooms;
        this.sender = sender;
        this.positions = positions;
        this.events = events;
    }

    /**
     * Queues the local events stored after the recorded position, read again from the database (a fresh database
     * starts at its newest event), before any event heard of later. Must run before the first event is heard of.
     * Returns when done (tests).
     */
    public Future<Void> catchUp() {
        synchronized (this) {
            tail = tail.transform(ignored -> {
                position = null;
                return events.maxStreamOrdering().compose(max -> recorded(max).compose(p -> {
                    if (p >= max) return Future.succeededFuture();
                    log.info("queueing local events stored but not yet sent to other servers [after: {}, up to: {}]", p, max);
                    return replay(p, max);
                }));
            }).recover(e -> {
                log.error("federation catch-up failed", e);
                return Future.succeededFuture();
            });
            return tail;
        }
    }

    /** The position (read from the database the first time); on a fresh database {@code start}, recorded. */
    private Future<Long> recorded(long start) {
        if (position != null) return Future.succeededFuture(position);
        return positions.fanOutPosition().compose(p -> {
            if (p.isPresent()) {
                position = p.get();
                recordedPosition = position;
                return Future.succeededFuture(position);
            }
            return moveTo(start, true).map(start);
        });
    }

    /** Moves the position to {@code p}, recording it when {@code queued} something or it ran too far ahead. */
    private Future<Void> moveTo(long p, boolean queued) {
        if (!queued && p - recordedPosition < UNRECORDED_MAX) {
            position = p;
            return Future.succeededFuture();
        }
        return positions.setFanOutPosition(p).onSuccess(v -> {
            position = p;
            recordedPosition = p;
        });
    }

    /** Records the position if it ran ahead (a clean stop: the next start reads nothing again). */
    public Future<Void> flush() {
        synchronized (this) {
            tail = tail.transform(ignored -> position == null || position == recordedPosition ? Future.<Void>succeededFuture()
                    : moveTo(position, true)).recover(e -> Future.succeededFuture());
            return tail;
        }
    }

    /** Queues the events after {@code after} up to {@code upTo}, a batch at a time, recording the position after each. */
    private Future<Void> replay(long after, long upTo) {
        return events.eventsAfter(after, upTo, CATCH_UP_BATCH).compose(batch -> {
            if (batch.isEmpty()) return moveTo(upTo, false);
            java.util.LinkedHashMap<String, List<StoredEvent>> byRoom = new java.util.LinkedHashMap<>();
            for (StoredEvent e : batch) {
                if (!e.outlier() && isLocal(e.sender())) byRoom.computeIfAbsent(e.roomId(), k -> new java.util.ArrayList<>()).add(e);
            }
            Future<Boolean> done = Future.succeededFuture(false);
            for (var room : byRoom.entrySet()) {
                done = done.compose(before -> fanOutOnly(room.getKey(), room.getValue()).map(queued -> before || queued));
            }
            long last = batch.size() < CATCH_UP_BATCH ? upTo : batch.get(batch.size() - 1).streamOrdering();
            return done.compose(queued -> moveTo(last, queued))
                    .compose(v -> last >= upTo ? Future.succeededFuture() : replay(last, upTo));
        });
    }

    @Override
    public void onEvents(String roomId, List<StoredEvent> events) {
        long newest = events.stream().filter(e -> !e.outlier() && isLocal(e.sender()) && e.streamOrdering() != null)
                .mapToLong(StoredEvent::streamOrdering).max().orElse(-1);
        if (newest >= 0) heardUpTo(newest, roomId);
    }

    /**
     * In a cluster: another process stored events. A round up to the newest event stored, as for events heard of
     * (the position stays where this process has it; {@link #catchUp} reads the recorded one again). Completes when
     * the round is done (tests).
     */
    public Future<Void> storedElsewhere() {
        return events.maxStreamOrdering().compose(max -> {
            heardUpTo(max, "(another process)");
            return idle();
        }).recover(e -> {
            log.error("cannot read the newest event for federation", e);
            return Future.succeededFuture();
        });
    }

    private void heardUpTo(long newest, String roomId) {
        synchronized (this) {
            heard = Math.max(heard, newest);
            if (roundWaiting) return;
            roundWaiting = true;
            tail = tail.transform(ignored -> {
                long upTo;
                synchronized (PduFanOut.this) {
                    roundWaiting = false;
                    upTo = heard;
                }
                return recorded(upTo).compose(p -> p >= upTo ? Future.<Void>succeededFuture() : replay(p, upTo));
            }).recover(e -> {
                log.error("cannot queue events for federation [room: {}]", roomId, e);
                return Future.succeededFuture();
            });
        }
    }

    /** Future completes once every event is queued (tests). */
    synchronized Future<Void> idle() { return tail; }

    /** Queues {@code local} for the room's other servers; completes once they are durably queued, saying if any was. */
    private Future<Boolean> fanOutOnly(String roomId, List<StoredEvent> local) {
        return rooms.members(roomId).compose(members -> {
            Set<String> joinedServers = new TreeSet<>();
            for (Membership m : members) {
                if ("join".equals(m.membership())) serverOf(m.userId()).ifPresent(joinedServers::add);
            }
            Future<Void> queued = Future.succeededFuture();
            boolean any = false;
            for (StoredEvent e : local) {
                Set<String> to = destinations(e, joinedServers);
                if (to.isEmpty()) continue;
                any = true;
                queued = queued.compose(v -> sender.queuePdu(to, (ObjectNode) Json.parse(e.json())));
            }
            return queued.map(any);
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
