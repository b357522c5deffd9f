package org.lightweb.server.federation.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.lightweb.core.Clock;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.federation.protocol.EventHashes;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.StateKey;
import org.lightweb.federation.protocol.stateres.AuthRulesCheck;
import org.lightweb.federation.protocol.stateres.EventSource;
import org.lightweb.federation.protocol.stateres.StateResolution;
import org.lightweb.server.federation.client.FederationClient;
import org.lightweb.server.federation.keys.KeyRing;
import org.lightweb.server.rooms.RoomEvents;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.NewEvent;
import org.lightweb.storage.rooms.RemoteEventStore;
import org.lightweb.storage.rooms.RemoteEventStore.Kind;
import org.lightweb.storage.rooms.RoomRecord;
import org.lightweb.storage.rooms.RoomRepository;
import org.lightweb.storage.rooms.StateKeyId;
import org.lightweb.storage.rooms.StoredEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remote PDUs into rooms, through the server-server API's "Checks performed on receipt of a PDU" in order:
 * 1 format (dropped), 2 signatures (dropped), 3 content hash (the event goes on redacted), 4 auth against its own
 * auth events (stored rejected), 5 auth against the state before it (stored rejected; missing prev_events are
 * fetched with get_missing_events, else the state at them with state_ids), 6 auth against the current state
 * (stored soft-failed). A room's events are processed one at a time, in the room's turn shared with local sends;
 * signature checks, hashing, auth rules and state resolution run on the {@code lightweb-cpu} executor.
 */
public final class EventReceiver implements FederationEvents {
    private static final Logger log = LoggerFactory.getLogger(EventReceiver.class);
    static final String FED = "/_matrix/federation/v1";

    /** @param missingEventsLimit events asked for per get_missing_events; @param maxFetchedStateEvents per state fetch */
    public record Limits(int missingEventsLimit, int maxFetchedStateEvents) {}

    /** The state before an event, with a state group known to hold it (or close to it), or null. */
    record StateAt(Map<StateKeyId, String> state, Long group) {}

    /** How a PDU reached us: pushed (may fill gaps), fetched to fill a gap, or fetched as history (/backfill). */
    enum Mode { LIVE, GAP, BACKFILL }

    /** A PDU refused before it could be stored (format, signatures, ACL, an unknown point of the graph). */
    static final class Refused extends RuntimeException {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    private final EventRepository events;
    private final RemoteEventStore store;
    private final RoomRepository rooms;
    private final RoomEvents roomEvents;
    private final KeyRing keys;
    private final FederationClient client;
    private final WorkerExecutor cpu;
    private final Clock clock;
    private final Limits limits;
    private final EventReads reads;
    private final PduChecks checks;

    public EventReceiver(EventRepository events, RemoteEventStore store, RoomRepository rooms, RoomEvents roomEvents,
                         KeyRing keys, FederationClient client, WorkerExecutor cpu, Clock clock, Limits limits) {
        this.events = events;
        this.store = store;
        this.rooms = rooms;
        this.roomEvents = roomEvents;
        this.keys = keys;
        this.client = client;
        this.cpu = cpu;
        this.clock = clock;
        this.limits = limits;
        this.reads = new EventReads(events);
        this.checks = new PduChecks(events, store, keys, client, cpu);
    }

    @Override
    public Future<Outcome> receive(String origin, ObjectNode pdu) {
        JsonNode roomNode = pdu.get("room_id");
        if (roomNode == null || !roomNode.isTextual()) return refused(origin, null, null, "no room_id");
        String roomId = roomNode.asText();
        return rooms.room(roomId).compose(room -> {
            if (room.isEmpty()) return refused(origin, roomId, null, "unknown room");
            Optional<RoomVersion> version = RoomVersion.of(room.get().roomVersion());
            if (version.isEmpty()) return refused(origin, roomId, null, "unsupported room version");
            RoomVersion v = version.get();
            return onCpu(() -> parse(pdu, v)).compose(p -> {
                if (!roomId.equals(p.roomId())) return refused(origin, roomId, p.eventId(), "room_id does not match");
                return roomEvents.inRoomTurn(roomId, () -> aclAllows(roomId, origin, v).compose(allowed -> allowed
                        ? process(origin, p, v, Mode.LIVE)
                        : refused(origin, roomId, p.eventId(), "origin denied by the room's server ACL")));
            }, err -> err instanceof Refused r ? refused(origin, roomId, idOrNull(pdu, v), r.getMessage())
                    : Future.failedFuture(err));
        });
    }

