package org.lightweb.server.federation.membership;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lightweb.core.ErrCode;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.core.ServerName;
import org.lightweb.core.UserId;
import org.lightweb.federation.protocol.EventHashes;
import org.lightweb.federation.protocol.JsonSigning;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.Redaction;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.SigningKey;
import org.lightweb.federation.protocol.StateKey;
import org.lightweb.server.federation.events.FederationEvents;
import org.lightweb.server.federation.keys.KeyRing;
import org.lightweb.server.rooms.EventDraft;
import org.lightweb.server.rooms.MembershipService;
import org.lightweb.server.rooms.RoomEvents;
import org.lightweb.storage.rooms.NewEvent;
import org.lightweb.storage.rooms.OutOfBandMemberships;
import org.lightweb.storage.rooms.RoomRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resident server's side of membership handshakes (server-server API: "Joining Rooms", "Leaving Rooms",
 * "Knocking", "Inviting to a room"): templates for other servers' users ({@code make_*}), the signed events they
 * send back ({@code send_*}), and invites of local users into other servers' rooms. Every request is from an
 * authenticated {@code origin}; an event must be about, and sent by, a user of that origin.
 */
public final class InboundMemberships {
    private static final Logger log = LoggerFactory.getLogger(InboundMemberships.class);

    private final ServerName serverName;
    private final SigningKey key;
    private final RoomEvents roomEvents;
    private final RoomRepository rooms;
    private final MembershipService memberships;
    private final KeyRing keyRing;
    private final FederationEvents federationEvents;
    private final OutOfBandMemberships outOfBand;

    public InboundMemberships(ServerName serverName, SigningKey key, RoomEvents roomEvents, RoomRepository rooms,
                              MembershipService memberships, KeyRing keyRing, FederationEvents federationEvents,
                              OutOfBandMemberships outOfBand) {
        this.serverName = serverName;
        this.key = key;
        this.roomEvents = roomEvents;
        this.rooms = rooms;
        this.memberships = memberships;
        this.keyRing = keyRing;
        this.federationEvents = federationEvents;
        this.outOfBand = outOfBand;
    }

    /**
     * {@code make_join}, {@code make_leave}, {@code make_knock}: an unsigned template of {@code membership} for
     * {@code userId} on the room's current state, refused (403) when the auth rules would refuse it.
     *
     * @param versions the room versions the asking server supports (null for make_leave, which does not ask)
     */
    public Future<ObjectNode> makeMembership(String origin, String roomId, String userId, String membership,
                                             List<String> versions) {
        return guarded(() -> make(origin, roomId, userId, membership, versions));
    }

    private Future<ObjectNode> make(String origin, String roomId, String userId, String membership, List<String> versions) {
        UserId user = originUser(origin, userId);
        return residentRoom(roomId).compose(v -> {
            if (versions != null && !versions.contains(v.id())) {
                return Future.failedFuture(new MatrixException(400, ErrCode.M_INCOMPATIBLE_ROOM_VERSION,
                        "Your server does not support this room's version " + v.id(), Map.of("room_version", v.id())));
            }
            ObjectNode content = Json.object().put("membership", membership);
            Future<Void> vouched = !membership.equals("join") ? Future.succeededFuture()
                    : memberships.joinAuthoriser(user, roomId, v).map(a -> {
                        a.ifPresent(local -> content.put("join_authorised_via_users_server", local));
                        return null;
                    });
            return vouched.compose(x -> roomEvents.prepare(roomId, EventDraft.state(StateKey.MEMBER, userId, user, content)))
                    .map(pdu -> {
                        ObjectNode template = pdu.json().deepCopy();
                        template.remove("hashes");
                        template.remove("signatures");
                        template.remove("unsigned");
                        ObjectNode out = Json.object().put("room_version", v.id());
                        out.set("event", template);
                        return out;
                    });
        });
    }

    /**
     * {@code send_join}, {@code send_leave}, {@code send_knock}: checks the event the origin built from a template
     * and signed, then stores it as any received PDU (so local members see it and other servers get it).
     *
     * @return the accepted event (for restricted joins, with this server's signature added) and the room version
     */
    public Future<Accepted> sendMembership(String origin, String roomId, String eventId, ObjectNode event, String membership) {
        return residentRoom(roomId).compose(v -> {
            Pdu pdu = checkedEvent(origin, roomId, eventId, event, v, membership);
            if (!pdu.stateKey().orElse("").equals(pdu.sender())) {
                throw MatrixException.forbidden("A " + membership + " must be sent by the user it is about");
            }
            return signedBy(origin, pdu).compose(ok -> {
                ObjectNode accepted = pdu.json();
                String vouch = pdu.content().path("join_authorised_via_users_server").asText(null);
                if (membership.equals("join") && vouch != null && UserId.parse(vouch).map(u -> u.isLocalTo(serverName)).orElse(false)) {
                    JsonSigning.hashAndSignEvent(accepted, v, serverName.value(), key);   // the resident's countersignature
                }
                return federationEvents.receive(origin, accepted).compose(outcome -> {
                    if (!outcome.accepted()) {
                        log.warn("refused {} [origin: {}, room: {}, event: {}, reason: {}]", membership, origin, roomId,
                                eventId, outcome.error());
                        return Future.failedFuture(MatrixException.forbidden("Event refused: " + outcome.error()));
                    }
                    log.info("{} accepted [origin: {}, room: {}, user: {}]", membership, origin, roomId, pdu.sender());
                    return Future.succeededFuture(new Accepted(v, pdu.eventId(), accepted));
                });
            });
        });
    }

