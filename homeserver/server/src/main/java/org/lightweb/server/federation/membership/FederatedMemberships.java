package org.lightweb.server.federation.membership;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.lightweb.core.Clock;
import org.lightweb.core.ErrCode;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.core.ServerName;
import org.lightweb.core.UserId;
import org.lightweb.federation.protocol.JsonSigning;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.Redaction;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.SigningKey;
import org.lightweb.federation.protocol.StateKey;
import org.lightweb.server.federation.client.FederationClient;
import org.lightweb.server.federation.events.FederationEvents;
import org.lightweb.server.federation.keys.KeyRing;
import org.lightweb.server.rooms.RemoteMemberships;
import org.lightweb.server.rooms.RoomEvents;
import org.lightweb.storage.rooms.OutOfBandMemberships;
import org.lightweb.storage.rooms.StoredEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local user's membership in rooms of other servers (server-server API: "Joining Rooms", "Knocking", "Leaving
 * Rooms", "Inviting to a room"): the make/send handshakes, tried with one candidate server after the other until
 * one answers, as Synapse does. Remote errors are relayed to the client only when they are 403 M_FORBIDDEN or
 * 404 M_NOT_FOUND (or say the room version is unsupported); anything else is 502.
 */
public final class FederatedMemberships implements RemoteMemberships {
    private static final Logger log = LoggerFactory.getLogger(FederatedMemberships.class);
    private static final String V1 = "/_matrix/federation/v1";
    private static final String V2 = "/_matrix/federation/v2";

    private final ServerName serverName;
    private final SigningKey key;
    private final FederationClient client;
    private final FederationEvents federationEvents;
    private final KeyRing keyRing;
    private final RoomEvents roomEvents;
    private final OutOfBandMemberships outOfBand;
    private final InboundMemberships inbound;
    private final Clock clock;

    public FederatedMemberships(ServerName serverName, SigningKey key, FederationClient client,
                                FederationEvents federationEvents, KeyRing keyRing, RoomEvents roomEvents,
                                OutOfBandMemberships outOfBand, InboundMemberships inbound, Clock clock) {
        this.serverName = serverName;
        this.key = key;
        this.client = client;
        this.federationEvents = federationEvents;
        this.keyRing = keyRing;
        this.roomEvents = roomEvents;
        this.outOfBand = outOfBand;
        this.inbound = inbound;
        this.clock = clock;
    }

    @Override
    public Future<String> join(UserId user, String roomId, List<String> via, ObjectNode content) {
        return candidates(user, roomId, via).compose(servers -> firstAnswer(servers, roomId, server ->
                makeAndSign(server, roomId, user, "join", content).compose(made ->
                        client.put(server, V2 + "/send_join/" + Paths.segment(roomId) + "/" + Paths.segment(made.event().eventId()),
                                made.event().json()).map(answer -> new Sent(made, answer))))
                .compose(done -> {
            String server = done.server();
            Made m = done.result().made();
            JsonNode answer = done.result().answer();
            ObjectNode joinEvent = m.event().json();
            // A restricted join comes back countersigned by the resident server: keep that one when it is ours.
            if (answer.path("event").isObject()) {
                ObjectNode returned = (ObjectNode) answer.get("event");
                try {
                    if (Pdu.of(returned, m.version()).eventId().equals(m.event().eventId())) joinEvent = returned;
                } catch (RuntimeException ignored) {
                    // malformed: keep ours
                }
            }
            List<ObjectNode> state = objects(answer.path("state"));
            List<ObjectNode> authChain = objects(answer.path("auth_chain"));
            log.info("joining remote room [room: {}, via: {}, user: {}, state: {}]", roomId, server, user, state.size());
            return federationEvents.importJoinedRoom(server, m.version(), joinEvent, state, authChain).map(roomId);
        }));
    }