    /** Check 1: a valid event of the room version, else dropped. */
    private static Pdu parse(ObjectNode pdu, RoomVersion v) {
        String problem = PduFormat.problem(pdu, v);
        if (problem != null) throw new Refused("invalid event: " + problem);
        ObjectNode copy = pdu.deepCopy();
        copy.remove("unsigned");   // the sender's notes (age, ...) are not ours to keep or pass on
        try {
            return Pdu.of(copy, v);
        } catch (RuntimeException e) {
            throw new Refused("invalid event: " + e.getMessage());
        }
    }

    private static String idOrNull(ObjectNode pdu, RoomVersion v) {
        try {
            return EventHashes.eventId(pdu, v);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private Future<Outcome> refused(String origin, String roomId, String eventId, String reason) {
        log.warn("refused PDU [origin: {}, room: {}, event: {}]: {}", origin, roomId, eventId, reason);
        return Future.succeededFuture(new Outcome(eventId, reason));
    }

    /** Whether the room's current server ACL lets {@code server} take part. */
    Future<Boolean> aclAllows(String roomId, String server, RoomVersion v) {
        return events.currentStateEvents(roomId, List.of(new StateKeyId("m.room.server_acl", "")))
                .map(found -> {
                    StoredEvent acl = found.get(new StateKeyId("m.room.server_acl", ""));
                    return acl == null || ServerAcl.allows(EventReads.pduJson(acl).get("content"), server);
                });
    }

    /** Checks 2 to 6 and storing; runs in the room's turn. */
    Future<Outcome> process(String origin, Pdu p, RoomVersion v, Mode mode) {
        return events.event(p.eventId()).compose(known -> {
            // An outlier (known from an auth chain or a join's state) that arrives as part of the room becomes so.
            if (known.isPresent() && !(known.get().outlier() && known.get().rejectedReason() == null)) {
                String rejected = known.get().rejectedReason();
                return Future.succeededFuture(new Outcome(p.eventId(), rejected == null ? null : "rejected: " + rejected));
            }
            return checks.checkSignaturesAndHash(p, v)
                    .compose(checked -> checks.authAgainstAuthEvents(origin, checked, v).compose(result -> {
                        if (result.rejected()) {
                            return rejectedOutlier(origin, checked, result.reason());
                        }
                        return stateBefore(origin, checked, v, mode == Mode.LIVE)
                                .compose(before -> againstState(origin, checked, v, before, mode));
                    }));
        }).recover(err -> err instanceof Refused r ? refused(origin, p.roomId(), p.eventId(), r.getMessage())
                : Future.failedFuture(err));
    }

    private Future<Outcome> rejectedOutlier(String origin, Pdu p, String reason) {
        log.warn("rejected PDU against its auth events [origin: {}, room: {}, event: {}]: {}", origin, p.roomId(),
                p.eventId(), reason);
        return store.storeOutliers(List.of(toNewEvent(p)), Map.of(p.eventId(), reason))
                .map(new Outcome(p.eventId(), "rejected: " + reason));
    }

    // ---- check 5: the state before the event ----

    private Future<StateAt> stateBefore(String origin, Pdu p, RoomVersion v, boolean fetchGaps) {
        List<String> prevs = p.prevEvents();
        if (p.isCreate()) return Future.succeededFuture(new StateAt(Map.of(), null));
        if (prevs.isEmpty()) return Future.failedFuture(new Refused("no prev_events"));
        return events.events(prevs).compose(known -> {
            boolean gap = prevs.stream().anyMatch(id -> !known.containsKey(id) || known.get(id).stateAfter() == null);
            if (!gap || !fetchGaps) return Future.succeededFuture(known);
            return fillGap(origin, p, v).compose(x -> events.events(prevs));
        }).compose(known -> {
            List<Future<Map<StateKeyId, String>>> states = new ArrayList<>();
            Long group = null;
            for (String prev : prevs) {
                StoredEvent e = known.get(prev);
                if (e != null && e.stateAfter() != null) {
                    if (group == null) group = e.stateAfter();
                    states.add(events.stateOfGroup(e.stateAfter()));
                } else {
                    states.add(remoteStateAfter(origin, p.roomId(), prev, v));
                }
            }
            Long hint = group;
            return Future.all(states).compose(ok -> {
                List<Map<StateKeyId, String>> sets = states.stream().map(Future::result).toList();
                if (sets.size() == 1) return Future.succeededFuture(new StateAt(sets.get(0), hint));
                return resolve(v, sets, List.of()).map(resolved -> new StateAt(resolved, hint));
            });
        });
    }

    /** Asks {@code origin} for the events between the forward extremities and {@code p}, and processes them, oldest first. */
    private Future<Void> fillGap(String origin, Pdu p, RoomVersion v) {
        return events.forwardExtremities(p.roomId()).compose(extremities -> {
            ObjectNode body = Json.object();
            extremities.keySet().forEach(body.putArray("earliest_events")::add);
            if (!body.has("earliest_events")) body.putArray("earliest_events");
            body.putArray("latest_events").add(p.eventId());
            body.put("limit", limits.missingEventsLimit());
            body.put("min_depth", 0);
            return client.post(origin, FED + "/get_missing_events/" + enc(p.roomId()), body);
        }).compose(answer -> onCpu(() -> PduChecks.parseAll(origin, p.roomId(), objects(answer.path("events")), v))).compose(parsed -> {
            List<Pdu> missing = new ArrayList<>(parsed);
            missing.sort(Comparator.comparingLong(Pdu::depth).thenComparing(Pdu::eventId));
            Future<Void> chain = Future.succeededFuture();
            for (Pdu m : missing) chain = chain.compose(x -> process(origin, m, v, Mode.GAP).mapEmpty());
            log.info("filled a gap [origin: {}, room: {}, before: {}, events: {}]", origin, p.roomId(), p.eventId(), missing.size());
            return chain;
        }).recover(err -> {
            log.warn("get_missing_events failed [origin: {}, event: {}]: {}", origin, p.eventId(), err.getMessage());
            return Future.succeededFuture();
        });
    }

    /** The state after {@code prevId}, asked of {@code origin} (state_ids, then each unknown event). */
    private Future<Map<StateKeyId, String>> remoteStateAfter(String origin, String roomId, String prevId, RoomVersion v) {
        return client.get(origin, FED + "/state_ids/" + enc(roomId), Map.of("event_id", prevId)).compose(answer -> {
            List<String> stateIds = texts(answer.path("pdu_ids"));
            Set<String> needed = new LinkedHashSet<>(stateIds);
            needed.addAll(texts(answer.path("auth_chain_ids")));
            needed.add(prevId);
            return events.events(needed).compose(known -> {
                List<String> unknown = needed.stream().filter(id -> !known.containsKey(id)).toList();
                if (unknown.size() > limits.maxFetchedStateEvents()) {
                    return Future.failedFuture(new Refused("the state at " + prevId + " needs " + unknown.size()
                            + " unknown events, more than " + limits.maxFetchedStateEvents()));
                }
                return fetchEvents(origin, unknown).compose(fetched -> checks.importOutliers(origin, roomId, fetched, v));
            }).compose(x -> events.events(needed)).map(all -> {
                Map<StateKeyId, String> state = new HashMap<>();
                for (String id : stateIds) {
                    StoredEvent e = all.get(id);
                    if (e != null && e.roomId().equals(roomId) && e.isState() && e.rejectedReason() == null) {
                        state.put(new StateKeyId(e.type(), e.stateKey()), id);
                    }
                }
                StoredEvent prev = all.get(prevId);
                if (prev == null) throw new Refused("prev event " + prevId + " could not be fetched");
                if (prev.isState() && prev.rejectedReason() == null) state.put(new StateKeyId(prev.type(), prev.stateKey()), prevId);
                return state;
            });
        }, err -> Future.failedFuture(err instanceof Refused ? err
                : new Refused("could not learn the state at " + prevId + ": " + err.getMessage())));
    }

    /** GET /event of each id, ten at a time. */
    private Future<List<ObjectNode>> fetchEvents(String origin, List<String> ids) {
        List<ObjectNode> out = new ArrayList<>();
        Future<Void> chain = Future.succeededFuture();
        for (int from = 0; from < ids.size(); from += 10) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + 10));
            chain = chain.compose(x -> {
                List<Future<JsonNode>> got = batch.stream().map(id -> client.get(origin, FED + "/event/" + enc(id), Map.of())
                        .recover(err -> Future.succeededFuture(Json.object()))).toList();
                return Future.all(got).map(ok -> {
                    for (Future<JsonNode> f : got) out.addAll(objects(f.result().path("pdus")));
                    return null;
                });
            });
        }
        return chain.map(out);
    }

