package org.lightweb.storage.push;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the push rules decided about events for each user who gets notified (table event_push_runs), read
 * against the user's read receipts (table receipts: m.read and m.read.private, unthreaded with thread_id '',
 * threaded with 'main' or the thread root). An event is read when it is at or before the unthreaded receipt or
 * the receipt of its own thread, whichever is further (client-server API, "Receiving notifications").
 */
public interface PushActionRepository {
    /** The thread of events outside any thread. */
    String MAIN = "main";

    record NewAction(String userId, String roomId, String eventId, long streamOrdering, String threadId,
                     String actions, boolean highlight, long ts) {}

    /** Stores notifying actions (rows already there for the same user and event are kept). */
    Future<Void> add(List<NewAction> actions);

    record Counts(long notifications, long highlights) {
        public static final Counts ZERO = new Counts(0, 0);

        public Counts plus(Counts o) { return new Counts(notifications + o.notifications, highlights + o.highlights); }
    }

    /** The user's unread counts in a room, by thread ({@link #MAIN} included); threads with nothing unread are left out. */
    Future<Map<String, Counts>> unread(String userId, String roomId);

    /** The rooms whose m.read / m.read.private receipts of the user moved in (after, upTo] of the receipts stream. */
    Future<Set<String>> roomsWithReceiptChanges(String userId, long after, long upTo);

    record Notification(String roomId, String eventId, long streamOrdering, String threadId, String actions,
                        boolean highlight, long ts, boolean read) {}

    /**
     * The user's notifications before stream position {@code before} (exclusive), newest first.
     *
     * @param onlyHighlight only those whose actions highlight
     */
    Future<List<Notification>> notifications(String userId, long before, int limit, boolean onlyHighlight);

    /**
     * The user's notifications after stream position {@code after} (exclusive), oldest first, each marked read when a
     * read receipt covers it: what a pusher has yet to deliver.
     */
    Future<List<Notification>> notificationsAfter(String userId, long after, int limit);

    /** Whether a read receipt of the user covers the event at {@code streamOrdering} in this room and thread. */
    Future<Boolean> isRead(String userId, String roomId, String threadId, long streamOrdering);

    /**
     * How many of the rooms the user is joined to have unread notifications: the badge count a push carries
     * (Synapse's default, push.group_unread_count_by_room).
     */
    Future<Long> roomsWithUnread(String userId);
}
