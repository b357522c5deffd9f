package org.lightweb.server.sync.receipts;

import io.vertx.core.Future;
import java.util.List;
import org.lightweb.core.Clock;
import org.lightweb.core.MatrixException;
import org.lightweb.core.UserId;
import org.lightweb.server.rooms.RoomReads;
import org.lightweb.server.sync.Notifier;
import org.lightweb.server.sync.StreamHeads;
import org.lightweb.server.sync.SyncToken.Stream;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.StoredEvent;
import org.lightweb.storage.sync.ReceiptRepository;

/**
 * Read receipts (client-server API, Receipts): m.read and m.read.private, unthreaded or threaded, on an event of
 * the room the user may see. A receipt only moves forward (Synapse keeps the later one); a new one advances the
 * receipts stream and wakes the room (m.read.private: only the user, nobody else ever sees it).
 */
public final class ReceiptService {
    public static final String READ = "m.read";
    public static final String READ_PRIVATE = "m.read.private";
    public static final String FULLY_READ = "m.fully_read";

    private final ReceiptRepository repo;
    private final RoomReads reads;
    private final ReceiptThreads threads;
    private final StreamHeads heads;
    private final Notifier notifier;
    private final Clock clock;
    private final EventRepository events;
    private final java.util.List<Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Told of every public receipt (m.read) a local user set that moved (federation sends it on). */
    public interface Listener {
        void receipt(String roomId, String type, String userId, String threadId, String eventId, long ts);
    }

    public void addListener(Listener l) { listeners.add(l); }

    public ReceiptService(ReceiptRepository repo, RoomReads reads, EventRepository events, StreamHeads heads,
                          Notifier notifier, Clock clock) {
        this.repo = repo;
        this.reads = reads;
        this.threads = new ReceiptThreads(events);
        this.heads = heads;
        this.notifier = notifier;
        this.clock = clock;
        this.events = events;
    }

    /** An event of the room that {@code user} may see: 404 M_NOT_FOUND otherwise. */
    public Future<StoredEvent> visibleEvent(UserId user, String roomId, String eventId) {
        return reads.event(user, roomId, eventId);
    }

    /** Sets the user's receipt of {@code type} (m.read or m.read.private); {@code threadId} null: unthreaded. */
    public Future<Void> receipt(UserId user, String roomId, String type, String eventId, String threadId) {
        if (!type.equals(READ) && !type.equals(READ_PRIVATE)) {
            return Future.failedFuture(MatrixException.invalidParam("Receipt type must be m.read, m.read.private or m.fully_read"));
        }
        return visibleEvent(user, roomId, eventId)
                .compose(event -> checkThread(event, threadId))
                .compose(event -> {
                    long ts = clock.millis();
                    return repo.put(roomId, type, user.toString(), threadId == null ? "" : threadId, eventId,
                            event.streamOrdering() == null ? 0 : event.streamOrdering(), ts).map(position -> {
                        position.ifPresent(p -> {
                            heads.advance(Stream.RECEIPTS, p);
                            if (type.equals(READ_PRIVATE)) notifier.usersChanged(List.of(user.toString()));
                            else {
                                notifier.roomChanged(roomId);
                                for (Listener l : listeners) l.receipt(roomId, type, user.toString(), threadId, eventId, ts);
                            }
                        });
                        return null;
                    });
                });
    }

    /**
     * A remote user's public receipt, as their server told us (m.receipt EDU; the caller checked that the user is
     * joined to the room): stored as a local one is, so syncs of the room carry it. An event not known here counts
     * as the oldest position (kept unless the user already has a receipt).
     */
    public Future<Void> remoteReceipt(String roomId, String userId, String threadId, String eventId, long ts) {
        return events.event(eventId).compose(event -> {
            long stream = event.filter(e -> e.roomId().equals(roomId)).map(StoredEvent::streamOrdering).orElse(0L);
            return repo.put(roomId, READ, userId, threadId == null ? "" : threadId, eventId, stream, ts);
        }).map(position -> {
            position.ifPresent(p -> {
                heads.advance(Stream.RECEIPTS, p);
                notifier.roomChanged(roomId);
            });
            return null;
        });
    }

    /** A threaded receipt's event must belong to its thread (400 M_INVALID_PARAM otherwise, as the spec says). */
    private Future<StoredEvent> checkThread(StoredEvent event, String threadId) {
        if (threadId == null) return Future.succeededFuture(event);
        return threads.inThread(event, threadId).compose(ok -> ok ? Future.succeededFuture(event)
                : Future.failedFuture(MatrixException.invalidParam(
                        "event_id " + event.eventId() + " is not related to thread " + threadId)));
    }
}