    /**
     * State resolution over {@code sets}, with every event and auth chain loaded first, on the CPU executor.
     * {@code unstored}: events of the sets not stored yet (the event being received).
     */
    Future<Map<StateKeyId, String>> resolve(RoomVersion v, List<Map<StateKeyId, String>> sets, List<Pdu> unstored) {
        if (sets.stream().distinct().count() == 1) return Future.succeededFuture(sets.get(0));
        Set<String> ids = new HashSet<>(EventReads.union(sets));
        unstored.forEach(p -> {
            ids.remove(p.eventId());
            ids.addAll(p.authEvents());
        });
        return events.events(ids).compose(stateEvents -> reads.authChain(ids).compose(chain -> onCpu(() -> {
            Map<String, StoredEvent> all = new HashMap<>(chain);
            all.putAll(stateEvents);
            Set<String> rejected = new HashSet<>();
            List<Pdu> pdus = new ArrayList<>(unstored);
            all.values().forEach(e -> {
                pdus.add(EventReads.toPdu(e, v));
                if (e.rejectedReason() != null) rejected.add(e.eventId());
            });
            List<Map<StateKey, String>> protocolSets = sets.stream().map(EventReads::toProtocol).toList();
            return EventReads.toStorage(StateResolution.resolve(v, protocolSets, EventSource.of(pdus, rejected),
                    new AuthRulesCheck(checks.authRules())));
        })));
    }

