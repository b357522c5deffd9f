package org.lightweb.server.federation.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.server.federation.client.FederationClient;
import org.lightweb.server.messages.RemoteHistory;
import org.lightweb.server.rooms.RoomEvents;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.RoomPosition;
import org.lightweb.storage.rooms.RoomRepository;
import org.lightweb.storage.rooms.StoredEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backfill from the client side: when /messages reaches the oldest events this node has of a room and those follow
 * events it never received or only knows as outliers (backward extremities: a room joined over federation), a
 * server in the room is asked {@code GET /backfill} and what it sends goes through the receiving checks and is
 * stored as history (negative stream orderings: in topological order, never new to a sync).
 */
final class Backfiller implements RemoteHistory {
    private static final Logger log = LoggerFactory.getLogger(Backfiller.class);
    /** How many of the room's topologically first events are looked at for unknown prev_events. */
    private static final int OLDEST_EVENTS = 20;

    private final String serverName;
    private final EventReceiver receiver;
    private final EventRepository events;
    private final RoomRepository rooms;
    private final RoomEvents roomEvents;
    private final FederationClient client;
    private final int maxLimit;

    Backfiller(String serverName, EventReceiver receiver, EventRepository events, RoomRepository rooms,
               RoomEvents roomEvents, FederationClient client, int maxLimit) {
        this.serverName = serverName;
        this.receiver = receiver;
        this.events = events;
        this.rooms = rooms;
        this.roomEvents = roomEvents;
        this.client = client;
        this.maxLimit = maxLimit;
    }

    @Override
    public Future<Boolean> backfill(String roomId, int limit) {
        return rooms.room(roomId).compose(room -> {
            if (room.isEmpty()) return Future.succeededFuture(false);
            RoomVersion v = RoomVersion.of(room.get().roomVersion()).orElse(null);
            if (v == null) return Future.succeededFuture(false);
            return backwardExtremities(roomId).compose(extremities -> {
                if (extremities.isEmpty()) return Future.succeededFuture(false);
                return servers(roomId).compose(servers -> ask(roomId, v, extremities.get(0), servers, 0,
                        Math.max(1, Math.min(limit, maxLimit))));
            });
        });
    }

    /** Events the room's oldest timeline events follow that this node does not have in its history. */
    Future<List<String>> backwardExtremities(String roomId) {
        return events.roomEvents(roomId, RoomPosition.START, null, false, OLDEST_EVENTS).compose(oldest -> {
            Set<String> prevs = new LinkedHashSet<>();
            for (StoredEvent e : oldest) prevs.addAll(EventReads.prevEventsOf(e));
            return events.events(prevs).map(found -> {
                List<String> out = new ArrayList<>();
                for (String id : prevs) {
                    StoredEvent e = found.get(id);
                    if (e == null || e.outlier()) out.add(id);
                }
                return out;
            });
        });
    }

    /** Other servers with joined members, to ask in turn. */
    private Future<List<String>> servers(String roomId) {
        return rooms.members(roomId).map(members -> {
            Set<String> out = new LinkedHashSet<>();
            members.stream().filter(m -> "join".equals(m.membership()))
                    .map(m -> EventReceiver.serverOf(m.userId())).filter(s -> !s.equals(serverName)).forEach(out::add);
            return List.copyOf(out);
        });
    }

    private Future<Boolean> ask(String roomId, RoomVersion v, String from, List<String> servers, int i, int limit) {
        if (i >= servers.size()) return Future.succeededFuture(false);
        String server = servers.get(i);
        return client.get(server, "/_matrix/federation/v1/backfill/" + EventReceiver.enc(roomId),
                        Map.of("v", from, "limit", String.valueOf(limit)))
                .compose(answer -> receiver.onCpu(() -> PduChecks.parseAll(server, roomId, objects(answer.path("pdus")), v)))
                .compose(received -> store(server, roomId, v, received))
                .recover(err -> {
                    log.info("backfill failed [room: {}, server: {}]: {}", roomId, server, err.getMessage());
                    return Future.succeededFuture(false);
                })
                .compose(got -> got ? Future.succeededFuture(true) : ask(roomId, v, from, servers, i + 1, limit));
    }

    private static List<ObjectNode> objects(JsonNode array) {
        List<ObjectNode> out = new ArrayList<>();
        if (array != null && array.isArray()) array.forEach(n -> { if (n.isObject()) out.add((ObjectNode) n); });
        return out;
    }

    private Future<Boolean> store(String server, String roomId, RoomVersion v, List<Pdu> parsed) {
        List<Pdu> received = new ArrayList<>(parsed);
        if (received.isEmpty()) return Future.succeededFuture(false);
        received.sort(Comparator.comparingLong(Pdu::depth).thenComparing(Pdu::eventId));   // oldest first
        return roomEvents.inRoomTurn(roomId, () -> {
            List<Boolean> stored = new ArrayList<>();
            Future<Void> chain = Future.succeededFuture();
            for (Pdu p : received) {
                chain = chain.compose(x -> events.event(p.eventId()).compose(before -> {
                    boolean isNew = before.isEmpty() || before.get().outlier();
                    return receiver.process(server, p, v, EventReceiver.Mode.BACKFILL).map(outcome -> {
                        if (isNew && outcome.accepted()) stored.add(true);
                        return null;
                    });
                }));
            }
            return chain.map(x -> {
                log.info("backfilled [room: {}, server: {}, events: {}]", roomId, server, stored.size());
                return !stored.isEmpty();
            });
        });
    }
}
