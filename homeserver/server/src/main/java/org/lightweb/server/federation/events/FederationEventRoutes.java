package org.lightweb.server.federation.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.lightweb.core.Clock;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.server.federation.Origin;
import org.lightweb.server.federation.send.InboundEdus;
import org.lightweb.server.http.Bodies;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.storage.federation.InboundTxns;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.StoredEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server-server API's event routes: {@code PUT /send/{txnId}} (transactions, idempotent per origin) and the reads
 * other servers make of rooms ({@code /event}, {@code /state}, {@code /state_ids}, {@code /backfill},
 * {@code /get_missing_events}, {@code /event_auth}). Requests arrive authenticated ({@link Origin}). Events served
 * from {@code /event}, {@code /backfill} and {@code /get_missing_events} go through {@link ServerVisibility}: those
 * the origin may not see by the room's history visibility at them are served redacted.
 */
public final class FederationEventRoutes implements RouteGroup {
    private static final Logger log = LoggerFactory.getLogger(FederationEventRoutes.class);
    private static final String FED = "/_matrix/federation/v1";
    static final int MAX_PDUS = 50;
    static final int MAX_EDUS = 100;

    /** @param backfillMaxLimit most events per /backfill; @param missingEventsMaxLimit most per /get_missing_events */
    public record Limits(int backfillMaxLimit, int missingEventsMaxLimit) {}

    private final String serverName;
    private final EventReceiver receiver;
    private final EventRepository events;
    private final ServerAccess access;
    private final InboundEdus edus;
    private final InboundTxns txns;
    private final Clock clock;
    private final Limits limits;
    /** Transactions being processed, by origin and id: a retry while the first runs waits for the same answer. */
    private final Map<String, Future<ObjectNode>> inFlight = new ConcurrentHashMap<>();

    FederationEventRoutes(String serverName, EventReceiver receiver, EventRepository events, ServerAccess access,
                          InboundEdus edus, InboundTxns txns, Clock clock, Limits limits) {
        this.serverName = serverName;
        this.receiver = receiver;
        this.events = events;
        this.access = access;
        this.edus = edus;
        this.txns = txns;
        this.clock = clock;
        this.limits = limits;
    }

    @Override
    public void mount(Router router) {
        router.put(FED + "/send/:txnId").handler(Respond.json(this::sendTransaction));
        router.get(FED + "/event/:eventId").handler(Respond.json(this::getEvent));
        router.get(FED + "/state/:roomId").handler(Respond.json(this::getRoomState));
        router.get(FED + "/state_ids/:roomId").handler(Respond.json(this::getRoomStateIds));
        router.get(FED + "/backfill/:roomId").handler(Respond.json(this::backfillRoom));
        router.post(FED + "/get_missing_events/:roomId").handler(Respond.json(this::getMissingPreviousEvents));
        router.get(FED + "/event_auth/:roomId/:eventId").handler(Respond.json(this::getEventAuth));
    }

    /** PUT /send/{txnId} (operationId sendTransaction). */
    Future<ObjectNode> sendTransaction(RoutingContext ctx) {
        String origin = Origin.of(ctx);
        String txnId = ctx.pathParam("txnId");
        ObjectNode body = Bodies.json(ctx);
        JsonNode pdus = body.has("pdus") ? body.get("pdus") : Json.MAPPER.createArrayNode();   // Synapse takes none
        JsonNode eduList = body.has("edus") ? body.get("edus") : Json.MAPPER.createArrayNode();
        if (!pdus.isArray()) throw MatrixException.badJson("pdus must be an array");
        if (!eduList.isArray()) throw MatrixException.badJson("edus must be an array");
        if (pdus.size() > MAX_PDUS || eduList.size() > MAX_EDUS) {
            throw MatrixException.badJson("A transaction holds at most " + MAX_PDUS + " PDUs and " + MAX_EDUS + " EDUs");
        }
        String key = origin + "\n" + txnId;
        Future<ObjectNode> running = inFlight.get(key);
        if (running != null) return running;
        Future<ObjectNode> answer = txns.response(origin, txnId).compose(previous -> {
            if (previous.isPresent()) return Future.succeededFuture((ObjectNode) Json.parse(previous.get()));
            return process(origin, (ArrayNode) pdus, eduList)
                    .compose(response -> txns.save(origin, txnId, Json.write(response)).map(response));
        });
        inFlight.put(key, answer);
        answer.onComplete(done -> inFlight.remove(key, answer));
        return answer;
    }

