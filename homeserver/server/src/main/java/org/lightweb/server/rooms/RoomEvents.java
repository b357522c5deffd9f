package org.lightweb.server.rooms;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.lightweb.core.Clock;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.StateKey;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.NewEvent;
import org.lightweb.storage.rooms.RoomRecord;
import org.lightweb.storage.rooms.StateKeyId;
import org.lightweb.storage.rooms.StoredEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local events into rooms: builds each on the room's current state (one at a time per room), authorises it,
 * stores it, and tells the listeners. Creating a room stores all its initial events in one transaction.
 */
public final class RoomEvents {
    private static final Logger log = LoggerFactory.getLogger(RoomEvents.class);

    /** Told about events once they are stored (sync's wake-up, appservices, plugins). */
    public interface Listener {
        void onEvents(String roomId, List<StoredEvent> events);
    }

    /**
     * Works on events once they are stored and before any {@link Listener} hears of them, so that what it writes
     * is there when syncs wake up (push actions: the spec wants the new unread count in the same /sync as the
     * event). The send completes after it; a failure is logged and does not fail the send.
     */
    public interface Processor {
        Future<Void> process(String roomId, List<StoredEvent> events);
    }

    private final EventRepository events;
    private final RoomVersions versions;
    private final EventFactory factory;
    private final RoomLinearizer linearizer;
    private final RoomLinearizer announcing = new RoomLinearizer();   // announcements, per room in store order
    /**
     * The state events sends build on, parsed: the same few per room (create, power levels, join rules, each
     * sender's membership) for every message, only read by the auth rules. Events never change once stored.
     */
    private final com.github.benmanes.caffeine.cache.Cache<String, Pdu> statePdus =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(STATE_PDUS_CACHED).build();
    static final int STATE_PDUS_CACHED = 4_096;
    private final Clock clock;
    private final List<Listener> listeners = new ArrayList<>();
    private final List<Check> checks = new ArrayList<>();

    /**
     * A rule about a local event's content that the auth rules do not know, such as the aliases of
     * m.room.canonical_alias; runs in the room's turn once the event passed the auth rules and before it is
     * stored, so it sees the state the event will replace. Each check decides which events it applies to.
     */
    public interface Check {
        Future<Void> check(String roomId, EventDraft draft);
    }

    private final List<Processor> processors = new ArrayList<>();

    /**
     * A say on a local event before it is built (plugins' vetoes, as Synapse's spam checker): a failed future refuses
     * the send with its error. Runs before the room's turn is taken, so a slow answer holds no one else's send.
     */
    public interface Veto {
        Future<Void> vet(String roomId, EventDraft draft);
    }

    private Veto veto = (roomId, draft) -> Future.succeededFuture();

    public RoomEvents(EventRepository events, RoomVersions versions, EventFactory factory,
                      RoomLinearizer linearizer, Clock clock) {
        this.events = events;
        this.versions = versions;
        this.factory = factory;
        this.linearizer = linearizer;
        this.clock = clock;
    }

    public void addListener(Listener l) { listeners.add(l); }

    public void addCheck(Check c) { checks.add(c); }

    public void addProcessor(Processor p) { processors.add(p); }

    /** The one veto consulted before local sends (the plugin host's, which asks every plugin). */
    public void setVeto(Veto v) { veto = v; }

    /**
     * Runs work in the room's turn, one at a time with local sends: events received over federation are processed
     * under it too, so they never race a local send for the forward extremities.
     */
    public <T> Future<T> inRoomTurn(String roomId, java.util.function.Supplier<Future<T>> work) {
        return linearizer.run(roomId, work);
    }

    /**
     * Announces timeline events that were stored by others (received over federation) to the processors (push
     * rules) and listeners (sync's wake-up), as for local events. Never queued for sending again.
     */
    public Future<Void> announceStored(String roomId, List<StoredEvent> stored) {
        if (stored.isEmpty()) return Future.succeededFuture();
        return announceInOrder(roomId, stored);
    }

