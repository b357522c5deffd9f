package org.lightweb.server.federation.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.lightweb.federation.protocol.EventHashes;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.Redaction;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.StateKey;
import org.lightweb.federation.protocol.auth.AuthEventsSelection;
import org.lightweb.federation.protocol.auth.AuthResult;
import org.lightweb.federation.protocol.auth.AuthRules;
import org.lightweb.federation.protocol.auth.AuthState;
import org.lightweb.server.federation.client.FederationClient;
import org.lightweb.server.federation.keys.KeyRing;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.NewEvent;
import org.lightweb.storage.rooms.RemoteEventStore;
import org.lightweb.storage.rooms.StateKeyId;
import org.lightweb.storage.rooms.StoredEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks on receipt of a PDU that look at one event: 1 format, 2 signatures, 3 content hash, 4 its auth events
 * (fetching and storing a missing auth chain as outliers), and the auth rules against a given state (checks 5 and
 * 6). Hashing, signature checks and auth rules run on the {@code lightweb-cpu} executor.
 */
final class PduChecks {
    private static final Logger log = LoggerFactory.getLogger(EventReceiver.class);

    private final EventRepository events;
    private final RemoteEventStore store;
    private final KeyRing keys;
    private final FederationClient client;
    private final WorkerExecutor cpu;
    /** Signatures were checked on receipt (check 2, which covers join_authorised_via_users_server's server too). */
    private final AuthRules authRules = new AuthRules((event, server) -> event.json().path("signatures").has(server));

    PduChecks(EventRepository events, RemoteEventStore store, KeyRing keys, FederationClient client, WorkerExecutor cpu) {
        this.events = events;
        this.store = store;
        this.keys = keys;
        this.client = client;
        this.cpu = cpu;
    }

    AuthRules authRules() { return authRules; }

    <T> Future<T> onCpu(Callable<T> work) {
        return cpu.executeBlocking(work, false);
    }

    // ---- check 2 and 3: signatures, content hash ----

    /** The servers whose signatures an event needs: the sender's, and for restricted joins the authorising one's. */
    static Set<String> requiredSigners(Pdu p) {
        Set<String> servers = new LinkedHashSet<>();
        servers.add(serverOf(p.sender()));
        if (p.isType(StateKey.MEMBER) && "join".equals(p.membership())) {
            JsonNode via = p.content().get("join_authorised_via_users_server");
            if (via != null && via.isTextual() && via.asText().contains(":")) servers.add(serverOf(via.asText()));
        }
        return servers;
    }

    static String serverOf(String userId) {
        return userId.substring(userId.indexOf(':') + 1);
    }

    /** Check 2 (refused when a signature is missing or wrong) and 3 (a mismatched hash: go on with the redacted event). */
    Future<Pdu> checkSignaturesAndHash(Pdu p, RoomVersion v) {
        return onCpu(() -> Redaction.redact(p.json(), v)).compose(redacted -> {
            List<String> servers = List.copyOf(requiredSigners(p));
            List<Future<Boolean>> checks = servers.stream().map(s -> keys.isSignedBy(redacted, s, p.originServerTs())).toList();
            return Future.all(checks).compose(ok -> {
                for (int i = 0; i < servers.size(); i++) {
                    if (!Boolean.TRUE.equals(checks.get(i).result())) {
                        return Future.failedFuture(new EventReceiver.Refused("no valid signature by " + servers.get(i)));
                    }
                }
                return onCpu(() -> {
                    if (EventHashes.contentHashMatches(p.json())) return p;
                    log.warn("content hash mismatch, keeping the event redacted [room: {}, event: {}]", p.roomId(), p.eventId());
                    return Pdu.withKnownId(redacted, v, p.eventId());
                });
            });
        });
    }

    // ---- check 4: auth events ----

    Future<AuthResult> authAgainstAuthEvents(String origin, Pdu p, RoomVersion v) {
        List<String> ids = p.authEvents();
        return events.events(ids).compose(found -> {
            if (found.keySet().containsAll(ids)) return Future.succeededFuture(found);
            return fetchAuthChain(origin, p, v).compose(x -> events.events(ids));
        }).compose(found -> {
            if (!found.keySet().containsAll(ids)) {
                return Future.succeededFuture(AuthResult.reject("4", "auth events unknown: "
                        + ids.stream().filter(id -> !found.containsKey(id)).toList()));
            }
            for (StoredEvent e : found.values()) {
                if (!e.roomId().equals(p.roomId())) return Future.succeededFuture(AuthResult.reject("4", "auth event in another room"));
            }
            Set<String> rejected = new HashSet<>();
            found.values().forEach(e -> { if (e.rejectedReason() != null) rejected.add(e.eventId()); });
            return roomCreate(p, v).compose(create -> onCpu(() -> {
                List<Pdu> auth = found.values().stream().map(e -> EventReads.toPdu(e, v)).toList();
                return authRules.check(p, AuthState.fromAuthEvents(create, auth, rejected), v);
            }));
        });
    }

    /** From v12 the room ID names the create event, which is then no auth event. */
    Future<Optional<Pdu>> roomCreate(Pdu p, RoomVersion v) {
        if (!v.roomIdIsCreateEventId() || p.isCreate()) return Future.succeededFuture(Optional.empty());
        return events.event("$" + p.roomId().substring(1)).map(found -> found.map(e -> EventReads.toPdu(e, v)));
    }

    Future<Void> fetchAuthChain(String origin, Pdu p, RoomVersion v) {
        return client.get(origin, EventReceiver.FED + "/event_auth/" + EventReceiver.enc(p.roomId()) + "/" + EventReceiver.enc(p.eventId()), Map.of())
                .compose(body -> importOutliers(origin, p.roomId(), EventReceiver.objects(body.path("auth_chain")), v))
                .recover(err -> {
                    log.warn("could not fetch the auth chain [origin: {}, event: {}]: {}", origin, p.eventId(), err.getMessage());
                    return Future.succeededFuture();
                });
    }

