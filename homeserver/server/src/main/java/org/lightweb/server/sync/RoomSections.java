package org.lightweb.server.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lightweb.core.Json;
import org.lightweb.server.http.Requester;
import org.lightweb.server.messages.IgnoredUsers;
import org.lightweb.server.rooms.ClientEvents;
import org.lightweb.server.rooms.EventVisibility;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.Membership;
import org.lightweb.storage.rooms.StateKeyId;
import org.lightweb.storage.rooms.StoredEvent;

/**
 * One room's part of a sync response: timeline (with {@code limited} and {@code prev_batch}), the state before
 * the timeline (all of it, or what changed since the token), the summary, and stripped state for invites and
 * knocks.
 */
public final class RoomSections {
    /** What a client sees of a room it is invited to or knocking on (spec: stripped state). */
    private static final List<String> STRIPPED_TYPES = List.of("m.room.create", "m.room.join_rules", "m.room.name",
            "m.room.avatar", "m.room.canonical_alias", "m.room.encryption", "m.room.topic");
    static final int DEFAULT_TIMELINE_LIMIT = 10;

    private final EventRepository events;
    private final ClientEvents format;
    private final TimelinePager pager;
    private final IgnoredUsers ignoredUsers;

    private final LazyMembers lazyMembers = new LazyMembers(LAZY_MEMBER_DEVICES, java.time.Duration.ofMinutes(30));
    static final int LAZY_MEMBER_DEVICES = 10_000;

    public RoomSections(EventRepository events, ClientEvents format, EventVisibility visibility, IgnoredUsers ignoredUsers) {
        this.events = events;
        this.format = format;
        this.pager = new TimelinePager(events, visibility, ignoredUsers);
        this.ignoredUsers = ignoredUsers;
    }

    /** Called before the rooms of an initial or full-state sync are built: the device starts from nothing. */
    void startingOver(SyncContext ctx) {
        lazyMembers.reset(ctx);
    }

    private volatile org.lightweb.server.messages.InvitePermissions invitePermissions;

    /** Invite filtering (MSC4155) on top of the ignore list; bound when account data exists. */
    public void setInvitePermissions(org.lightweb.server.messages.InvitePermissions permissions) {
        this.invitePermissions = permissions;
    }

    /**
     * Whether an invite is hidden: from a user the invitee ignores (spec: such invites are not sent to the client),
     * or one the invitee's invite permission config ignores or blocks (MSC4155, pending invites too).
     */
    Future<Boolean> inviteIgnored(String userId, String membershipEventId) {
        var permissions = invitePermissions;
        return Future.all(ignoredUsers.of(userId), events.event(membershipEventId)).compose(ok -> {
            java.util.Set<String> ignored = ok.resultAt(0);
            java.util.Optional<StoredEvent> invite = ok.resultAt(1);
            if (invite.isEmpty()) return Future.succeededFuture(false);
            if (ignored.contains(invite.get().sender())) return Future.succeededFuture(true);
            if (permissions == null) return Future.succeededFuture(false);
            return permissions.shown(userId, invite.get().sender()).map(shown -> !shown);
        });
    }

