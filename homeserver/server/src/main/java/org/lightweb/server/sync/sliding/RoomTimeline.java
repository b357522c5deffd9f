package org.lightweb.server.sync.sliding;

import io.vertx.core.Future;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.lightweb.core.UserId;
import org.lightweb.server.sync.SyncFilter;
import org.lightweb.server.sync.TimelinePager;
import org.lightweb.storage.rooms.StoredEvent;

/**
 * A room's timeline in a sliding sync response: the newest {@code timeline_limit} events the user may see up
 * to the window's end (their leave, for a room they left), after the point the connection sent the room up to,
 * or from the start of the room when the room is new to the connection or its timeline_limit grew
 * ({@code expanded}, as Synapse's {@code unstable_expanded_timeline}).
 */
final class RoomTimeline {
    /** The events, oldest first; {@code limited} when older ones in the window were left out. */
    record Part(List<StoredEvent> events, boolean limited, long prevBatch, boolean expanded, int numLive) {
        /** Who the timeline needs member events of ($LAZY): senders and targets of member events. */
        Set<String> members() {
            Set<String> out = new TreeSet<>();
            for (StoredEvent e : events) {
                out.add(e.sender());
                if (e.type().equals(RequiredState.MEMBER) && e.stateKey() != null) out.add(e.stateKey());
            }
            return out;
        }
    }

    static final Part NONE = new Part(List.of(), false, 0, false, 0);

    private final TimelinePager pager;

    RoomTimeline(TimelinePager pager) {
        this.pager = pager;
    }

    /**
     * @param fromBound where the connection is up to with this room (null: nothing sent yet)
     * @param toBound   the window's end in this room
     * @param live      the request's pos in the events stream: later events are live (null on a first request)
     */
    Future<Part> read(UserId user, String roomId, int limit, Long fromBound, long toBound, boolean expand, Long live) {
        if (limit <= 0) return Future.succeededFuture(NONE);
        long from = fromBound == null || expand ? 0 : fromBound;
        return pager.read(user, roomId, from, toBound, limit, SyncFilter.DEFAULT.room().timeline()).map(t -> {
            List<StoredEvent> events = t.events();
            int numLive = 0;
            if (live != null) {
                for (int i = events.size() - 1; i >= 0 && events.get(i).streamOrdering() > live; i--) numLive++;
            }
            long prevBatch = events.isEmpty() ? toBound : events.get(0).streamOrdering() - 1;
            return new Part(events, t.limited(), prevBatch, expand && fromBound != null, numLive);
        });
    }
}