    private Future<ObjectNode> process(String origin, ArrayNode pdus, JsonNode eduList) {
        // One room's PDUs in order, rooms side by side.
        Map<String, List<ObjectNode>> byRoom = new LinkedHashMap<>();
        for (JsonNode pdu : pdus) {
            if (!pdu.isObject()) continue;
            byRoom.computeIfAbsent(pdu.path("room_id").asText(""), r -> new ArrayList<>()).add((ObjectNode) pdu);
        }
        List<FederationEvents.Outcome> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Future<Void>> rooms = new ArrayList<>();
        for (List<ObjectNode> roomPdus : byRoom.values()) {
            Future<Void> chain = Future.succeededFuture();
            for (ObjectNode pdu : roomPdus) {
                chain = chain.compose(x -> receiver.receive(origin, pdu).recover(err -> {
                    log.error("failed to process a PDU [origin: {}]", origin, err);
                    return Future.succeededFuture(new FederationEvents.Outcome(null, "internal error"));
                }).map(outcome -> {
                    outcomes.add(outcome);
                    return null;
                }));
            }
            rooms.add(chain);
        }
        List<Future<Void>> eduWork = new ArrayList<>();
        for (JsonNode edu : eduList) {
            String type = edu.path("edu_type").asText(null);
            if (type == null) continue;
            Future<Void> done;
            try {
                done = edus.onEdu(origin, type, edu.path("content"));
            } catch (RuntimeException e) {
                done = Future.failedFuture(e);
            }
            eduWork.add(done.recover(err -> {
                log.warn("EDU failed [origin: {}, type: {}]: {}", origin, type, err.getMessage());
                return Future.succeededFuture();
            }));
        }
        List<Future<Void>> all = new ArrayList<>(rooms);
        all.addAll(eduWork);
        return Future.join(all).transform(done -> {
            ObjectNode response = Json.object();
            ObjectNode results = response.putObject("pdus");
            for (FederationEvents.Outcome o : outcomes) {
                if (o.eventId() == null) continue;
                ObjectNode r = results.putObject(o.eventId());
                if (o.error() != null) r.put("error", o.error());
            }
            return Future.succeededFuture(response);
        });
    }

    /** GET /event/{eventId} (operationId getEvent). */
    Future<ObjectNode> getEvent(RoutingContext ctx) {
        String origin = Origin.of(ctx);
        String eventId = ctx.pathParam("eventId");
        // Synapse's get_persisted_pdu: an event the origin may not see is answered redacted.
        return servable(eventId).compose(e -> access.check(origin, e.roomId())
                .compose(v -> new ServerVisibility(events, origin).serve(List.of(e), v))).map(this::transaction);
    }

    /** GET /state/{roomId} (operationId getRoomState). */
    Future<ObjectNode> getRoomState(RoutingContext ctx) {
        String origin = Origin.of(ctx);
        String roomId = ctx.pathParam("roomId");
        String eventId = requiredQuery(ctx, "event_id");
        return access.check(origin, roomId).compose(v -> receiver.stateBefore(roomId, eventId)).map(state -> {
            ObjectNode out = Json.object();
            state.state().forEach(out.putArray("pdus")::add);
            if (!out.has("pdus")) out.putArray("pdus");
            ArrayNode chain = out.putArray("auth_chain");
            state.authChain().forEach(chain::add);
            return out;
        });
    }

    /** GET /state_ids/{roomId} (operationId getRoomStateIds). */
    Future<ObjectNode> getRoomStateIds(RoutingContext ctx) {
        String origin = Origin.of(ctx);
        String roomId = ctx.pathParam("roomId");
        String eventId = requiredQuery(ctx, "event_id");
        return access.check(origin, roomId).compose(v -> receiver.stateIdsBefore(roomId, eventId)).map(state -> {
            ObjectNode out = Json.object();
            ArrayNode ids = out.putArray("pdu_ids");
            state.state().forEach(ids::add);
            ArrayNode chain = out.putArray("auth_chain_ids");
            state.authChain().forEach(chain::add);
            return out;
        });
    }

    /** GET /backfill/{roomId}?v=...&limit= (operationId backfillRoom): the events before {@code v}, walking prev_events. */
    Future<ObjectNode> backfillRoom(RoutingContext ctx) {
        String origin = Origin.of(ctx);
        String roomId = ctx.pathParam("roomId");
        List<String> from = ctx.queryParam("v");
        if (from.isEmpty()) throw MatrixException.missingParam("v is required");
        int limit = Math.min(intQuery(ctx, "limit", 10), limits.backfillMaxLimit());
        return access.check(origin, roomId)
                .compose(v -> walkBack(roomId, new LinkedHashSet<>(from), Set.of(), limit)
                        .compose(list -> new ServerVisibility(events, origin).serve(list, v)))
                .map(this::transaction);
    }

