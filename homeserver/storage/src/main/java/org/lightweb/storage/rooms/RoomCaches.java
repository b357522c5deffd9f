package org.lightweb.storage.rooms;

import java.util.List;
import org.lightweb.storage.cache.ReadThroughCache;
import org.lightweb.storage.cache.StreamChangeCache;

/**
 * The in-memory views of room data that the hot paths (every woken sync) read instead of the database: which
 * rooms got events after a position, and each user's memberships. The event repository feeds them right after
 * each commit, in commit order; the room repository reads through them. One instance is shared by both.
 *
 * <p>They only know this process's writes: when a node runs as several processes (the scale issue), the writes
 * of the others must reach {@link #eventsStored} and {@link #membershipChanged} over the cluster's event bus.
 */
public final class RoomCaches {
    private final int changeCapacity;
    private final ReadThroughCache<String, List<Membership>> memberships;
    /** room id -> its memberships (weighed by count), for room summaries */
    private final ReadThroughCache<String, List<Membership>> members;
    private volatile StreamChangeCache roomChanges;
    private volatile StreamChangeCache memberChanges;
    private final RecentEvents recent;
    /** event id -> whether any event relates to it (bundled aggregations skip those that have none) */
    private final ReadThroughCache<String, Boolean> relationParents;

    /** Caches that keep nothing: for tests that construct one repository alone. */
    public static RoomCaches none() { return new RoomCaches(0, 0, 0, 0); }

    /**
     * @param changeCapacity how many rooms' latest event positions to remember (0: none; sync then asks the
     *                       database which rooms changed)
     * @param membershipUsers how many users' membership lists to keep
     * @param recentRooms how many rooms' latest events to keep (0: none)
     * @param recentEventsPerRoom how many of the latest events of each of those rooms to keep
     */
    public RoomCaches(int changeCapacity, long membershipUsers, long recentRooms, int recentEventsPerRoom) {
        this.changeCapacity = changeCapacity;
        this.recent = new RecentEvents(recentEventsPerRoom <= 0 ? 0 : recentRooms, Math.max(1, recentEventsPerRoom));
        this.memberships = new ReadThroughCache<>(membershipUsers);
        this.members = new ReadThroughCache<>(membershipUsers * 10, List::size);
        this.relationParents = new ReadThroughCache<>(recentRooms * Math.max(1, recentEventsPerRoom) * 2L);
    }

    /** Starts remembering room changes after {@code head}, the event stream's position at start-up. */
    public void start(long head) {
        if (changeCapacity > 0) {
            roomChanges = new StreamChangeCache(head, changeCapacity);
            memberChanges = new StreamChangeCache(head, changeCapacity);
        }
    }

    /** The rooms whose timelines grew in (after, upTo], when known here; null when the database must say. */
    java.util.Set<String> roomsChanged(long after, long upTo) {
        StreamChangeCache c = roomChanges;
        return c == null ? null : c.changedIn(after, upTo).orElse(null);
    }

    /** The rooms whose membership changed in (after, upTo], when known here; null when the database must say. */
    java.util.Set<String> roomsWithMemberChanges(long after, long upTo) {
        StreamChangeCache c = memberChanges;
        return c == null ? null : c.changedIn(after, upTo).orElse(null);
    }

    void eventsStored(String roomId, long lastPosition, Long lastMembershipPosition) {
        StreamChangeCache c = roomChanges;
        if (c != null) c.record(roomId, lastPosition);
        StreamChangeCache m = memberChanges;
        if (m != null && lastMembershipPosition != null) m.record(roomId, lastMembershipPosition);
    }

    RecentEvents recent() { return recent; }

    /** Which events have related events; the event repository keeps it right as relations are stored. */
    public ReadThroughCache<String, Boolean> relationParents() { return relationParents; }

    void membershipChanged(String roomId, String userId) {
        memberships.invalidate(userId);
        members.invalidate(roomId);
    }

    /** After a room's rows were purged (admin API): its members, its recent events and its members' room lists. */
    public void roomPurged(String roomId, java.util.Collection<String> userIds) {
        recent.drop(roomId);
        members.invalidate(roomId);
        for (String u : userIds) memberships.invalidate(u);
    }

    ReadThroughCache<String, List<Membership>> members() { return members; }

    ReadThroughCache<String, List<Membership>> memberships() { return memberships; }
}