    @Override
    public Future<String> knock(UserId user, String roomId, List<String> via, ObjectNode content) {
        return candidates(user, roomId, via).compose(servers -> firstAnswer(servers, roomId, server ->
                makeAndSign(server, roomId, user, "knock", content).compose(made ->
                        client.put(server, V1 + "/send_knock/" + Paths.segment(roomId) + "/" + Paths.segment(made.event().eventId()),
                                made.event().json()).map(answer -> withState(made.event(), "knock_room_state",
                                answer.path("knock_room_state"))))))
                .compose(done -> inbound.storeOutOfBand(done.result()).map(roomId));
    }

    @Override
    public Future<Void> leave(UserId user, String roomId, ObjectNode content) {
        return outOfBand.current(roomId, user.toString()).compose(current -> {
            Set<String> servers = new LinkedHashSet<>();
            current.ifPresent(e -> {
                servers.add(serverOf(e.sender()));
                JsonNode unsigned = Json.parse(e.json()).path("unsigned");
                for (String field : List.of("invite_room_state", "knock_room_state")) {
                    for (JsonNode s : unsigned.path(field)) {
                        if (s.path("sender").isTextual()) servers.add(serverOf(s.get("sender").asText()));
                    }
                }
            });
            roomServer(roomId).ifPresent(servers::add);
            servers.remove(serverName.value());
            return firstAnswer(List.copyOf(servers), roomId, server ->
                    makeAndSign(server, roomId, user, "leave", content).compose(made ->
                            client.put(server, V2 + "/send_leave/" + Paths.segment(roomId) + "/" + Paths.segment(made.event().eventId()),
                                    made.event().json()).map(answer -> made.event())))
                    .map(Answer::result)
                    .recover(err -> {
                        // As Synapse: when no server takes the rejection, the invite is rejected here all the same.
                        log.warn("rejecting invite locally [room: {}, user: {}]: {}", roomId, user, err.getMessage());
                        return current.map(invite -> Future.succeededFuture(localLeave(invite, user, content)))
                                .orElseGet(() -> Future.failedFuture(err));
                    })
                    .compose(inbound::storeOutOfBand);
        });
    }

    /** A leave built here for an invite no server of the room would take back: known only to this server. */
    private Pdu localLeave(StoredEvent invite, UserId user, ObjectNode content) {
        RoomVersion v = RoomVersion.of(Json.parse(invite.json()).path("unsigned").path("room_version").asText(""))
                .orElse(RoomVersion.DEFAULT);
        ObjectNode e = Json.object();
        e.put("room_id", invite.roomId());
        e.put("type", StateKey.MEMBER);
        e.put("state_key", user.toString());
        e.put("sender", user.toString());
        e.set("content", content);
        e.put("origin_server_ts", clock.millis());
        e.putArray("prev_events").add(invite.eventId());
        e.putArray("auth_events").add(invite.eventId());
        e.put("depth", invite.depth() + 1);
        JsonSigning.hashAndSignEvent(e, v, serverName.value(), key);
        return Pdu.of(e, v);
    }

    @Override
    public Future<ObjectNode> countersignInvite(Pdu invite) {
        String invitee = invite.stateKey().orElseThrow();
        String destination = serverOf(invitee);
        RoomVersion v = invite.roomVersion();
        return InviteState.of(roomEvents, invite.roomId(), v, invite.sender()).compose(state -> {
            ObjectNode body = Json.object();
            body.set("event", invite.json());
            body.put("room_version", v.id());
            ArrayNode s = body.putArray("invite_room_state");
            state.forEach(s::add);
            return client.put(destination, V2 + "/invite/" + Paths.segment(invite.roomId()) + "/" + Paths.segment(invite.eventId()), body);
        }).recover(err -> Future.failedFuture(relayed(err, destination))).compose(answer -> {
            if (!answer.path("event").isObject()) {
                return Future.failedFuture(new MatrixException(502, ErrCode.M_UNKNOWN, destination + " answered no event"));
            }
            ObjectNode signed = (ObjectNode) answer.get("event");
            return keyRing.isSignedBy(Redaction.redact(signed, v), destination, invite.originServerTs()).compose(ok -> ok
                    ? Future.succeededFuture(signed)
                    : Future.failedFuture(new MatrixException(502, ErrCode.M_UNKNOWN, destination + " did not sign the invite")));
        });
    }

