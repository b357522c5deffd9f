package org.lightweb.server.appservice;

import org.lightweb.appservice.kit.Registration;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.lightweb.core.Json;
import org.lightweb.server.delivery.SerialRetry;
import org.lightweb.server.rooms.Aliases;
import org.lightweb.server.rooms.ClientEvents;
import org.lightweb.server.rooms.RoomEvents;
import org.lightweb.storage.appservice.AppserviceRepository;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.Membership;
import org.lightweb.storage.rooms.RoomRepository;
import org.lightweb.storage.rooms.StoredEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes the event stream to each appservice with a url (spec: "Pushing events"): the events it is interested in,
 * in stream order, in transactions of at most {@code appservices.max_events_per_transaction}, one at a time, with
 * the same transaction id until it is acknowledged, backing off exponentially while the appservice cannot be
 * reached. Where each appservice stands is kept in the database, so nothing is lost or sent twice across restarts;
 * an appservice registered later starts from the events after its registration.
 *
 * <p>Interest (Synapse's ApplicationService.is_interested_in_event): the sender, or the target of a membership
 * event, in its user namespaces; the room in its room namespaces; one of the room's aliases in its alias namespaces;
 * or one of the room's members in its user namespaces (its bots hear the rooms they are in).
 */
public final class AppserviceSender implements RoomEvents.Listener {
    private static final Logger log = LoggerFactory.getLogger(AppserviceSender.class);

    /** The limits: transaction size, backoff, time per request. */
    public record Settings(int maxEventsPerTransaction, Duration initialBackoff, Duration maxBackoff, Duration requestTimeout) {}

    private final Vertx vertx;
    private final Appservices appservices;
    private final AppserviceRepository positions;
    private final EventRepository events;
    private final RoomRepository rooms;
    private final Aliases aliases;
    private final ClientEvents clientEvents;
    private final LongSupplier head;
    private final Settings settings;
    private final AppserviceClient client;
    private final Map<String, SerialRetry> workers = new HashMap<>();
    private Context context;

    public AppserviceSender(Vertx vertx, Appservices appservices, AppserviceRepository positions, EventRepository events,
                            RoomRepository rooms, Aliases aliases, ClientEvents clientEvents, LongSupplier head,
                            Settings settings) {
        this.vertx = vertx;
        this.appservices = appservices;
        this.positions = positions;
        this.events = events;
        this.rooms = rooms;
        this.aliases = aliases;
        this.clientEvents = clientEvents;
        this.head = head;
        this.settings = settings;
        this.client = new AppserviceClient(settings.requestTimeout());
    }

    AppserviceClient client() { return client; }

    /** Sends what each appservice missed while the node was down. Call on the node's context. */
    public void start() {
        context = vertx.getOrCreateContext();
        appservices.onAdded(r -> context.runOnContext(v -> wake(r)));
        context.runOnContext(v -> appservices.all().forEach(e -> wake(e.registration())));
    }

    public void close() {
        if (context == null) {
            client.close();
            return;
        }
        context.runOnContext(v -> {
            workers.values().forEach(SerialRetry::close);
            workers.clear();
            client.close();
        });
    }

    @Override
    public void onEvents(String roomId, List<StoredEvent> stored) {
        if (context == null) return;
        context.runOnContext(v -> appservices.all().forEach(e -> wake(e.registration())));
    }

    /**
     * Sends to an appservice now, forgetting its failures and backoff: it has just started listening (the admin
     * bot, registered before its receiver is up).
     */
    public void restart(String id) {
        if (context == null) return;
        context.runOnContext(v -> appservices.byId(id).ifPresent(r -> {
            if (r.url() == null) return;
            SerialRetry existing = workers.get(id);
            if (existing != null) existing.restart();
            else wake(r);
        }));
    }

    private void wake(Registration r) {
        if (r.url() == null) return;
        workers.computeIfAbsent(r.id(), id -> new SerialRetry(vertx, () -> runOnce(id), settings.initialBackoff(),
                settings.maxBackoff(), err -> log.warn("appservice transaction failed, will retry [appservice: {}]: {}", id,
                        err.getMessage()), () -> workers.remove(id))).wake();
    }

    /**
     * A transaction sent and not acknowledged yet: a retry carries exactly the same events (the stream up to
     * {@code upTo}) and ephemeral data under the same id, as the spec wants (an appservice may skip an id it saw).
     */
    private record InFlight(long txnId, long upTo, List<ObjectNode> ephemeral) {}

    private final Map<String, InFlight> inFlight = new HashMap<>();
    /** Ephemeral data (typing, receipts, presence) waiting for the next transaction, per appservice; bounded. */
    private final Map<String, java.util.ArrayDeque<ObjectNode>> ephemeral = new HashMap<>();
    private static final int MAX_PENDING_EPHEMERAL = 1000;

    /** Queues ephemeral data for an appservice that asked for it, and wakes its worker. Call on any thread. */
    void queueEphemeral(Registration r, ObjectNode event) {
        if (context == null || r.url() == null || !r.receiveEphemeral()) return;
        context.runOnContext(v -> {
            var queue = ephemeral.computeIfAbsent(r.id(), k -> new java.util.ArrayDeque<>());
            if (queue.size() >= MAX_PENDING_EPHEMERAL) queue.pollFirst();   // the oldest typing or presence is stale first
            queue.addLast(event);
            wake(r);
        });
    }

    /** Sends the next transaction of one appservice, or skips events it is not interested in. */
    private Future<SerialRetry.Step> runOnce(String id) {
        Registration r = appservices.byId(id).orElse(null);
        if (r == null || r.url() == null) {
            inFlight.remove(id);
            ephemeral.remove(id);
            return Future.succeededFuture(SerialRetry.Step.GONE);
        }
        return positions.position(id).compose(found -> {
            if (found.isEmpty()) {
                // A new appservice hears of what happens from now on, not of the whole history.
                return positions.setPosition(id, new AppserviceRepository.Position(head.getAsLong(), 0)).map(SerialRetry.Step.IDLE);
            }
            AppserviceRepository.Position at = found.get();
            InFlight pinned = inFlight.get(id);
            long upTo = pinned != null ? pinned.upTo() : head.getAsLong();
            var queued = ephemeral.getOrDefault(id, new java.util.ArrayDeque<>());
            if (pinned == null && at.eventsPosition() >= upTo && queued.isEmpty()) return Future.succeededFuture(SerialRetry.Step.IDLE);
            Future<List<StoredEvent>> read = at.eventsPosition() >= upTo ? Future.succeededFuture(List.of())
                    : events.eventsAfter(at.eventsPosition(), upTo, settings.maxEventsPerTransaction());
            return read.compose(batch -> {
                long last = batch.isEmpty() ? at.eventsPosition() : batch.get(batch.size() - 1).streamOrdering();
                SerialRetry.Step next = batch.size() == settings.maxEventsPerTransaction() || !queued.isEmpty()
                        ? SerialRetry.Step.MORE : SerialRetry.Step.IDLE;
                return interesting(r, batch).compose(wanted -> {
                    InFlight txn = pinned;
                    if (txn == null) {
                        List<ObjectNode> eph = new ArrayList<>();
                        for (int i = 0; i < 100 && !queued.isEmpty(); i++) eph.add(queued.pollFirst());
                        if (wanted.isEmpty() && eph.isEmpty()) {
                            return positions.setPosition(id, new AppserviceRepository.Position(last, at.lastTxnId())).map(next);
                        }
                        txn = new InFlight(at.lastTxnId() + 1, last, List.copyOf(eph));
                        inFlight.put(id, txn);
                    }
                    InFlight sending = txn;
                    return clientEvents.format(wanted, null).compose(formatted -> {
                        ObjectNode body = Json.object();
                        ArrayNode list = body.putArray("events");
                        formatted.forEach(list::add);
                        if (!sending.ephemeral().isEmpty()) {
                            ArrayNode eph = body.putArray("ephemeral");
                            sending.ephemeral().forEach(eph::add);
                            body.set("de.sorunome.msc2409.ephemeral", eph.deepCopy());   // bridges before Matrix 1.13
                        }
                        return client.transaction(r, sending.txnId(), body);
                    }).compose(answer -> {
                        if (!answer.ok()) {
                            return Future.failedFuture(new IllegalStateException(answer.error() != null ? answer.error()
                                    : "HTTP " + answer.status()));
                        }
                        log.debug("appservice transaction sent [appservice: {}, txn: {}, events: {}, ephemeral: {}]", id,
                                sending.txnId(), wanted.size(), sending.ephemeral().size());
                        return positions.setPosition(id, new AppserviceRepository.Position(last, sending.txnId()))
                                .onSuccess(v -> inFlight.remove(id)).map(next);
                    });
                });
            });
        });
    }

    /** The events of {@code batch} the appservice is interested in, in order. */
    Future<List<StoredEvent>> interesting(Registration r, List<StoredEvent> batch) {
        if (batch.isEmpty()) return Future.succeededFuture(List.of());
        String server = appservices.serverName();
        Set<String> roomIds = new HashSet<>();
        batch.forEach(e -> roomIds.add(e.roomId()));
        Map<String, Future<Boolean>> byRoom = new LinkedHashMap<>();
        for (String roomId : roomIds) byRoom.put(roomId, roomInteresting(r, roomId));
        return Future.all(new ArrayList<>(byRoom.values())).map(ok -> {
            List<StoredEvent> out = new ArrayList<>();
            for (StoredEvent e : batch) {
                boolean wanted = byRoom.get(e.roomId()).result()
                        || r.isInterestedInUser(e.sender(), server)
                        || ("m.room.member".equals(e.type()) && e.stateKey() != null && r.isInterestedInUser(e.stateKey(), server));
                if (wanted) out.add(e);
            }
            return out;
        });
    }

    /** Whether the appservice hears of what happens in a room (its namespaces, a member or an alias in them). */
    Future<Boolean> roomInteresting(Registration r, String roomId) {
        if (r.isInterestedInRoom(roomId)) return Future.succeededFuture(true);
        String server = appservices.serverName();
        Future<Boolean> members = rooms.members(roomId).map(list -> list.stream()
                .filter(m -> m.membership().equals("join") || m.membership().equals("invite"))
                .map(Membership::userId).anyMatch(u -> r.isInterestedInUser(u, server)));
        if (r.namespaces().aliases().isEmpty()) return members;
        return members.compose(yes -> yes ? Future.succeededFuture(true)
                : aliases.of(roomId).map(list -> list.stream().anyMatch(r::isInterestedInAlias)));
    }
}
