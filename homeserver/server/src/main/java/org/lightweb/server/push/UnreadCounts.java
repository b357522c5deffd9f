package org.lightweb.server.push;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.lightweb.server.sync.SyncContext;
import org.lightweb.server.sync.SyncContributor;
import org.lightweb.server.sync.SyncToken;
import org.lightweb.storage.push.PushActionRepository;
import org.lightweb.storage.push.PushActionRepository.Counts;

/**
 * Unread counts in sync ("Receiving notifications"): each joined room's {@code unread_notifications}, the
 * notifying and highlighting events after the user's read receipts. When the timeline filter asks for
 * {@code unread_thread_notifications}, the main timeline's counts stay in {@code unread_notifications} and each
 * thread with unread events gets its own entry; otherwise every thread is summed into the room's counts (as
 * Synapse does). A room whose receipts moved is included so its counts can drop.
 */
public final class UnreadCounts implements SyncContributor {
    @Override
    public java.util.Set<org.lightweb.server.sync.SyncToken.Stream> streams() {
        return java.util.EnumSet.of(org.lightweb.server.sync.SyncToken.Stream.EVENTS, org.lightweb.server.sync.SyncToken.Stream.RECEIPTS);
    }

    private final PushActionRepository actions;

    public UnreadCounts(PushActionRepository actions) {
        this.actions = actions;
    }

    @Override
    public Future<Set<String>> roomsWithNews(SyncContext ctx, Set<String> joinedRooms) {
        if (ctx.initial()) return Future.succeededFuture(Set.of());
        return actions.roomsWithReceiptChanges(ctx.userId(), ctx.since(SyncToken.Stream.RECEIPTS), ctx.upTo().receipts())
                .map(rooms -> {
                    Set<String> out = new HashSet<>(rooms);
                    out.retainAll(joinedRooms);
                    return out;
                });
    }

    /**
     * The user's unread counts of a room's main timeline, threads left out: sliding sync's notification_count and
     * highlight_count (MSC4186: threaded notifications belong to an extension).
     */
    public Future<Counts> mainTimeline(String userId, String roomId) {
        return actions.unread(userId, roomId).map(byThread -> byThread.getOrDefault(PushActionRepository.MAIN, Counts.ZERO));
    }

    @Override
    public Future<Void> contributeRoom(SyncContext ctx, String roomId, ObjectNode room) {
        boolean perThread = ctx.filter().room().timeline().unreadThreadNotifications();
        return actions.unread(ctx.userId(), roomId).map(byThread -> {
            Counts main = Counts.ZERO;
            ObjectNode threads = room.objectNode();
            for (Map.Entry<String, Counts> e : byThread.entrySet()) {
                if (!perThread || e.getKey().equals(PushActionRepository.MAIN)) {
                    main = main.plus(e.getValue());
                } else {
                    put(threads.putObject(e.getKey()), e.getValue());
                }
            }
            put(room.putObject("unread_notifications"), main);
            if (!threads.isEmpty()) room.set("unread_thread_notifications", threads);
            return null;
        });
    }

    private static void put(ObjectNode node, Counts c) {
        node.put("notification_count", c.notifications()).put("highlight_count", c.highlights());
    }
}
