package org.lightweb.server.messages;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.lightweb.core.Json;
import org.lightweb.core.UserId;
import org.lightweb.server.rooms.EventVisibility;
import org.lightweb.server.sync.SyncFilter;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.RoomPosition;
import org.lightweb.storage.rooms.StoredEvent;

/**
 * Walks a room's history in topological order from a point, in either direction, collecting up to {@code limit}
 * events the user may see (history visibility), the filter lets through and that no ignored user sent. It reads
 * in batches and stops after {@code maxScanned} events, so a filter that matches nothing cannot make a request
 * read the whole room: the page then has fewer events and a point to continue from.
 */
final class HistoryPager {
    private static final int MIN_BATCH = 50;

    /**
     * @param events    oldest first when paging forwards, newest first backwards
     * @param next      the point just past the last event read, to continue from
     * @param exhausted nothing is left in that direction (up to the bound)
     */
    record Page(List<StoredEvent> events, RoomPosition next, boolean exhausted) {}

    private final EventRepository events;
    private final EventVisibility visibility;
    private final int maxScanned;
    private final RemoteHistory remote;

    HistoryPager(EventRepository events, EventVisibility visibility, int maxScanned) {
        this(events, visibility, maxScanned, RemoteHistory.NONE);
    }

    HistoryPager(EventRepository events, EventVisibility visibility, int maxScanned, RemoteHistory remote) {
        this.events = events;
        this.visibility = visibility;
        this.maxScanned = maxScanned;
        this.remote = remote;
    }

    /** @param to the far bound (backwards: exclusive, forwards: inclusive); null for none */
    Future<Page> read(UserId user, String roomId, RoomPosition from, RoomPosition to, boolean backwards, int limit,
                      SyncFilter.RoomEventFilter filter, Set<String> ignored) {
        if (limit <= 0) return Future.succeededFuture(new Page(List.of(), from, false));
        Future<Page> page = batch(user, roomId, from, to, backwards, limit, filter, ignored, new ArrayList<>(), 0);
        if (!backwards || to != null) return page;
        // Reached the oldest events here: other servers may have older ones (backfill), read on once they are stored.
        return page.compose(p -> !p.exhausted() || p.events().size() >= limit ? Future.succeededFuture(p)
                : remote.backfill(roomId, limit - p.events().size())
                        .recover(err -> Future.succeededFuture(false))
                        .compose(got -> got ? batch(user, roomId, p.next(), null, true, limit, filter, ignored,
                                new ArrayList<>(p.events()), 0) : Future.succeededFuture(p)));
    }

    private Future<Page> batch(UserId user, String roomId, RoomPosition cursor, RoomPosition to, boolean backwards,
                               int limit, SyncFilter.RoomEventFilter filter, Set<String> ignored, List<StoredEvent> found,
                               int scanned) {
        int size = Math.min(Math.max(MIN_BATCH, 2 * (limit - found.size())), maxScanned - scanned);
        return events.roomEvents(roomId, cursor, to, backwards, size).compose(batch -> {
            List<StoredEvent> wanted = new ArrayList<>();
            for (StoredEvent e : batch) {
                if (IgnoredUsers.hides(ignored, e)) continue;
                if (!filter.matches(roomId, e.type(), e.sender(), Json.parse(e.json()).path("content"))) continue;
                wanted.add(e);
            }
            return visibility.filter(user, wanted).map(visible -> {
                RoomPosition next = cursor;
                int i = 0;
                for (StoredEvent e : batch) {
                    if (found.size() == limit) return new Page(found, next, false);
                    next = backwards ? RoomPosition.before(e) : RoomPosition.after(e);
                    if (i < visible.size() && visible.get(i).eventId().equals(e.eventId())) {
                        found.add(e);
                        i++;
                    }
                }
                return new Page(found, next, batch.size() < size);
            });
        }).compose(page -> {
            int read = scanned + size;
            if (page.exhausted() || found.size() == limit || read >= maxScanned) return Future.succeededFuture(page);
            return batch(user, roomId, page.next(), to, backwards, limit, filter, ignored, found, read);
        });
    }
}
