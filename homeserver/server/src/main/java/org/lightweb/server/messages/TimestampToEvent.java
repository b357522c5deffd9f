package org.lightweb.server.messages;

import io.vertx.core.Future;
import java.util.Optional;
import org.lightweb.core.UserId;
import org.lightweb.server.rooms.EventVisibility;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.StoredEvent;

/**
 * GET /timestamp_to_event: the event closest to a timestamp in one direction that the user may see, looked up in
 * what this server holds. When none is found here, {@link RemoteLookup} gets to ask other servers (the
 * federation issue plugs in there; until then it finds nothing).
 */
final class TimestampToEvent {
    private static final int BATCH = 50;

    /** The event found: its id and origin_server_ts. */
    record Found(String eventId, long originServerTs) {}

    /** Where federation (/timestamp_to_event over federation, then backfill) will look when this server has nothing. */
    interface RemoteLookup {
        RemoteLookup NONE = (user, roomId, ts, forwards) -> Future.succeededFuture(Optional.empty());

        Future<Optional<Found>> closest(UserId user, String roomId, long ts, boolean forwards);
    }

    private final EventRepository events;
    private final HistoryAccess access;
    private final EventVisibility visibility;
    private final RemoteLookup remote;
    private final int maxScanned;

    TimestampToEvent(EventRepository events, HistoryAccess access, EventVisibility visibility, RemoteLookup remote,
                     int maxScanned) {
        this.events = events;
        this.access = access;
        this.visibility = visibility;
        this.remote = remote;
        this.maxScanned = maxScanned;
    }

    /** 403 when the user may not read the room's history; empty when no event is found. */
    Future<Optional<Found>> closest(UserId user, String roomId, long ts, boolean forwards) {
        return access.check(user, roomId)
                .compose(grant -> local(user, roomId, ts, forwards, null, 0))
                .compose(found -> found.isPresent() ? Future.succeededFuture(found) : remote.closest(user, roomId, ts, forwards));
    }

    private Future<Optional<Found>> local(UserId user, String roomId, long ts, boolean forwards, StoredEvent cursor,
                                          int scanned) {
        int size = Math.min(BATCH, maxScanned - scanned);
        return events.eventsFromTimestamp(roomId, ts, cursor, forwards, size).compose(batch -> visibility.filter(user, batch)
                .compose(visible -> {
                    if (!visible.isEmpty()) {
                        StoredEvent e = visible.get(0);
                        return Future.succeededFuture(Optional.of(new Found(e.eventId(), e.originServerTs())));
                    }
                    if (batch.size() < size || scanned + size >= maxScanned) return Future.succeededFuture(Optional.empty());
                    return local(user, roomId, ts, forwards, batch.get(batch.size() - 1), scanned + size);
                }));
    }
}