    // ---- checks 5 and 6 against states, then storing ----

    private Future<Outcome> againstState(String origin, Pdu p, RoomVersion v, StateAt before, Mode mode) {
        String roomId = p.roomId();
        return checks.authAgainst(p, v, before.state()).compose(result -> {
            if (result.rejected()) {
                log.warn("rejected PDU against the state before it [origin: {}, room: {}, event: {}]: {}", origin, roomId,
                        p.eventId(), result.reason());
                return store.store(null, null, new RemoteEventStore.Remote(toNewEvent(p), Kind.REJECTED, result.reason(),
                        before.state(), before.group()), null).map(new Outcome(p.eventId(), "rejected: " + result.reason()));
            }
            if (mode == Mode.BACKFILL) {   // history: no soft failure, current state and extremities unchanged
                return store.store(null, null, new RemoteEventStore.Remote(toNewEvent(p), Kind.BACKFILLED, null,
                        before.state(), before.group()), null).map(new Outcome(p.eventId(), null));
            }
            return rooms.room(roomId).compose(room -> {
                Long roomGroup = room.orElseThrow().stateGroup();
                Future<Map<StateKeyId, String>> current = roomGroup == null ? Future.succeededFuture(Map.of())
                        : events.stateOfGroup(roomGroup);
                return current.compose(now -> checks.authAgainst(p, v, now)).compose(soft -> {
                    if (soft.rejected()) {
                        log.warn("soft-failed PDU against the current state [origin: {}, room: {}, event: {}]: {}", origin,
                                roomId, p.eventId(), soft.reason());
                        return store.store(null, null, new RemoteEventStore.Remote(toNewEvent(p), Kind.SOFT_FAILED, null,
                                before.state(), before.group()), null).map(new Outcome(p.eventId(), null));
                    }
                    return storeTimeline(p, v, before, roomGroup).map(new Outcome(p.eventId(), null));
                });
            });
        });
    }