    @Override
    public Future<Resolved> resolveAlias(String alias) {
        String server = alias.substring(alias.indexOf(':') + 1);
        return client.get(server, V1 + "/query/directory", Map.of("room_alias", alias))
                .recover(err -> Future.failedFuture(relayed(err, server)))
                .map(answer -> {
                    String roomId = answer.path("room_id").asText(null);
                    if (roomId == null) throw new MatrixException(502, ErrCode.M_UNKNOWN, server + " answered no room_id");
                    List<String> servers = new ArrayList<>();
                    answer.path("servers").forEach(s -> { if (s.isTextual()) servers.add(s.asText()); });
                    return new Resolved(roomId, servers);
                });
    }

    /** The servers to try: {@code via}, then the inviter's, then the one in the room ID (before v12), not ours. */
    private Future<List<String>> candidates(UserId user, String roomId, List<String> via) {
        return outOfBand.current(roomId, user.toString()).map(current -> {
            Set<String> servers = new LinkedHashSet<>(via);
            current.ifPresent(e -> servers.add(serverOf(e.sender())));
            roomServer(roomId).ifPresent(servers::add);
            servers.remove(serverName.value());
            if (servers.isEmpty()) {
                throw MatrixException.notFound("No known servers to reach room " + roomId + " through");
            }
            return List.copyOf(servers);
        });
    }

    private record Made(RoomVersion version, Pdu event) {}

    private record Sent(Made made, JsonNode answer) {}

    /** What the first server that answered answered. */
    private record Answer<T>(String server, T result) {}

    /** make_* on {@code server}, then the event built from the template and signed here. */
    private Future<Made> makeAndSign(String server, String roomId, UserId user, String membership, ObjectNode content) {
        String path = V1 + "/make_" + membership + "/" + Paths.segment(roomId) + "/" + Paths.segment(user.toString());
        if (!membership.equals("leave")) {
            // ver is repeated, which the query map cannot say: it goes in the path, already encoded.
            path += RoomVersion.supported().stream().map(v -> "ver=" + v.id()).collect(Collectors.joining("&", "?", ""));
        }
        return client.get(server, path, Map.of()).map(answer -> {
            String versionId = answer.path("room_version").asText(membership.equals("leave") ? "" : "1");
            JsonNode template = answer.path("event");
            // make_leave answers need not name the version (older servers): rooms this server can be in are 10+.
            RoomVersion v = RoomVersion.of(versionId).or(() -> membership.equals("leave") ? Optional.of(RoomVersion.DEFAULT) : Optional.empty())
                    .orElseThrow(() -> new MatrixException(400, ErrCode.M_UNSUPPORTED_ROOM_VERSION,
                            "Room version " + versionId + " is not supported here"));
            if (!template.isObject() || !roomId.equals(template.path("room_id").asText(null))
                    || !StateKey.MEMBER.equals(template.path("type").asText(null))
                    || !user.toString().equals(template.path("state_key").asText(null))
                    || !user.toString().equals(template.path("sender").asText(null))
                    || !membership.equals(template.path("content").path("membership").asText(null))) {
                throw new MatrixException(502, ErrCode.M_UNKNOWN, server + " answered a bad " + membership + " template");
            }
            ObjectNode event = ((ObjectNode) template).deepCopy();
            for (String f : List.of("hashes", "signatures", "unsigned", "event_id")) event.remove(f);
            ObjectNode merged = ((ObjectNode) template.get("content")).deepCopy();
            merged.setAll(content);
            merged.put("membership", membership);
            event.set("content", merged);
            event.put("origin_server_ts", clock.millis());
            JsonSigning.hashAndSignEvent(event, v, serverName.value(), key);
            return new Made(v, Pdu.of(event, v));
        });
    }