    /**
     * Sends a local event; with a transaction id, a repeated request answers the first event. The room is held
     * while the event is built and stored, not while it is announced (push actions, fan-out, wake-ups): the next
     * send in the room builds on the stored event meanwhile, and announcements keep the order of the stores. The
     * answer comes once the event is announced.
     * <p>
     * Sends queue for their room's turn; a turn takes the messages (events without a state key) queued in a row, up
     * to {@code rooms.send_batch_max}, builds each on the one before it and stores them in one transaction, as Synapse's event
     * persister batches a room's events: a busy room's sends share one read of what they build on and one commit
     * instead of taking a turn each. A state event takes a turn alone.
     */
    public Future<StoredEvent> send(String roomId, EventDraft draft, NewEvent.Txn txn) {
        return veto.vet(roomId, draft).compose(allowed -> {
            Queued q = new Queued(draft, txn, Promise.promise());
            synchronized (queued) {
                queued.computeIfAbsent(roomId, k -> new java.util.ArrayDeque<>()).add(q);
            }
            // A turn per send: each takes what is queued by then, so a send is done by the time its own turn comes.
            linearizer.run(roomId, () -> sendQueued(roomId));
            return q.answer().future();
        }).compose(a -> a.announced().map(a.stored()));
    }

    /** How many queued messages of a room one turn builds and stores together (rooms.send_batch_max). */
    private volatile int batchMax = 32;

    public void setSendBatchMax(int max) {
        if (max < 1) throw new IllegalArgumentException("send batch max must be at least 1");
        batchMax = max;
    }

    /** A send waiting for its room's turn, and its answer. */
    private record Queued(EventDraft draft, NewEvent.Txn txn, Promise<Announcing> answer) {}

    private final Map<String, java.util.ArrayDeque<Queued>> queued = new HashMap<>();   // guarded by itself

    /** A stored event and its announcement, queued behind those of the room's earlier events. */
    private record Announcing(StoredEvent stored, Future<Void> announced) {}

    /** The room's turn: the messages queued in a row (or one state event), sent; completes once they are stored. */
    private Future<Void> sendQueued(String roomId) {
        List<Queued> batch = new ArrayList<>();
        synchronized (queued) {
            java.util.ArrayDeque<Queued> q = queued.get(roomId);
            int max = batchMax;
            while (q != null && !q.isEmpty() && batch.size() < max) {
                boolean alone = q.peek().draft().stateKey() != null;
                if (alone && !batch.isEmpty()) break;
                batch.add(q.poll());
                if (alone) break;
            }
            if (q != null && q.isEmpty()) queued.remove(roomId);
        }
        if (batch.isEmpty()) return Future.succeededFuture();
        if (batch.size() == 1) return sendOne(roomId, batch.get(0));
        return sendBatch(roomId, batch).recover(err -> {
            batch.forEach(q -> q.answer().tryFail(err));
            return Future.succeededFuture();
        });
    }

    /** One send in the room's turn: built on what it reads, stored, its announcement queued. */
    private Future<Void> sendOne(String roomId, Queued q) {
        Future<Announcing> sent;
        try {
            sent = basis(roomId, q.draft(), q.txn()).compose(b -> b.read().earlier().isPresent()
                    ? events.event(b.read().earlier().get()).map(e -> new Announcing(e.orElseThrow(), Future.succeededFuture()))
                    : build(roomId, q.draft(), q.txn(), b));
        } catch (RuntimeException e) {
            sent = Future.failedFuture(e);
        }
        sent.onComplete(ar -> answer(q, ar));
        return sent.<Void>mapEmpty().recover(err -> Future.succeededFuture());
    }

