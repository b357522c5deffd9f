package org.lightweb.plugin.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.lightweb.plugin.RoomEvent;
import org.lightweb.plugin.Rooms;

/** Rooms the test declares: their state, members and aliases. Bots of the context join and create rooms here. */
public final class FakeRooms implements Rooms {
    private final Map<String, Map<String, RoomEvent>> state = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> members = new ConcurrentHashMap<>();
    private final Map<String, String> aliases = new ConcurrentHashMap<>();
    private int counter;

    /** Declares a room (empty state, no members). */
    public synchronized FakeRooms add(String roomId) {
        state.computeIfAbsent(roomId, k -> new LinkedHashMap<>());
        members.computeIfAbsent(roomId, k -> new LinkedHashSet<>());
        return this;
    }

    /** Puts a state event in a room's current state (the room is declared if it was not). */
    public synchronized FakeRooms state(RoomEvent event) {
        if (event.stateKey() == null) throw new IllegalArgumentException("not a state event: " + event);
        add(event.roomId());
        state.get(event.roomId()).put(event.type() + "\u0000" + event.stateKey(), event);
        return this;
    }

    /** Joins a user to a room (the room is declared if it was not). */
    public synchronized FakeRooms join(String roomId, String userId) {
        add(roomId);
        members.get(roomId).add(userId);
        return this;
    }

    /** Removes a user from a room. */
    public synchronized FakeRooms leave(String roomId, String userId) {
        Set<String> m = members.get(roomId);
        if (m != null) m.remove(userId);
        return this;
    }

    /** Points an alias at a room. */
    public FakeRooms alias(String alias, String roomId) {
        aliases.put(alias, roomId);
        return this;
    }

    synchronized String newRoomId(String serverName) {
        String id = "!fake" + (++counter) + ":" + serverName;
        add(id);
        return id;
    }

    @Override public boolean exists(String roomId) { return state.containsKey(roomId); }

    @Override public synchronized List<RoomEvent> state(String roomId) {
        Map<String, RoomEvent> s = state.get(roomId);
        return s == null ? List.of() : List.copyOf(s.values());
    }

    @Override public synchronized Optional<RoomEvent> stateEvent(String roomId, String type, String stateKey) {
        Map<String, RoomEvent> s = state.get(roomId);
        return s == null ? Optional.empty() : Optional.ofNullable(s.get(type + "\u0000" + stateKey));
    }

    @Override public synchronized List<String> joinedMembers(String roomId) {
        return List.copyOf(members.getOrDefault(roomId, Set.of()));
    }

    @Override public synchronized List<String> joinedRooms(String userId) {
        List<String> out = new ArrayList<>();
        members.forEach((room, m) -> { if (m.contains(userId)) out.add(room); });
        return out;
    }

    @Override public Optional<String> resolveAlias(String alias) { return Optional.ofNullable(aliases.get(alias)); }
}
