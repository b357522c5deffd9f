package org.lightweb.storage.rooms;

/**
 * A point in a room's topological order, between two events: just after the event at (depth, stream), before the
 * next one in (depth, stream_ordering) order. Events are ordered by depth first so that events backfilled over
 * federation, which get stream orderings later than events they precede, still page in the room's order.
 * {@link #START} is before every event.
 */
public record RoomPosition(long depth, long stream) implements Comparable<RoomPosition> {
    public static final RoomPosition START = new RoomPosition(0, 0);

    /** The point just after {@code e}. */
    public static RoomPosition after(StoredEvent e) {
        return new RoomPosition(e.depth(), e.streamOrdering());
    }

    /** The point just before {@code e}: every event before it in topological order is at or before this point. */
    public static RoomPosition before(StoredEvent e) {
        return new RoomPosition(e.depth(), e.streamOrdering() - 1);
    }

    /** Whether {@code e} is at or before this point. */
    public boolean covers(StoredEvent e) {
        return e.depth() < depth || e.depth() == depth && e.streamOrdering() <= stream;
    }

    @Override
    public int compareTo(RoomPosition o) {
        int byDepth = Long.compare(depth, o.depth);
        return byDepth != 0 ? byDepth : Long.compare(stream, o.stream);
    }
}