    /**
     * Messages queued in a row, in one turn: one read of their basis (and of the events their transaction ids
     * already sent), each built and authorised on the one before it, then one transaction for all. A send refused
     * by the auth rules or a check fails alone; when the transaction fails, each is sent again on its own.
     */
    private Future<Void> sendBatch(String roomId, List<Queued> batch) {
        return versions.of(roomId).compose(v -> {
            java.util.Set<StateKeyId> keys = new java.util.LinkedHashSet<>();
            List<NewEvent.Txn> txns = new ArrayList<>();
            for (Queued q : batch) {
                factory.neededState(q.draft(), v).forEach(k -> keys.add(new StateKeyId(k.type(), k.stateKey())));
                if (q.txn() != null) txns.add(q.txn());
            }
            return events.batchBasis(roomId, keys, txns).compose(read -> {
                RoomRecord room = read.basis().room().orElse(null);
                if (room == null) return Future.failedFuture(MatrixException.notFound("Unknown room " + roomId));
                Map<StateKey, Pdu> state = new HashMap<>();
                read.basis().state().forEach((k, e) -> state.put(StateKey.of(k.type(), k.stateKey()),
                        statePdus.get(e.eventId(), id -> toPdu(e, v))));
                return buildBatch(roomId, v, batch, read, state).compose(built -> storeBatch(roomId, room, built));
            });
        });
    }

    private static void answer(Queued q, io.vertx.core.AsyncResult<Announcing> ar) {
        if (ar.succeeded()) q.answer().tryComplete(ar.result());
        else q.answer().tryFail(ar.cause());
    }

    /** A message built in a batch, and its send. */
    private record BuiltSend(Queued send, Pdu pdu) {}

    private Future<List<BuiltSend>> buildBatch(String roomId, RoomVersion v, List<Queued> batch, EventRepository.BatchBasis read,
                                              Map<StateKey, Pdu> state) {
        List<BuiltSend> built = new ArrayList<>();
        Map<NewEvent.Txn, Queued> firstOfTxn = new HashMap<>();
        var prev = new java.util.concurrent.atomic.AtomicReference<>(read.basis().extremities());
        Future<Void> chain = Future.succeededFuture();
        for (Queued q : batch) {
            chain = chain.compose(ignored -> {
                String earlier = q.txn() == null ? null : read.earlier().get(q.txn());
                if (earlier != null) {
                    events.event(earlier).map(e -> new Announcing(e.orElseThrow(), Future.succeededFuture()))
                            .onComplete(ar -> answer(q, ar));
                    return Future.succeededFuture();
                }
                Queued first = q.txn() == null ? null : firstOfTxn.putIfAbsent(q.txn(), q);
                if (first != null) {   // the same request twice in the batch: the second answers the first's event
                    first.answer().future().onComplete(ar -> answer(q, ar));
                    return Future.succeededFuture();
                }
                Pdu pdu;
                try {
                    pdu = factory.build(v, roomId, q.draft(), state, prev.get());
                } catch (RuntimeException e) {
                    q.answer().tryFail(e);
                    return Future.succeededFuture();
                }
                return checked(roomId, q.draft()).<Void>map(ok -> {
                    built.add(new BuiltSend(q, pdu));
                    prev.set(Map.of(pdu.eventId(), pdu.depth()));
                    return null;
                }).otherwise(err -> {
                    q.answer().tryFail(err);
                    return null;
                });
            });
        }
        return chain.map(built);
    }

    private Future<Void> storeBatch(String roomId, RoomRecord room, List<BuiltSend> built) {
        if (built.isEmpty()) return Future.succeededFuture();
        List<NewEvent> rows = built.stream().map(b -> toNewEvent(b.pdu(), b.send().draft(), b.send().txn())).toList();
        return events.append(null, roomId, room.stateGroup(), rows)
                .compose(orderings -> events.events(rows.stream().map(NewEvent::eventId).toList()))
                .compose(found -> {
                    List<StoredEvent> stored = rows.stream().map(e -> found.get(e.eventId())).toList();
                    Future<Void> announced = announceInOrder(roomId, stored);
                    for (int i = 0; i < built.size(); i++) built.get(i).send().answer().tryComplete(new Announcing(stored.get(i), announced));
                    return Future.<Void>succeededFuture();
                }, err -> {
                    log.warn("storing {} queued messages together failed, storing them one by one [room: {}]", built.size(), roomId, err);
                    Future<Void> each = Future.succeededFuture();
                    for (BuiltSend b : built) each = each.compose(ignored -> sendOne(roomId, b.send()));
                    return each;
                });
    }

