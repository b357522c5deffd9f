package org.lightweb.server.sync.typing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who is typing in which room, and until when. Every change of a room's list gets a new position on the typing
 * stream, which lives in memory only (typing does not outlive a restart). Pure: the time comes from the caller,
 * so tests drive it with a fake clock. Not thread-safe: {@link TypingService} serialises the calls.
 */
public final class TypingRooms {
    private final Map<String, Map<String, Long>> until = new HashMap<>();   // room -> user -> expiry (ms)
    private final Map<String, Long> changedAt = new HashMap<>();           // room -> position of its last change
    private long position;

    /**
     * Marks {@code user} typing in {@code room} until {@code untilMs}. Answers the new position when the room's
     * list changed, 0 when the user was already typing (the expiry moves, nobody needs telling, as in Synapse).
     */
    public long start(String room, String user, long untilMs) {
        Long previous = until.computeIfAbsent(room, r -> new HashMap<>()).put(user, untilMs);
        return previous == null ? changed(room) : 0;
    }

    /** Marks {@code user} no longer typing; the new position, or 0 when they were not typing. */
    public long stop(String room, String user) {
        Map<String, Long> typing = until.get(room);
        if (typing == null || typing.remove(user) == null) return 0;
        if (typing.isEmpty()) until.remove(room);
        return changed(room);
    }

    /** Removes everyone whose time is up at {@code now}; answers the rooms whose list changed. */
    public Set<String> expire(long now) {
        Set<String> rooms = new HashSet<>();
        for (Iterator<Map.Entry<String, Map<String, Long>>> it = until.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Map<String, Long>> room = it.next();
            if (room.getValue().values().removeIf(expiry -> expiry <= now)) rooms.add(room.getKey());
            if (room.getValue().isEmpty()) it.remove();
        }
        if (!rooms.isEmpty()) {
            position++;
            for (String r : rooms) changedAt.put(r, position);
        }
        return rooms;
    }

    /** Who is typing in the room now, sorted. */
    public List<String> typing(String room) {
        List<String> users = new ArrayList<>(until.getOrDefault(room, Map.of()).keySet());
        users.sort(null);
        return users;
    }

    /** The position of the room's last change; 0 when nobody ever typed there. */
    public long changedAt(String room) {
        return changedAt.getOrDefault(room, 0L);
    }

    /** The position of the newest change. */
    public long position() { return position; }

    /** The earliest expiry among everyone typing; {@link Long#MAX_VALUE} when nobody is. */
    public long nextExpiry() {
        long next = Long.MAX_VALUE;
        for (Map<String, Long> users : until.values()) for (long t : users.values()) next = Math.min(next, t);
        return next;
    }

    private long changed(String room) {
        changedAt.put(room, ++position);
        return position;
    }
}