    /** Stores an accepted event in the timeline with the room's new current state, then announces it. */
    private Future<StoredEvent> storeTimeline(Pdu p, RoomVersion v, StateAt before, Long roomGroup) {
        String roomId = p.roomId();
        Map<StateKeyId, String> after = new HashMap<>(before.state());
        if (p.isState()) after.put(new StateKeyId(p.type(), p.stateKey().orElseThrow()), p.eventId());
        return events.forwardExtremities(roomId).compose(extremities -> {
            Set<String> others = new LinkedHashSet<>(extremities.keySet());
            others.removeAll(p.prevEvents());
            others.remove(p.eventId());
            if (others.isEmpty()) return Future.succeededFuture(after);
            return events.events(others).compose(found -> {
                List<Future<Map<StateKeyId, String>>> states = new ArrayList<>();
                for (StoredEvent e : found.values()) if (e.stateAfter() != null) states.add(events.stateOfGroup(e.stateAfter()));
                return Future.all(states).compose(ok -> {
                    List<Map<StateKeyId, String>> sets = new ArrayList<>();
                    sets.add(after);
                    states.forEach(f -> sets.add(f.result()));
                    return resolve(v, sets, p.isState() ? List.of(p) : List.of());
                });
            });
        }).compose(current -> store.store(null, roomGroup, new RemoteEventStore.Remote(toNewEvent(p), Kind.TIMELINE, null,
                before.state(), before.group()), current))
          .compose(stored -> {
              log.debug("accepted PDU [room: {}, event: {}]", roomId, p.eventId());
              return roomEvents.announceStored(roomId, List.of(stored)).map(stored);
          });
    }

    // ---- joins ----

    @Override
    public Future<StoredEvent> importJoinedRoom(String origin, RoomVersion version, ObjectNode joinEvent,
                                                List<ObjectNode> state, List<ObjectNode> authChain) {
        Pdu join;
        try {
            join = parse(joinEvent, version);
        } catch (RuntimeException e) {
            return Future.failedFuture(MatrixException.badJson("the join event is not valid: " + e.getMessage()));
        }
        String roomId = join.roomId();
        List<ObjectNode> all = new ArrayList<>(authChain);
        all.addAll(state);
        return roomEvents.inRoomTurn(roomId, () -> checks.importOutliers(origin, roomId, all, version)
                .compose(x -> checks.checkSignaturesAndHash(join, version))
                .compose(checked -> checks.authAgainstAuthEvents(origin, checked, version).compose(result -> {
                    if (result.rejected()) {
                        return Future.<StoredEvent>failedFuture(MatrixException.forbidden("the join event was rejected: "
                                + result.reason()));
                    }
                    return onCpu(() -> state.stream().map(s -> EventHashes.eventId(s, version)).toList())
                            .compose(events::events).compose(found -> {
                        Map<StateKeyId, String> before = new HashMap<>();
                        String creator = null;
                        for (StoredEvent e : found.values()) {
                            if (!e.isState() || e.rejectedReason() != null || !e.roomId().equals(roomId)) continue;
                            before.put(new StateKeyId(e.type(), e.stateKey()), e.eventId());
                            if (e.type().equals(StateKey.CREATE) && e.stateKey().isEmpty()) creator = e.sender();
                        }
                        if (creator == null) {
                            return Future.<StoredEvent>failedFuture(MatrixException.badJson("the room state has no create event"));
                        }
                        Map<StateKeyId, String> current = new HashMap<>(before);
                        current.put(new StateKeyId(checked.type(), checked.stateKey().orElseThrow()), checked.eventId());
                        RoomRecord room = new RoomRecord(roomId, version.id(), creator, clock.millis(), false, null);
                        return store.store(room, null, new RemoteEventStore.Remote(toNewEvent(checked), Kind.TIMELINE, null,
                                before, null), current);
                    });
                })))
                .compose(stored -> {
                    log.info("joined a room over federation [room: {}, origin: {}]", roomId, origin);
                    return roomEvents.announceStored(roomId, List.of(stored)).map(stored);
                });
    }