    private Future<Announcing> build(String roomId, EventDraft draft, NewEvent.Txn txn, Basis basis) {
        Built built;
        try {
            built = built(roomId, draft, basis);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        return checked(roomId, draft).map(built)
                .compose(b -> store(roomId, b.room(), b.pdu(), draft, txn))
                .map(stored -> new Announcing(stored, announceInOrder(roomId, List.of(stored))));
    }

    /** An event built on the room as it is now: the room's row (its state group), and the PDU, authorised. */
    private record Built(RoomRecord room, RoomVersion version, Pdu pdu) {}

    /** What a send builds on: the room's version, and the room, its state and extremities read in one trip. */
    private record Basis(RoomVersion version, EventRepository.SendBasis read) {}

    /**
     * Reads what {@code draft} is built on, and with {@code txn} the event the device already sent with it: one trip
     * to the database, as each trip in the room's turn holds the room's next send.
     */
    private Future<Basis> basis(String roomId, EventDraft draft, NewEvent.Txn txn) {
        return versions.of(roomId).compose(v -> {
            List<StateKeyId> keys = factory.neededState(draft, v).stream().map(k -> new StateKeyId(k.type(), k.stateKey())).toList();
            return events.sendBasis(roomId, keys, txn).map(read -> new Basis(v, read));
        });
    }

    /** Builds and authorises {@code draft} on the basis read. */
    private Built built(String roomId, EventDraft draft, Basis b) {
        RoomRecord r = b.read().room().orElseThrow(() -> MatrixException.notFound("Unknown room " + roomId));
        Map<StateKey, Pdu> state = new HashMap<>();
        b.read().state().forEach((k, e) -> state.put(StateKey.of(k.type(), k.stateKey()),
                statePdus.get(e.eventId(), id -> toPdu(e, b.version()))));
        return new Built(r, b.version(), factory.build(b.version(), roomId, draft, state, b.read().extremities()));
    }

    /** Builds and authorises {@code draft} on the room's current state and forward extremities. */
    private Future<Built> onCurrentState(String roomId, EventDraft draft) {
        return basis(roomId, draft, null).map(b -> built(roomId, draft, b));
    }

    /** Stores a built event on the state it was built on (else StateChangedException) and reads it back. */
    private Future<StoredEvent> store(String roomId, RoomRecord r, Pdu pdu, EventDraft draft, NewEvent.Txn txn) {
        return events.append(null, roomId, r.stateGroup(), List.of(toNewEvent(pdu, draft, txn)))
                .compose(orderings -> events.event(pdu.eventId())).map(Optional::orElseThrow);
    }

    private Future<Void> checked(String roomId, EventDraft draft) {
        Future<Void> all = Future.succeededFuture();
        for (Check c : checks) all = all.compose(ok -> c.check(roomId, draft));
        return all;
    }

    /**
     * Sends a local event after other work, holding the room from the moment the event is built until it is stored:
     * the event is built and authorised on the room's current state first (so a refusal comes before any of the work
     * is done), {@code work} gets its event ID, and then the event is stored exactly as built. Nothing is sent when
     * the work fails. Room upgrades create the replacement room between authorising the tombstone and sending it.
     */
    public Future<StoredEvent> sendAfter(String roomId, EventDraft draft, Function<String, Future<?>> work) {
        return linearizer.run(roomId, () -> onCurrentState(roomId, draft)
                .compose(b -> work.apply(b.pdu().eventId()).compose(done -> store(roomId, b.room(), b.pdu(), draft, null)))
                .compose(stored -> announceInOrder(roomId, List.of(stored)).map(stored)));
    }

    /**
     * Builds and authorises {@code draft} on the room's current state without storing it: the templates of
     * {@code make_join}, {@code make_leave} and {@code make_knock} (federation), refused as a send would be.
     */
    public Future<Pdu> prepare(String roomId, EventDraft draft) {
        return onCurrentState(roomId, draft).map(Built::pdu);
    }

    /**
     * Sends a local event that another server must sign first (an invite of one of its users): the event is built
     * and authorised on the room's current state, {@code countersign} gets it and answers the same event with more
     * signatures, which is what is stored (and announced, so it is fanned out). Nothing is stored when
     * {@code countersign} fails or answers another event.
     */
    public Future<StoredEvent> sendCountersigned(String roomId, EventDraft draft, Function<Pdu, Future<ObjectNode>> countersign) {
        return sendCountersigned(roomId, draft, countersign, COUNTERSIGN_ATTEMPTS);
    }

    /** How often a countersigned event is built again when the room's state moved while the other server signed. */
    static final int COUNTERSIGN_ATTEMPTS = 3;

    /**
     * The room is held while the event is built and while it is stored, but not while the other server signs it: a
     * slow or hanging server (up to federation.request_timeout) must not stop every other send in the room. When the
     * room's state changed meanwhile the event is built, signed and stored again, {@code attempts} times at most.
     */
    private Future<StoredEvent> sendCountersigned(String roomId, EventDraft draft, Function<Pdu, Future<ObjectNode>> countersign,
                                                  int attempts) {
        return linearizer.run(roomId, () -> onCurrentState(roomId, draft).compose(b -> checked(roomId, draft).map(b)))
                .compose(b -> countersign.apply(b.pdu()).compose(json -> {
                    Pdu signed = Pdu.of(json, b.version());
                    if (!signed.eventId().equals(b.pdu().eventId())) {
                        return Future.failedFuture(new MatrixException(502, org.lightweb.core.ErrCode.M_UNKNOWN,
                                "The other server changed the event it was asked to sign"));
                    }
                    return linearizer.run(roomId, () -> store(roomId, b.room(), signed, draft, null)
                            .compose(stored -> announceInOrder(roomId, List.of(stored)).map(stored)));
                }))
                .recover(err -> err instanceof org.lightweb.storage.rooms.EventRepository.StateChangedException && attempts > 1
                        ? sendCountersigned(roomId, draft, countersign, attempts - 1) : Future.failedFuture(err));
    }

    /**
     * Tells the listeners (sync's wake-up, the federation sender) of events stored outside the room's timeline:
     * the out-of-band memberships of local users in rooms this server is not in.
     */
    public void announceOutOfBand(String roomId, List<StoredEvent> stored) {
        notify(roomId, stored);
    }

    /**
     * Creates a room from its initial events (the first is m.room.create), each authorised against the state the
     * ones before it made, and stores them together: a room exists completely or not at all.
     *
     * @param roomId the new room's ID; null for room versions whose room ID is the create event's ID
     * @return the room ID
     */
    public Future<String> create(RoomVersion v, String roomId, List<EventDraft> drafts) {
        Pdu create;
        try {
            create = buildCreate(v, roomId, drafts.get(0));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        return create(v, create, drafts.get(0), drafts.subList(1, drafts.size()));
    }

    /**
     * Builds a room's m.room.create event without storing it, for callers that need the room ID (from v12 the
     * create event's ID) before the room exists; {@link #create(RoomVersion, Pdu, EventDraft, List)} stores it.
     *
     * @param roomId the new room's ID; null for room versions whose room ID is the create event's ID
     */
    public Pdu buildCreate(RoomVersion v, String roomId, EventDraft draft) {
        if (!draft.type().equals(StateKey.CREATE)) throw new IllegalArgumentException("a room starts with m.room.create");
        return factory.build(v, roomId, draft, Map.of(), Map.of());
    }

    /** Creates a room from a create event built by {@link #buildCreate} (from {@code createDraft}) and the rest. */
    public Future<String> create(RoomVersion v, Pdu create, EventDraft createDraft, List<EventDraft> rest) {
        String room = create.roomId();
        Map<StateKey, Pdu> state = new HashMap<>();
        Map<String, Long> prev = new LinkedHashMap<>();
        List<NewEvent> built = new ArrayList<>();
        try {
            built.add(toNewEvent(create, createDraft, null));
            state.put(create.stateTuple(), create);
            prev.put(create.eventId(), create.depth());
            for (EventDraft draft : rest) {
                Pdu pdu = factory.build(v, room, draft, state, prev);
                built.add(toNewEvent(pdu, draft, null));
                if (pdu.isState()) state.put(pdu.stateTuple(), pdu);
                prev.clear();
                prev.put(pdu.eventId(), pdu.depth());
            }
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        List<NewEvent> withRoom = built.stream().map(e -> e.roomId() != null ? e : withRoomId(e, room)).toList();
        RoomRecord record = new RoomRecord(room, v.id(), createDraft.sender().toString(), clock.millis(), false, null);
        return linearizer.run(room, () -> events.append(record, room, null, withRoom))
                .compose(orderings -> events.events(withRoom.stream().map(NewEvent::eventId).toList()))
                .compose(stored -> {
                    log.info("created room [room: {}, version: {}, creator: {}]", room, v.id(), record.creator());
                    return announceInOrder(room, withRoom.stream().map(e -> stored.get(e.eventId())).toList());
                })
                .map(room);
    }

    /**
     * Redacts an event: one's own always, another's with the redact power level (client-server API,
     * Redactions; the auth rules only check the level for sending m.room.redaction events).
     */
    public Future<StoredEvent> redact(String roomId, String eventId, org.lightweb.core.UserId user, String reason,
                                      NewEvent.Txn txn) {
        return versions.of(roomId).compose(v -> events.event(eventId).compose(target -> {
            if (target.isEmpty() || !target.get().roomId().equals(roomId)) {
                return Future.failedFuture(MatrixException.notFound("Event not found"));
            }
            Future<Void> allowed = target.get().sender().equals(user.toString()) ? Future.succeededFuture()
                    : stateEvents(roomId, v, Set.of(StateKey.powerLevels(), StateKey.create())).compose(state -> {
                        var levels = org.lightweb.federation.protocol.auth.PowerLevels.of(
                                Optional.ofNullable(state.get(StateKey.powerLevels())),
                                Optional.ofNullable(state.get(StateKey.create())), v);
                        return levels.user(user.toString()) >= levels.redact() ? Future.<Void>succeededFuture()
                                : Future.failedFuture(MatrixException.forbidden("You may not redact other people's events"));
                    });
            ObjectNode content = Json.object();
            if (reason != null) content.put("reason", reason);
            return allowed.compose(ok -> send(roomId, new EventDraft(StateKey.REDACTION, null, user, content, eventId), txn));
        }));
    }

    private static NewEvent withRoomId(NewEvent e, String roomId) {
        return new NewEvent(e.eventId(), roomId, e.depth(), e.type(), e.stateKey(), e.sender(), e.originServerTs(),
                e.json(), e.prevEvents(), e.authEvents(), e.membership(), e.redacts(), e.txn());
    }

    private static NewEvent toNewEvent(Pdu pdu, EventDraft draft, NewEvent.Txn txn) {
        String membership = pdu.isType(StateKey.MEMBER) ? pdu.membership() : null;
        String redacts = pdu.isType(StateKey.REDACTION) ? pdu.redacts().orElse(null) : null;
        return new NewEvent(pdu.eventId(), pdu.roomId(), pdu.depth(), pdu.type(), pdu.stateKey().orElse(null),
                pdu.sender(), pdu.originServerTs(), Json.write(pdu.json()), pdu.prevEvents(), pdu.authEvents(),
                membership, redacts, txn);
    }

    /** The current state events of {@code keys} as PDUs. */
    public Future<Map<StateKey, Pdu>> stateEvents(String roomId, RoomVersion v, Set<StateKey> keys) {
        List<StateKeyId> ids = keys.stream().map(k -> new StateKeyId(k.type(), k.stateKey())).toList();
        return events.currentStateEvents(roomId, ids).map(found -> {
            Map<StateKey, Pdu> out = new HashMap<>();
            found.forEach((k, e) -> out.put(StateKey.of(k.type(), k.stateKey()), toPdu(e, v)));
            return out;
        });
    }

    /**
     * The state events of {@code keys} in the room's state group {@code stateGroup} (an event's state after it), as
     * PDUs: from the in-memory state groups and event cache when they hold them, so working out what one message
     * means to each member (push rules) reads nothing. A null group: the current state.
     */
    public Future<Map<StateKey, Pdu>> stateEventsAt(String roomId, RoomVersion v, Long stateGroup, Set<StateKey> keys) {
        if (stateGroup == null) return stateEvents(roomId, v, keys);
        return events.stateOfGroup(stateGroup).compose(state -> {
            Map<String, StateKey> wanted = new HashMap<>();
            for (StateKey k : keys) {
                String id = state.get(new StateKeyId(k.type(), k.stateKey()));
                if (id != null) wanted.put(id, k);
            }
            return events.events(wanted.keySet()).map(found -> {
                Map<StateKey, Pdu> out = new HashMap<>();
                found.forEach((id, e) -> out.put(wanted.get(id), statePdus.get(id, x -> toPdu(e, v))));
                return out;
            });
        });
    }

    public static Pdu toPdu(StoredEvent e, RoomVersion v) {
        return Pdu.withKnownId((ObjectNode) Json.parse(e.json()), v, e.eventId());
    }

    public Future<RoomVersion> versionOf(String roomId) {
        return versions.of(roomId);
    }

    /**
     * Runs the processors, then the listeners once every event of the room stored before these was heard, so
     * push actions are stored before the wake-ups and the federation fan-out, and listeners hear a room's events in
     * the order they were stored. Answers when the processors are done; the listeners run on the event loop's next
     * turn: the sender's response is written first, as other servers do, so a client hears its send answered
     * before its own sync brings the event back (matrix-js-sdk's thread timelines trip over a remote echo that
     * overtakes it).
     */
    private Future<Void> announceInOrder(String roomId, List<StoredEvent> stored) {
        return inOrder(announcing, roomId, () -> {
            Future<Void> chain = Future.succeededFuture();
            for (Processor p : processors) chain = chain.compose(v -> safely(p, roomId, stored));
            return chain;
        }, () -> notify(roomId, stored));
    }

    /**
     * Starts {@code process} now (callers come in store order; a processor that needs its events one at a time
     * queues them itself, as the push processor does), then runs {@code listeners} on the event loop's next turn once
     * it is done and everything queued before on the room's {@code chain} was heard; answers when {@code process} is
     * done. The next event's processing does not wait for this one's: a room's push actions are evaluated while the
     * previous event's are being written.
     */
    static Future<Void> inOrder(RoomLinearizer chain, String roomId, java.util.function.Supplier<Future<Void>> process,
                                Runnable listeners) {
        Future<Void> started;
        try {
            started = process.get();
        } catch (RuntimeException e) {
            started = Future.failedFuture(e);
        }
        Future<Void> processed = started.transform(ignored -> Future.succeededFuture());
        chain.run(roomId, () -> processed.transform(ignored -> {
            Promise<Void> heard = Promise.promise();
            Runnable notify = () -> {
                try {
                    listeners.run();
                } finally {
                    heard.complete();
                }
            };
            io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
            if (context == null) notify.run();
            else context.runOnContext(x -> notify.run());
            return heard.future();
        }));
        return processed;
    }

    private static Future<Void> safely(Processor p, String roomId, List<StoredEvent> stored) {
        Future<Void> done;
        try {
            done = p.process(roomId, stored);
        } catch (RuntimeException e) {
            done = Future.failedFuture(e);
        }
        return done.recover(err -> {
            log.warn("event processor failed [room: {}]", roomId, err);
            return Future.succeededFuture();
        });
    }

    private void notify(String roomId, List<StoredEvent> stored) {
        for (Listener l : listeners) {
            try {
                l.onEvents(roomId, stored);
            } catch (RuntimeException e) {
                log.warn("event listener failed [room: {}]", roomId, e);
            }
        }
    }
}