    /** What {@code send_join} answers besides the event: the state before the join and its auth chain. */
    public Future<ObjectNode> joinAnswer(String roomId, Accepted join) {
        Future<FederationEvents.StateAndAuth> state = federationEvents.stateBefore(roomId, join.eventId());
        Future<List<String>> servers = rooms.members(roomId).map(ms -> ms.stream().filter(m -> m.membership().equals("join"))
                .map(m -> m.userId().substring(m.userId().indexOf(':') + 1)).distinct().toList());
        return Future.all(state, servers).map(ok -> {
            ObjectNode out = Json.object();
            out.put("origin", serverName.value());
            out.set("auth_chain", array(state.result().authChain()));
            out.set("state", array(state.result().state()));
            out.set("event", join.event());
            out.put("members_omitted", false);
            ArrayNode names = out.putArray("servers_in_room");
            Set<String> all = new LinkedHashSet<>(servers.result());
            all.add(serverName.value());
            all.forEach(names::add);
            return out;
        });
    }

    /** What {@code send_knock} answers: the state that lets the knocking user recognise the room. */
    public Future<ObjectNode> knockAnswer(String roomId, Accepted knock) {
        return InviteState.of(roomEvents, roomId, knock.version(), null).map(state -> {
            ObjectNode out = Json.object();
            out.set("knock_room_state", array(state));
            return out;
        });
    }

    /**
     * {@code PUT /v2/invite}: an invite of a local user into a room of {@code origin}'s. Checked, signed by this
     * server, and (when this server is not in the room) stored as an out-of-band membership, so the invitee's sync
     * shows it with {@code invite_room_state}; answers the event signed by both servers.
     */
    public Future<ObjectNode> invite(String origin, String roomId, String eventId, ObjectNode body) {
        return guarded(() -> checkedInvite(origin, roomId, eventId, body));
    }

    private Future<ObjectNode> checkedInvite(String origin, String roomId, String eventId, ObjectNode body) {
        String versionId = body.path("room_version").asText("");
        RoomVersion v = RoomVersion.of(versionId).orElseThrow(() -> new MatrixException(400,
                ErrCode.M_INCOMPATIBLE_ROOM_VERSION, "Room version " + versionId + " is not supported here",
                Map.of("room_version", versionId)));
        if (!body.path("event").isObject()) throw MatrixException.badJson("event must be an object");
        JsonNode stateGiven = body.path("invite_room_state");
        if (!stateGiven.isMissingNode() && !stateGiven.isArray()) throw MatrixException.badJson("invite_room_state must be a list");
        Pdu pdu = checkedEvent(null, roomId, eventId, (ObjectNode) body.get("event"), v, "invite");
        if (v.roomIdIsCreateEventId()) checkInviteRoomState(stateGiven, roomId, v);
        UserId sender = UserId.parse(pdu.sender()).orElseThrow(() -> MatrixException.badJson("Invalid sender"));
        if (!sender.server().value().equals(origin)) {
            throw MatrixException.forbidden("The invite's sender is not a user of " + origin);
        }
        UserId invitee = UserId.parse(pdu.stateKey().orElse("")).orElseThrow(() -> MatrixException.badJson("Invalid state_key"));
        if (!invitee.isLocalTo(serverName)) throw MatrixException.forbidden(invitee + " is not a user of this server");
        return signedBy(origin, pdu).compose(ok -> memberships.inviteGate().check(invitee.toString(), sender.toString())).compose(ok -> {
            ObjectNode signed = pdu.json().deepCopy();
            JsonSigning.hashAndSignEvent(signed, v, serverName.value(), key);
            return memberships.hostInRoom(roomId).compose(here -> {
                if (here) return Future.succeededFuture(signed);   // the room's graph brings it over /send
                ObjectNode stored = signed.deepCopy();
                ObjectNode unsigned = stored.has("unsigned") && stored.get("unsigned").isObject()
                        ? (ObjectNode) stored.get("unsigned") : stored.putObject("unsigned");
                unsigned.set("invite_room_state", stateGiven.isArray() ? stateGiven : Json.MAPPER.createArrayNode());
                unsigned.put("room_version", v.id());   // for a leave built here if no server takes the rejection
                return storeOutOfBand(Pdu.withKnownId(stored, v, pdu.eventId())).map(signed);
            });
        }).map(signed -> {
            log.info("invite received [origin: {}, room: {}, invitee: {}]", origin, roomId, invitee);
            ObjectNode out = Json.object();
            out.set("event", signed);
            return out;
        });
    }