    // ---- reads for other servers ----

    @Override
    public Future<StateAndAuth> stateBefore(String roomId, String eventId) {
        return events.event(eventId).compose(found -> {
            if (found.isEmpty() || !found.get().roomId().equals(roomId) || found.get().stateBefore() == null) {
                return Future.failedFuture(MatrixException.notFound("Unknown event " + eventId));
            }
            return reads.stateBefore(found.get());
        }).compose(state -> events.events(state.values()).compose(stateEvents -> reads.authChain(state.values())
                .map(chain -> new StateAndAuth(
                        stateEvents.values().stream().map(EventReads::pduJson).toList(),
                        chain.values().stream().filter(e -> e.roomId().equals(roomId)).map(EventReads::pduJson).toList()))));
    }

    /** Event IDs of the state before an event and of that state's auth chain (GET /state_ids). */
    record StateIds(List<String> state, List<String> authChain) {}

    Future<StateIds> stateIdsBefore(String roomId, String eventId) {
        return events.event(eventId).compose(found -> {
            if (found.isEmpty() || !found.get().roomId().equals(roomId) || found.get().stateBefore() == null) {
                return Future.failedFuture(MatrixException.notFound("Unknown event " + eventId));
            }
            return reads.stateBefore(found.get());
        }).compose(state -> reads.authChain(state.values()).map(chain -> new StateIds(List.copyOf(state.values()),
                chain.values().stream().filter(e -> e.roomId().equals(roomId)).map(StoredEvent::eventId).toList())));
    }

    @Override
    public Future<List<ObjectNode>> authChain(String roomId, Collection<String> eventIds) {
        return reads.authChain(eventIds).map(chain -> chain.values().stream().filter(e -> e.roomId().equals(roomId))
                .map(EventReads::pduJson).toList());
    }

    // ---- helpers ----

    static NewEvent toNewEvent(Pdu pdu) {
        String membership = pdu.isType(StateKey.MEMBER) ? pdu.membership() : null;
        String redacts = pdu.isType(StateKey.REDACTION) ? pdu.redacts().orElse(null) : null;
        return new NewEvent(pdu.eventId(), pdu.roomId(), pdu.depth(), pdu.type(), pdu.stateKey().orElse(null),
                pdu.sender(), pdu.originServerTs(), Json.write(pdu.json()), pdu.prevEvents(), pdu.authEvents(),
                membership, redacts, null);
    }

    <T> Future<T> onCpu(Callable<T> work) {
        return checks.onCpu(work);
    }

    static String serverOf(String userId) {
        return PduChecks.serverOf(userId);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static List<ObjectNode> objects(JsonNode array) {
        List<ObjectNode> out = new ArrayList<>();
        if (array != null && array.isArray()) array.forEach(n -> { if (n.isObject()) out.add((ObjectNode) n); });
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) array.forEach(n -> { if (n.isTextual()) out.add(n.asText()); });
        return out;
    }
}
