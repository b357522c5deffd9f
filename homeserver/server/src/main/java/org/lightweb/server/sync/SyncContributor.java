package org.lightweb.server.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.Set;

/**
 * A stream that adds to the sync response besides room timelines: account data, presence, to-device messages,
 * device lists, typing, receipts, unread counts. Each one is registered with {@link SyncService}.
 */
public interface SyncContributor {
    /**
     * The streams this contributor reads. An incremental sync in which none of them moved skips
     * {@link #contribute} and {@link #roomsWithNews} (most syncs wake for one stream only).
     */
    default java.util.Set<SyncToken.Stream> streams() { return java.util.EnumSet.allOf(SyncToken.Stream.class); }

    /** Whether an incremental sync has anything of this contributor's to look at. */
    default boolean moved(SyncContext ctx) {
        if (ctx.initial() || ctx.fullState()) return true;
        for (SyncToken.Stream s : streams()) if (ctx.upTo().get(s) > ctx.since().get(s)) return true;
        return false;
    }

    /** Adds the top-level sections of the response (e.g. {@code account_data}, {@code to_device}). */
    default Future<Void> contribute(SyncContext ctx, ObjectNode response) { return Future.succeededFuture(); }

    /** The joined rooms that have something new for this contributor since the token, so they are included. */
    default Future<Set<String>> roomsWithNews(SyncContext ctx, Set<String> joinedRooms) { return Future.succeededFuture(Set.of()); }

    /** Adds to one joined room's section (e.g. {@code ephemeral}, {@code account_data}, {@code unread_notifications}). */
    default Future<Void> contributeRoom(SyncContext ctx, String roomId, ObjectNode room) { return Future.succeededFuture(); }
}
