package org.lightweb.storage.rooms;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The latest events of the rooms that were written to lately, in memory, for the question every woken sync asks:
 * "the newest events of this room after my token". Fed in commit order by the event repository; answers only
 * when it holds every event of the room in the asked window, else the caller reads the database.
 */
final class RecentEvents {
    private final int perRoom;
    private final Cache<String, Room> rooms;

    /**
     * @param roomCount rooms to keep (0: none)
     * @param perRoom   events to keep per room
     */
    RecentEvents(long roomCount, int perRoom) {
        this.perRoom = perRoom;
        this.rooms = roomCount <= 0 ? null : Caffeine.newBuilder().maximumSize(roomCount).executor(Runnable::run).build();
    }

    /** Forgets a purged room's events. */
    void drop(String roomId) {
        if (rooms != null) rooms.invalidate(roomId);
    }

    /** Events just committed to a room's timeline, in stream order; {@code newRoom}: the room's very first ones. */
    void stored(String roomId, List<StoredEvent> events, boolean newRoom) {
        if (rooms == null || events.isEmpty()) return;
        long first = events.get(0).streamOrdering();
        Room room = rooms.get(roomId, id -> new Room(newRoom ? 0 : first - 1));
        synchronized (room) {
            for (StoredEvent e : events) room.add(e, perRoom);
        }
    }

    /**
     * The newest {@code limit} events in (after, upTo], oldest first; null when this cache cannot be sure it has
     * them all.
     */
    List<StoredEvent> timeline(String roomId, long after, long upTo, int limit) {
        if (rooms == null) return null;
        Room room = rooms.getIfPresent(roomId);
        if (room == null) return null;
        synchronized (room) {
            List<StoredEvent> newestFirst = new ArrayList<>(Math.min(limit, room.events.size()));
            Iterator<StoredEvent> it = room.events.descendingIterator();
            while (it.hasNext() && newestFirst.size() < limit) {
                StoredEvent e = it.next();
                if (e.streamOrdering() > upTo) continue;
                if (e.streamOrdering() <= after) break;
                newestFirst.add(e);
            }
            // Complete when the window starts inside what is held, or the limit was reached within it.
            if (after < room.completeFrom && newestFirst.size() < limit) return null;
            java.util.Collections.reverse(newestFirst);
            return newestFirst;
        }
    }

    private static final class Room {
        /** Every event of the room after this stream position is in {@link #events}. */
        long completeFrom;
        final ArrayDeque<StoredEvent> events = new ArrayDeque<>();

        Room(long completeFrom) {
            this.completeFrom = completeFrom;
        }

        void add(StoredEvent e, int max) {
            if (!events.isEmpty() && events.peekLast().streamOrdering() >= e.streamOrdering()) return;   // seen
            events.addLast(e);
            while (events.size() > max) completeFrom = events.removeFirst().streamOrdering();
        }
    }
}