    /**
     * A joined room, or a room left within the window (with {@code upTo} at the leave).
     *
     * @param full send the whole state before the timeline (initial sync, newly joined, full_state)
     */
    Future<ObjectNode> timelineRoom(SyncContext ctx, String roomId, long from, long upTo, boolean full) {
        SyncFilter.RoomFilter rf = ctx.filter().room();
        int limit = rf.timeline().limit(DEFAULT_TIMELINE_LIMIT);
        return pager.read(ctx.who().userId(), roomId, from, upTo, limit, rf.timeline()).compose(timeline -> {
            List<StoredEvent> tl = timeline.events();
            boolean withState = full || timeline.limited();
            boolean lazy = rf.state().lazyLoadMembers();
            // Without a gap only lazy-loaded members can be missing: those of the timeline's senders.
            boolean membersOnly = !withState && lazy && !tl.isEmpty();
            Future<Map<StateKeyId, String>> startState = !withState && !membersOnly ? Future.succeededFuture(Map.of()) : tl.isEmpty()
                    ? events.stateGroupAt(roomId, upTo).compose(g -> g.map(events::stateOfGroup).orElse(Future.succeededFuture(Map.of())))
                    : tl.get(0).stateBefore() == null ? Future.succeededFuture(Map.of()) : events.stateOfGroup(tl.get(0).stateBefore());
            Future<Map<StateKeyId, String>> sinceState = full || !timeline.limited() ? Future.succeededFuture(Map.of())
                    : events.stateGroupAt(roomId, from).compose(g -> g.map(events::stateOfGroup).orElse(Future.succeededFuture(Map.of())));
            return Future.all(startState, sinceState).compose(ok -> {
                List<String> stateIds = new ArrayList<>();
                if (withState || membersOnly) {
                    Set<String> timelineSenders = new HashSet<>();
                    tl.forEach(e -> timelineSenders.add(e.sender()));
                    if (withState) timelineSenders.add(ctx.userId());
                    boolean skipRedundant = lazy && !rf.state().includeRedundantMembers();
                    for (var entry : startState.result().entrySet()) {
                        boolean lazyMember = lazy && entry.getKey().type().equals("m.room.member");
                        if (membersOnly && !lazyMember) continue;
                        // Lazy members go by what the device was sent, not by what changed since the token.
                        if (!full && !lazyMember && entry.getValue().equals(sinceState.result().get(entry.getKey()))) continue;
                        if (!stateWanted(ctx, roomId, entry.getKey(), timelineSenders)) continue;
                        if (lazyMember && skipRedundant && lazyMembers.has(ctx, entry.getValue())) continue;
                        stateIds.add(entry.getValue());
                    }
                }
                return events.events(stateIds).compose(found -> {
                    List<StoredEvent> state = new ArrayList<>();
                    for (StoredEvent e : found.values()) {
                        JsonNode content = rf.state().needsContent() ? Json.parse(e.json()).path("content") : null;
                        if (rf.state().matches(roomId, e.type(), e.sender(), content)) state.add(e);
                    }
                    state.sort(java.util.Comparator.comparing(StoredEvent::type).thenComparing(StoredEvent::stateKey));
                    int stateLimit = rf.state().base().limit() == null ? Integer.MAX_VALUE : rf.state().base().limit();
                    List<StoredEvent> limitedState = state.size() > stateLimit ? state.subList(0, stateLimit) : state;
                    if (lazy) {
                        List<String> members = new ArrayList<>();
                        limitedState.stream().filter(e -> e.type().equals("m.room.member")).forEach(e -> members.add(e.eventId()));
                        tl.stream().filter(e -> e.type().equals("m.room.member")).forEach(e -> members.add(e.eventId()));
                        lazyMembers.sent(ctx, members);
                    }
                    return Future.all(format.format(tl, ctx.who()), format.format(limitedState, ctx.who())).map(f -> {
                        ObjectNode room = Json.object();
                        ObjectNode t = room.putObject("timeline");
                        t.set("events", clientFormat(ctx, tl, f.resultAt(0)));
                        t.put("limited", timeline.limited());
                        long prev = tl.isEmpty() ? upTo : tl.get(0).streamOrdering() - 1;
                        t.put("prev_batch", "s" + prev);
                        room.putObject("state").set("events", clientFormat(ctx, limitedState, f.resultAt(1)));
                        return room;
                    });
                });
            });
        });
    }

    /** State filter and lazy-loading: member events only for timeline senders and the user when lazy. */
    private static boolean stateWanted(SyncContext ctx, String roomId, StateKeyId key, Set<String> timelineSenders) {
        SyncFilter.RoomEventFilter sf = ctx.filter().room().state();
        if (key.type().equals("m.room.member") && sf.lazyLoadMembers()) return timelineSenders.contains(key.stateKey());
        return true;
    }

    /** The room summary: heroes and member counts (spec: RoomSummary), from the current memberships. */
    static ObjectNode summary(String userId, List<Membership> members) {
        ObjectNode s = Json.object();
        long joined = members.stream().filter(m -> m.membership().equals("join")).count();
        long invited = members.stream().filter(m -> m.membership().equals("invite")).count();
        ArrayNode heroes = s.putArray("m.heroes");
        members.stream().filter(m -> !m.userId().equals(userId))
                .filter(m -> m.membership().equals("join") || m.membership().equals("invite"))
                .map(Membership::userId).sorted().limit(5).forEach(heroes::add);
        s.put("m.joined_member_count", joined);
        s.put("m.invited_member_count", invited);
        return s;
    }

    /** Stripped state for an invite or knock section, ending with the membership event itself. */
    Future<ObjectNode> strippedRoom(SyncContext ctx, String roomId, String membershipEventId, String key) {
        return strippedState(ctx.who(), roomId, membershipEventId).map(stripped -> {
            ObjectNode room = Json.object();
            room.putObject(key).set("events", stripped);
            return room;
        });
    }

