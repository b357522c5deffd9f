package org.lightweb.server.rooms.hierarchy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lightweb.core.Json;
import org.lightweb.core.UserId;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.Membership;
import org.lightweb.storage.rooms.RoomRecord;
import org.lightweb.storage.rooms.RoomRepository;
import org.lightweb.storage.rooms.StateKeyId;
import org.lightweb.storage.rooms.StoredEvent;

/**
 * A local room as the hierarchy shows it (room_summary.yaml plus children_state), and whether a user may see it:
 * the conditions listed under the response's {@code rooms} in space_hierarchy.yaml, as Synapse's
 * {@code _is_local_room_accessible} applies them.
 */
final class RoomSummaries {
    private final EventRepository events;
    private final RoomRepository rooms;

    RoomSummaries(EventRepository events, RoomRepository rooms) {
        this.events = events;
        this.rooms = rooms;
    }

    /** What the hierarchy knows of one room: its summary entry and its valid children, in order. */
    record Summary(ObjectNode entry, List<SpaceChildren.Child> children) {}

    /** @param summary present when the room is known here and the user may see it */
    record Lookup(boolean known, Optional<Summary> summary) {
        static final Lookup UNKNOWN = new Lookup(false, Optional.empty());
        static final Lookup HIDDEN = new Lookup(true, Optional.empty());
    }

    /** The room's summary when it is known here and {@code user} may see it. */
    Future<Lookup> summarize(UserId user, String roomId, boolean suggestedOnly) {
        return rooms.room(roomId).compose(room -> {
            if (room.isEmpty()) return Future.succeededFuture(Lookup.UNKNOWN);
            return events.currentState(roomId).compose(ids -> events.events(ids.values()).map(byId -> {
                Map<StateKeyId, StoredEvent> state = new HashMap<>();
                ids.forEach((key, id) -> { if (byId.containsKey(id)) state.put(key, byId.get(id)); });
                return state;
            })).compose(state -> accessible(user, roomId, state).compose(ok -> {
                if (!ok) return Future.succeededFuture(Lookup.HIDDEN);
                return rooms.members(roomId).map(members -> new Lookup(true, Optional.of(summary(room.get(), state,
                        members.stream().filter(m -> m.membership().equals("join")).count(), suggestedOnly))));
            }));
        });
    }

    private Future<Boolean> accessible(UserId user, String roomId, Map<StateKeyId, StoredEvent> state) {
        String joinRule = text(state, "m.room.join_rules", "join_rule");
        if ("public".equals(joinRule) || "knock".equals(joinRule) || "knock_restricted".equals(joinRule)) {
            return Future.succeededFuture(true);
        }
        if ("world_readable".equals(text(state, "m.room.history_visibility", "history_visibility"))) {
            return Future.succeededFuture(true);
        }
        return rooms.membership(roomId, user.toString()).compose(m -> {
            String membership = m.map(Membership::membership).orElse(null);
            if ("join".equals(membership) || "invite".equals(membership)) return Future.succeededFuture(true);
            if (!"restricted".equals(joinRule)) return Future.succeededFuture(false);
            return inAllowedRoom(user, allowedRoomIds(state));
        });
    }

    /** Restricted rooms: the user is joined to one of the rooms the join rule allows. */
    private Future<Boolean> inAllowedRoom(UserId user, List<String> allowed) {
        Future<Boolean> chain = Future.succeededFuture(false);
        for (String roomId : allowed) {
            chain = chain.compose(found -> found ? Future.succeededFuture(true)
                    : rooms.membership(roomId, user.toString()).map(m -> m.map(x -> x.membership().equals("join")).orElse(false)));
        }
        return chain;
    }

    private static Summary summary(RoomRecord room, Map<StateKeyId, StoredEvent> state, long joined, boolean suggestedOnly) {
        ObjectNode out = Json.object();
        out.put("room_id", room.roomId());
        out.put("num_joined_members", joined);
        out.put("world_readable", "world_readable".equals(text(state, "m.room.history_visibility", "history_visibility")));
        out.put("guest_can_join", "can_join".equals(text(state, "m.room.guest_access", "guest_access")));
        putIfPresent(out, "name", text(state, "m.room.name", "name"));
        putIfPresent(out, "topic", text(state, "m.room.topic", "topic"));
        putIfPresent(out, "canonical_alias", text(state, "m.room.canonical_alias", "alias"));
        putIfPresent(out, "avatar_url", text(state, "m.room.avatar", "url"));
        String joinRule = text(state, "m.room.join_rules", "join_rule");
        putIfPresent(out, "join_rule", joinRule);
        putIfPresent(out, "room_type", text(state, "m.room.create", "type"));
        putIfPresent(out, "encryption", text(state, "m.room.encryption", "algorithm"));
        out.put("room_version", room.roomVersion());
        if ("restricted".equals(joinRule) || "knock_restricted".equals(joinRule)) {
            ArrayNode allowed = out.putArray("allowed_room_ids");
            allowedRoomIds(state).forEach(allowed::add);
        }
        List<StoredEvent> childEvents = state.values().stream().filter(e -> SpaceChildren.CHILD.equals(e.type())).toList();
        List<SpaceChildren.Child> children = SpaceChildren.of(childEvents, suggestedOnly);
        ArrayNode childrenState = out.putArray("children_state");
        for (SpaceChildren.Child c : children) {
            ObjectNode stripped = childrenState.addObject();
            stripped.put("type", SpaceChildren.CHILD);
            stripped.put("state_key", c.roomId());
            stripped.set("content", Json.parse(c.event().json()).path("content"));
            stripped.put("sender", c.event().sender());
            stripped.put("origin_server_ts", c.event().originServerTs());
        }
        return new Summary(out, children);
    }

    private static List<String> allowedRoomIds(Map<StateKeyId, StoredEvent> state) {
        List<String> out = new ArrayList<>();
        StoredEvent rules = state.get(new StateKeyId("m.room.join_rules", ""));
        if (rules == null) return out;
        for (JsonNode allow : Json.parse(rules.json()).path("content").path("allow")) {
            if ("m.room_membership".equals(allow.path("type").asText()) && allow.path("room_id").isTextual()) {
                out.add(allow.path("room_id").asText());
            }
        }
        return out;
    }

    private static void putIfPresent(ObjectNode out, String field, String value) {
        if (value != null) out.put(field, value);
    }

    private static String text(Map<StateKeyId, StoredEvent> state, String type, String field) {
        StoredEvent e = state.get(new StateKeyId(type, ""));
        if (e == null) return null;
        JsonNode v = Json.parse(e.json()).path("content").get(field);
        return v != null && v.isTextual() && !v.asText().isEmpty() ? v.asText() : null;
    }
}