    /**
     * Checks events fetched from {@code origin} (format, signatures, hash; each against its own auth events, in
     * depth order) and stores them as outliers; events failing the first checks are dropped, those failing the auth
     * rules are stored rejected.
     */
    Future<Void> importOutliers(String origin, String roomId, List<ObjectNode> jsons, RoomVersion v) {
        return onCpu(() -> parseAll(origin, roomId, jsons, v)).compose(parsed -> importParsed(origin, roomId, parsed, v));
    }

    /** Check 1 over fetched events (on the CPU executor): the valid ones of the room, the others logged and dropped. */
    static List<Pdu> parseAll(String origin, String roomId, List<ObjectNode> jsons, RoomVersion v) {
        List<Pdu> parsed = new ArrayList<>();
        for (ObjectNode json : jsons) {
            String problem = PduFormat.problem(json, v);
            if (problem != null) {
                log.warn("dropped a fetched event [origin: {}, room: {}]: {}", origin, roomId, problem);
                continue;
            }
            ObjectNode copy = json.deepCopy();
            copy.remove("unsigned");
            Pdu p;
            try {
                p = Pdu.of(copy, v);
            } catch (RuntimeException e) {
                log.warn("dropped a fetched event [origin: {}, room: {}]: {}", origin, roomId, e.getMessage());
                continue;
            }
            if (roomId.equals(p.roomId())) parsed.add(p);
        }
        return parsed;
    }

    Future<Void> importParsed(String origin, String roomId, List<Pdu> parsed, RoomVersion v) {
        List<Future<Pdu>> checked = parsed.stream().map(p -> checkSignaturesAndHash(p, v)
                .recover(err -> {
                    log.warn("dropped a fetched event [origin: {}, event: {}]: {}", origin, p.eventId(), err.getMessage());
                    return Future.succeededFuture(null);
                })).toList();
        return Future.join(checked).compose(done -> {
            Map<String, Pdu> batch = new HashMap<>();
            for (Future<Pdu> f : checked) if (f.result() != null) batch.put(f.result().eventId(), f.result());
            Set<String> external = new HashSet<>();
            batch.values().forEach(p -> external.addAll(p.authEvents()));
            if (v.roomIdIsCreateEventId()) external.add("$" + roomId.substring(1));
            external.removeAll(batch.keySet());
            return events.events(external).compose(stored -> onCpu(() -> {
                Map<String, Pdu> all = new HashMap<>();
                Set<String> rejected = new HashSet<>();
                stored.values().forEach(e -> {
                    all.put(e.eventId(), EventReads.toPdu(e, v));
                    if (e.rejectedReason() != null) rejected.add(e.eventId());
                });
                all.putAll(batch);
                Optional<Pdu> create = v.roomIdIsCreateEventId() ? Optional.ofNullable(all.get("$" + roomId.substring(1)))
                        : Optional.empty();
                Map<String, String> reasons = new HashMap<>();
                List<Pdu> ordered = new ArrayList<>(batch.values());
                ordered.sort(Comparator.comparingLong(Pdu::depth).thenComparing(Pdu::eventId));
                for (Pdu p : ordered) {
                    List<Pdu> auth = new ArrayList<>();
                    boolean missing = false;
                    for (String id : p.authEvents()) {
                        Pdu a = all.get(id);
                        if (a == null) missing = true;
                        else auth.add(a);
                    }
                    AuthResult r = missing ? AuthResult.reject("4", "auth events unknown")
                            : authRules.check(p, AuthState.fromAuthEvents(p.isCreate() ? Optional.empty() : create, auth, rejected), v);
                    if (r.rejected()) {
                        reasons.put(p.eventId(), r.reason());
                        rejected.add(p.eventId());
                        log.warn("rejected a fetched event [origin: {}, event: {}]: {}", origin, p.eventId(), r.reason());
                    }
                }
                return new Object[] {ordered.stream().map(EventReceiver::toNewEvent).toList(), reasons};
            })).compose(result -> {
                @SuppressWarnings("unchecked") List<NewEvent> news = (List<NewEvent>) result[0];
                @SuppressWarnings("unchecked") Map<String, String> reasons = (Map<String, String>) result[1];
                return store.storeOutliers(news, reasons);
            });
        });
    }

    Future<AuthResult> authAgainst(Pdu p, RoomVersion v, Map<StateKeyId, String> state) {
        Set<StateKey> needed = new HashSet<>(AuthEventsSelection.select(p, v));
        needed.add(StateKey.create());
        List<String> ids = new ArrayList<>();
        for (StateKey k : needed) {
            String id = state.get(new StateKeyId(k.type(), k.stateKey()));
            if (id != null) ids.add(id);
        }
        return events.events(ids).compose(found -> onCpu(() -> {
            Map<StateKey, Pdu> map = new HashMap<>();
            Set<String> rejected = new HashSet<>();
            for (StoredEvent e : found.values()) {
                Pdu pdu = EventReads.toPdu(e, v);
                map.put(pdu.stateTuple(), pdu);
                if (e.rejectedReason() != null) rejected.add(e.eventId());
            }
            if (p.isCreate()) return authRules.checkAgainstState(p, AuthState.fromAuthEvents(Optional.empty(), List.of(), Set.of()), v);
            Pdu create = map.get(StateKey.create());
            if (create == null) return AuthResult.reject("2", "no create event in the state");
            return authRules.checkAgainstState(p, AuthState.of(create, map, List.of(), rejected), v);
        }));
    }
}