    /**
     * What a user invited to or knocking on a room sees of it (spec: stripped state): the identifying state
     * events as {type, state_key, content, sender}, then the user's membership event.
     */
    public Future<ArrayNode> strippedState(Requester who, String roomId, String membershipEventId) {
        return events.currentState(roomId).compose(state -> {
            List<String> ids = new ArrayList<>();
            for (String type : STRIPPED_TYPES) {
                String id = state.get(new StateKeyId(type, ""));
                if (id != null) ids.add(id);
            }
            ids.add(membershipEventId);
            return events.events(ids).compose(found -> {
                ArrayNode stripped = Json.MAPPER.createArrayNode();
                StoredEvent own = found.get(membershipEventId);
                if (own != null && own.outlier() && state.isEmpty()) return Future.succeededFuture(outOfBand(own));
                for (String id : ids) {
                    StoredEvent e = found.get(id);
                    if (e == null || id.equals(membershipEventId)) continue;
                    JsonNode pdu = Json.parse(e.json());
                    ObjectNode s = stripped.addObject();
                    s.set("content", pdu.path("content"));
                    s.put("sender", e.sender());
                    s.put("state_key", e.stateKey());
                    s.put("type", e.type());
                }
                Future<ObjectNode> ownFormatted = own == null ? Future.succeededFuture(null) : format.format(own, who);
                return ownFormatted.map(o -> {
                    if (o != null) stripped.add(o);
                    return stripped;
                });
            });
        });
    }

    /**
     * A membership of a room this server is not in (an invite received over federation, a knock sent through
     * another server): the room's state is what the event carries in {@code unsigned.invite_room_state} (or
     * {@code knock_room_state}), given by the server that is in the room; the event itself ends the list.
     */
    static ArrayNode outOfBand(StoredEvent own) {
        JsonNode pdu = Json.parse(own.json());
        ArrayNode stripped = Json.MAPPER.createArrayNode();
        JsonNode unsigned = pdu.path("unsigned");
        JsonNode given = unsigned.has("invite_room_state") ? unsigned.get("invite_room_state") : unsigned.path("knock_room_state");
        for (JsonNode e : given) {
            if (!e.path("type").isTextual() || !e.path("state_key").isTextual() || e.path("type").asText().equals("m.room.member")
                    && e.path("state_key").asText().equals(own.stateKey())) continue;
            ObjectNode s = stripped.addObject();
            s.set("content", e.path("content").isObject() ? e.get("content") : Json.object());
            s.put("sender", e.path("sender").asText());
            s.put("state_key", e.get("state_key").asText());
            s.put("type", e.get("type").asText());
        }
        stripped.add(outOfBandEvent(own));
        return stripped;
    }

    /** An out-of-band membership event in the client format (its room's version is not known here). */
    static ObjectNode outOfBandEvent(StoredEvent own) {
        JsonNode pdu = Json.parse(own.json());
        ObjectNode out = Json.object();
        out.set("content", pdu.path("content").isObject() ? pdu.get("content") : Json.object());
        out.put("event_id", own.eventId());
        out.put("origin_server_ts", own.originServerTs());
        out.put("room_id", own.roomId());
        out.put("sender", own.sender());
        out.put("state_key", own.stateKey());
        out.put("type", own.type());
        out.putObject("unsigned").put("age", Math.max(0, System.currentTimeMillis() - own.originServerTs()));
        return out;
    }

    /** The leave section of a room this server never was in: just the user's own (out-of-band) leave. */
    Future<ObjectNode> outOfBandLeave(String membershipEventId) {
        return events.event(membershipEventId).map(e -> {
            ObjectNode room = Json.object();
            ArrayNode timeline = room.putObject("timeline").put("limited", false).putArray("events");
            e.ifPresent(own -> timeline.add(outOfBandEvent(own)));
            room.putObject("state").putArray("events");
            return room;
        });
    }

    /**
     * The filter's event_format and event_fields: "federation" sends the PDU as stored (redacted when a
     * redaction applies, with the client format's unsigned and the event id), "client" the ClientEvent without
     * room_id; event_fields then keeps only the listed fields.
     */
    private static ArrayNode clientFormat(SyncContext ctx, List<StoredEvent> stored, List<ObjectNode> formatted) {
        SyncFilter filter = ctx.filter();
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (int i = 0; i < formatted.size(); i++) {
            ObjectNode e = formatted.get(i);
            if (filter.eventFormat().equals("federation")) {
                ObjectNode pdu = (ObjectNode) Json.parse(stored.get(i).json());
                if (e.path("unsigned").has("redacted_because")) {
                    pdu = org.lightweb.federation.protocol.Redaction.redact(pdu, org.lightweb.federation.protocol.RoomVersion.V11);
                    pdu.set("content", e.path("content"));   // the room's own redaction rules, as the client format applied
                }
                pdu.put("event_id", e.path("event_id").asText());
                pdu.set("unsigned", e.path("unsigned"));
                e = pdu;
            } else {
                e.remove("room_id");
            }
            out.add(filter.eventFields() == null ? e : EventFields.only(e, filter.eventFields()));
        }
        return out;
    }
}