    /** POST /get_missing_events/{roomId} (operationId getMissingPreviousEvents). */
    Future<ObjectNode> getMissingPreviousEvents(RoutingContext ctx) {
        String origin = Origin.of(ctx);
        String roomId = ctx.pathParam("roomId");
        ObjectNode body = Bodies.json(ctx);
        List<String> earliest = texts(body.path("earliest_events"));
        List<String> latest = texts(body.path("latest_events"));
        int limit = Math.min(body.path("limit").asInt(10), limits.missingEventsMaxLimit());
        long minDepth = body.path("min_depth").asLong(0);
        return access.check(origin, roomId).compose(v -> events.events(latest)
                .compose(found -> {
                    Set<String> start = new LinkedHashSet<>();
                    for (StoredEvent e : found.values()) if (e.roomId().equals(roomId)) start.addAll(EventReads.prevEventsOf(e));
                    return walkBack(roomId, start, Set.copyOf(earliest), limit);
                })
                .compose(list -> {
                    List<StoredEvent> sorted = new ArrayList<>(list.stream().filter(e -> e.depth() >= minDepth).toList());
                    sorted.sort(java.util.Comparator.comparingLong(StoredEvent::depth).thenComparing(StoredEvent::eventId));
                    return new ServerVisibility(events, origin).serve(sorted, v);
                }))
                .map(pdus -> {
                    ObjectNode out = Json.object();
                    ArrayNode arr = out.putArray("events");
                    pdus.forEach(arr::add);
                    return out;
                });
    }

    /** GET /event_auth/{roomId}/{eventId} (operationId getEventAuth). */
    Future<ObjectNode> getEventAuth(RoutingContext ctx) {
        String origin = Origin.of(ctx);
        String roomId = ctx.pathParam("roomId");
        String eventId = ctx.pathParam("eventId");
        return access.check(origin, roomId).compose(v -> servable(eventId)).compose(e -> {
            if (!e.roomId().equals(roomId)) return Future.failedFuture(MatrixException.notFound("Unknown event " + eventId));
            return receiver.authChain(roomId, List.of(eventId));
        }).map(chain -> {
            ObjectNode out = Json.object();
            ArrayNode arr = out.putArray("auth_chain");
            chain.forEach(arr::add);
            return out;
        });
    }

    /**
     * Breadth-first along prev_events from {@code start} (included), stopping at
     * {@code stop}, up to {@code limit} events of the room, newest (by depth) first. Rejected events are left out.
     */
    private Future<List<StoredEvent>> walkBack(String roomId, Set<String> start, Set<String> stop, int limit) {
        return step(roomId, start, new HashSet<>(stop), new ArrayList<>(), limit);
    }

    private Future<List<StoredEvent>> step(String roomId, Set<String> frontier, Set<String> seen, List<StoredEvent> out,
                                           int limit) {
        frontier.removeAll(seen);
        if (frontier.isEmpty() || out.size() >= limit) return Future.succeededFuture(out);
        seen.addAll(frontier);
        return events.events(frontier).compose(found -> {
            List<StoredEvent> level = new ArrayList<>(found.values());
            level.sort(java.util.Comparator.comparingLong(StoredEvent::depth).reversed().thenComparing(StoredEvent::eventId));
            Set<String> next = new LinkedHashSet<>();
            for (StoredEvent e : level) {
                if (!e.roomId().equals(roomId) || e.rejectedReason() != null) continue;
                if (out.size() >= limit) break;
                out.add(e);
                next.addAll(EventReads.prevEventsOf(e));
            }
            return step(roomId, next, seen, out, limit);
        });
    }

    /** A stored event that may go to other servers: known and not rejected. */
    private Future<StoredEvent> servable(String eventId) {
        return events.event(eventId).compose(found -> found.isPresent() && found.get().rejectedReason() == null
                ? Future.succeededFuture(found.get())
                : Future.failedFuture(MatrixException.notFound("Unknown event " + eventId)));
    }

    private ObjectNode transaction(List<ObjectNode> pdus) {
        ObjectNode out = Json.object();
        out.put("origin", serverName);
        out.put("origin_server_ts", clock.millis());
        ArrayNode arr = out.putArray("pdus");
        pdus.forEach(arr::add);
        return out;
    }

    private static String requiredQuery(RoutingContext ctx, String name) {
        String value = ctx.queryParams().get(name);
        if (value == null || value.isEmpty()) throw MatrixException.missingParam(name + " is required");
        return value;
    }

    private static int intQuery(RoutingContext ctx, String name, int dflt) {
        String value = ctx.queryParams().get(name);
        if (value == null) return dflt;
        try {
            return Math.max(1, Integer.parseInt(value));
        } catch (NumberFormatException e) {
            throw MatrixException.invalidParam(name + " must be an integer");
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) array.forEach(n -> { if (n.isTextual()) out.add(n.asText()); });
        return out;
    }
}
