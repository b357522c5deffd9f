package org.lightweb.server.sync.sliding;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.lightweb.core.Json;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.Membership;
import org.lightweb.storage.rooms.RoomRepository;
import org.lightweb.storage.rooms.StateKeyId;
import org.lightweb.storage.rooms.StoredEvent;

/**
 * A room's state in a sliding sync response, for a room the user is or was joined to: the {@code required_state}
 * (all that matches when the room is new to the connection; afterwards what changed in the window plus what the
 * request newly asks for, and stubs for state that went away), and the room's name, avatar, heroes and member
 * counts when the room is new or they changed. A room the user left is seen as it was at their leave.
 */
final class RoomStatePart {
    static final StateKeyId NAME = new StateKeyId("m.room.name", "");
    static final StateKeyId AVATAR = new StateKeyId("m.room.avatar", "");
    /** Heroes, as /sync's m.heroes: five members besides the user. */
    static final int MAX_HEROES = 5;

    /** What was found; null name/avatar/heroes/counts are not sent (unchanged, or absent). */
    record Part(List<StoredEvent> requiredState, List<StateKeyId> removed, String name, String avatar,
                List<Hero> heroes, Integer joined, Integer invited) {}

    record Hero(String userId, String displayName, String avatarUrl) {}

    private final EventRepository events;
    private final RoomRepository rooms;

    RoomStatePart(EventRepository events, RoomRepository rooms) {
        this.events = events;
        this.rooms = rooms;
    }

    /**
     * @param request   the room's required state, expanded for this response
     * @param previous  what the connection sent the room with before (null: new to the connection)
     * @param fromBound where the connection is up to with this room (null: new to it)
     */
    Future<Part> read(String userId, Membership m, RequiredState request, RequiredState previous, Long fromBound) {
        boolean initial = previous == null || fromBound == null;
        Future<Map<StateKeyId, String>> now = m.membership().equals("join") ? events.currentState(m.roomId())
                : events.event(m.eventId()).compose(e -> e.isEmpty() || e.get().stateAfter() == null
                        ? Future.succeededFuture(Map.of()) : events.stateOfGroup(e.get().stateAfter()));
        Future<Map<StateKeyId, String>> before = initial ? Future.succeededFuture(Map.of())
                : events.stateGroupAt(m.roomId(), fromBound)
                        .compose(g -> g.isEmpty() ? Future.succeededFuture(Map.<StateKeyId, String>of()) : events.stateOfGroup(g.get()));
        return Future.all(now, before).compose(ok -> {
            Map<StateKeyId, String> state = now.result();
            Set<StateKeyId> changed = new HashSet<>();
            if (!initial) {
                Set<StateKeyId> keys = new HashSet<>(state.keySet());
                keys.addAll(before.result().keySet());
                for (StateKeyId k : keys) if (!Objects.equals(state.get(k), before.result().get(k))) changed.add(k);
            }
            List<String> wanted = new ArrayList<>();
            List<StateKeyId> removed = new ArrayList<>();
            for (Map.Entry<StateKeyId, String> e : state.entrySet()) {
                StateKeyId k = e.getKey();
                if (request.matches(k) && (initial || changed.contains(k) || !previous.matches(k))) wanted.add(e.getValue());
            }
            for (StateKeyId k : changed) if (!state.containsKey(k) && request.matches(k)) removed.add(k);
            boolean membersChanged = initial || changed.stream().anyMatch(k -> k.type().equals(RequiredState.MEMBER));
            boolean joined = m.membership().equals("join");
            Future<List<Membership>> members = joined && membersChanged ? rooms.members(m.roomId()) : Future.succeededFuture(null);
            return members.compose(list -> {
                List<String> heroIds = list == null || hasName(state) ? List.of() : heroes(userId, list);
                List<String> ids = new ArrayList<>(wanted);
                if (initial || changed.contains(NAME)) addIfPresent(ids, state.get(NAME));
                if (initial || changed.contains(AVATAR)) addIfPresent(ids, state.get(AVATAR));
                for (String h : heroIds) addIfPresent(ids, state.get(new StateKeyId(RequiredState.MEMBER, h)));
                return events.events(ids).map(found -> build(found, wanted, removed, state, heroIds, list,
                        initial || changed.contains(NAME), initial || changed.contains(AVATAR)));
            });
        });
    }

    private static Part build(Map<String, StoredEvent> found, List<String> wanted, List<StateKeyId> removed,
                              Map<StateKeyId, String> state, List<String> heroIds, List<Membership> members,
                              boolean nameWanted, boolean avatarWanted) {
        List<StoredEvent> required = new ArrayList<>();
        for (String id : wanted) if (found.containsKey(id)) required.add(found.get(id));
        required.sort(Comparator.comparing(StoredEvent::type).thenComparing(StoredEvent::stateKey));
        String name = nameWanted ? text(get(found, state.get(NAME)), "name") : null;
        String avatar = avatarWanted ? text(get(found, state.get(AVATAR)), "url") : null;
        List<Hero> heroes = new ArrayList<>();
        for (String h : heroIds) {
            StoredEvent e = get(found, state.get(new StateKeyId(RequiredState.MEMBER, h)));
            heroes.add(new Hero(h, text(e, "displayname"), text(e, "avatar_url")));
        }
        Integer joined = members == null ? null : (int) members.stream().filter(x -> x.membership().equals("join")).count();
        Integer invited = members == null ? null : (int) members.stream().filter(x -> x.membership().equals("invite")).count();
        return new Part(required, removed, name, avatar, heroes.isEmpty() ? null : heroes, joined, invited);
    }

    /** The event of {@code id} if it was found (immutable maps refuse null keys). */
    private static StoredEvent get(Map<String, StoredEvent> found, String id) {
        return id == null ? null : found.get(id);
    }

    private static boolean hasName(Map<StateKeyId, String> state) {
        return state.containsKey(NAME);
    }

    /** Joined and invited members first, then those who left (spec: m.heroes), never the user. */
    static List<String> heroes(String userId, List<Membership> members) {
        List<String> in = members.stream().filter(x -> !x.userId().equals(userId))
                .filter(x -> x.membership().equals("join") || x.membership().equals("invite"))
                .map(Membership::userId).sorted().limit(MAX_HEROES).toList();
        if (!in.isEmpty()) return in;
        return members.stream().filter(x -> !x.userId().equals(userId)).map(Membership::userId).sorted().limit(MAX_HEROES).toList();
    }

    private static void addIfPresent(List<String> ids, String id) {
        if (id != null) ids.add(id);
    }

    private static String text(StoredEvent e, String field) {
        if (e == null) return null;
        JsonNode v = Json.parse(e.json()).path("content").get(field);
        return v != null && v.isTextual() && !v.asText().isEmpty() ? v.asText() : null;
    }
}