    /** The knock event with the state the resident server sent, as sync shows it. */
    private static Pdu withState(Pdu event, String field, JsonNode state) {
        ObjectNode json = event.json().deepCopy();
        ObjectNode unsigned = json.putObject("unsigned");
        unsigned.set(field, state.isArray() ? state : Json.MAPPER.createArrayNode());
        unsigned.put("room_version", event.roomVersion().id());
        return Pdu.withKnownId(json, event.roomVersion(), event.eventId());
    }

    /**
     * Runs {@code attempt} on each server in turn until one succeeds, and answers its result. Failures of the
     * remote kind (error answers, unreachable servers) move on to the next server; the last one is relayed.
     */
    private <T> Future<Answer<T>> firstAnswer(List<String> servers, String roomId, Function<String, Future<T>> attempt) {
        if (servers.isEmpty()) {
            return Future.failedFuture(MatrixException.notFound("No known servers to reach room " + roomId + " through"));
        }
        return next(servers.iterator(), roomId, attempt, null);
    }

    private <T> Future<Answer<T>> next(Iterator<String> servers, String roomId, Function<String, Future<T>> attempt,
                                      Throwable last) {
        if (!servers.hasNext()) return Future.failedFuture(last);
        String server = servers.next();
        Future<T> tried;
        try {
            tried = attempt.apply(server);
        } catch (RuntimeException e) {
            tried = Future.failedFuture(e);
        }
        return tried.map(result -> new Answer<>(server, result)).recover(err -> {
            if (!remote(err)) return Future.failedFuture(err);
            log.info("membership handshake failed, trying the next server [room: {}, server: {}]: {}", roomId, server,
                    err.getMessage());
            return next(servers, roomId, attempt, relayed(err, server));
        });
    }

    /** Whether a failure came from the other server (so another server may do better). */
    private static boolean remote(Throwable err) {
        return err instanceof FederationClient.RemoteError || err instanceof FederationClient.Unreachable
                || err instanceof MatrixException m && m.status() == 502
                || err instanceof MatrixException u && u.errcode() == ErrCode.M_UNSUPPORTED_ROOM_VERSION;
    }

    /** A remote failure as the client sees it: 403/404 (and version errors) relayed, the rest 502. */
    static Throwable relayed(Throwable err, String server) {
        if (err instanceof FederationClient.RemoteError r) {
            if (r.status() == 403 && "M_FORBIDDEN".equals(r.errcode())) return MatrixException.forbidden(r.getMessage());
            if (r.status() == 403 && "M_INVITE_BLOCKED".equals(r.errcode())) {
                return new MatrixException(403, ErrCode.M_INVITE_BLOCKED, r.getMessage()); // the invitee's choice, as Synapse relays it
            }
            if (r.status() == 404 && "M_NOT_FOUND".equals(r.errcode())) return MatrixException.notFound(r.getMessage());
            if (r.status() == 400 && "M_INCOMPATIBLE_ROOM_VERSION".equals(r.errcode())) {
                return new MatrixException(400, ErrCode.M_INCOMPATIBLE_ROOM_VERSION, r.getMessage());
            }
            return new MatrixException(502, ErrCode.M_UNKNOWN, r.getMessage());
        }
        if (err instanceof FederationClient.Unreachable u) return new MatrixException(502, ErrCode.M_UNKNOWN, u.getMessage());
        return err;
    }

    private static List<ObjectNode> objects(JsonNode array) {
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode n : array) if (n.isObject()) out.add((ObjectNode) n);
        return out;
    }

    private static String serverOf(String userId) {
        return userId.substring(userId.indexOf(':') + 1);
    }

    /** The server a room ID names (room versions before 12); empty for v12 IDs, which name none. */
    private static Optional<String> roomServer(String roomId) {
        int colon = roomId.indexOf(':');
        return colon < 0 ? Optional.empty() : Optional.of(roomId.substring(colon + 1));
    }
}
