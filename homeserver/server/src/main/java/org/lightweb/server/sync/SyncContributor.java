package org.lightweb.server.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.Set;

/**
 * A stream that adds to the sync response besides room timelines: account data, presence, to-device messages,
 * device lists, typing, receipts, unread counts. Each one is registered with {@link SyncService}.
 */
public interface SyncContributor {
    /** Adds the top-level sections of the response (e.g. {@code account_data}, {@code to_device}). */
    default Future<Void> contribute(SyncContext ctx, ObjectNode response) { return Future.succeededFuture(); }

    /** The joined rooms that have something new for this contributor since the token, so they are included. */
    default Future<Set<String>> roomsWithNews(SyncContext ctx, Set<String> joinedRooms) { return Future.succeededFuture(Set.of()); }

    /** Adds to one joined room's section (e.g. {@code ephemeral}, {@code account_data}, {@code unread_notifications}). */
    default Future<Void> contributeRoom(SyncContext ctx, String roomId, ObjectNode room) { return Future.succeededFuture(); }
}