    /**
     * The spec's extra checks of {@code invite_room_state} (SHOULD from room version 12, MAY before, so only from
     * 12 here: older servers send stripped events): the create event is there, and every entry is a PDU of the room.
     */
    private static void checkInviteRoomState(JsonNode state, String roomId, RoomVersion v) {
        boolean create = false;
        for (JsonNode e : state) {
            Pdu pdu;
            try {
                pdu = Pdu.of((ObjectNode) e, v);
            } catch (RuntimeException bad) {
                throw MatrixException.invalidParam("invite_room_state holds an event that is not a PDU");
            }
            if (!roomId.equals(pdu.roomId())) throw MatrixException.invalidParam("invite_room_state holds an event of another room");
            create |= pdu.isCreate();
        }
        if (!create) throw MatrixException.invalidParam("invite_room_state must hold the room's m.room.create event");
    }

    /** Stores a member event about a local user of a room this server is not in, and wakes the user's syncs. */
    Future<Void> storeOutOfBand(Pdu pdu) {
        NewEvent e = new NewEvent(pdu.eventId(), pdu.roomId(), pdu.depth(), pdu.type(), pdu.stateKey().orElseThrow(),
                pdu.sender(), pdu.originServerTs(), Json.write(pdu.json()), pdu.prevEvents(), pdu.authEvents(),
                pdu.membership(), null, null);
        return outOfBand.store(e).map(stored -> {
            roomEvents.announceOutOfBand(pdu.roomId(), List.of(stored));
            return null;
        });
    }

    /** The room's version when this server is in it; 404 M_NOT_FOUND otherwise. */
    private Future<RoomVersion> residentRoom(String roomId) {
        return memberships.hostInRoom(roomId).compose(here -> here ? roomEvents.versionOf(roomId)
                : Future.failedFuture(MatrixException.notFound("This server is not in room " + roomId)));
    }

    private static UserId originUser(String origin, String userId) {
        UserId user = UserId.parse(userId).orElseThrow(() -> MatrixException.invalidParam("Invalid user ID: " + userId));
        if (!user.server().value().equals(origin)) {
            throw MatrixException.forbidden(userId + " is not a user of " + origin);
        }
        return user;
    }

    /**
     * The format checks of a membership event: the room, the type and membership, a state key that is a user, the
     * event ID the path names, the content hash; with {@code origin} given, the event is about a user of it.
     */
    private static Pdu checkedEvent(String origin, String roomId, String eventId, ObjectNode event, RoomVersion v,
                                    String membership) {
        if (!roomId.equals(event.path("room_id").asText(null))) throw MatrixException.badJson("The event is not in room " + roomId);
        if (!StateKey.MEMBER.equals(event.path("type").asText(null)) || !event.path("state_key").isTextual()
                || !membership.equals(event.path("content").path("membership").asText(null))) {
            throw MatrixException.badJson("Not an m.room.member event with membership " + membership);
        }
        if (!event.path("sender").isTextual() || UserId.parse(event.get("sender").asText()).isEmpty()) {
            throw MatrixException.badJson("Invalid sender");
        }
        Pdu pdu;
        try {
            pdu = Pdu.of(event, v);
        } catch (RuntimeException e) {
            throw MatrixException.badJson("Malformed event: " + e.getMessage());
        }
        if (!pdu.eventId().equals(eventId)) {
            throw MatrixException.badJson("The event's ID is " + pdu.eventId() + ", not " + eventId);
        }
        if (!EventHashes.contentHashMatches(event)) throw MatrixException.badJson("The event's content hash does not match");
        if (origin != null) originUser(origin, pdu.stateKey().orElseThrow());
        return pdu;
    }

    /** 403 M_FORBIDDEN unless the event carries a valid signature of {@code server} (over its redacted form). */
    private Future<Void> signedBy(String server, Pdu pdu) {
        ObjectNode redacted = Redaction.redact(pdu.json(), pdu.roomVersion());
        return keyRing.isSignedBy(redacted, server, pdu.originServerTs()).compose(ok -> ok ? Future.<Void>succeededFuture()
                : Future.failedFuture(MatrixException.forbidden("The event is not signed by " + server)));
    }

    /** Bad input found before the first future: a failed future, as every service answers. */
    private static <T> Future<T> guarded(java.util.function.Supplier<Future<T>> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private static ArrayNode array(Collection<? extends JsonNode> items) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        items.forEach(a::add);
        return a;
    }

    /** An event accepted through {@code send_*}. */
    public record Accepted(RoomVersion version, String eventId, ObjectNode event) {}
}
