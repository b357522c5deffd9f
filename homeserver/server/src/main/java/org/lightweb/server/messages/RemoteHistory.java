package org.lightweb.server.messages;

import io.vertx.core.Future;

/**
 * History this node does not have: when a client pages backwards past the oldest events of a room whose earliest
 * known events follow events never received here (a room joined over federation), other servers in the room are
 * asked for it ({@code GET /backfill}) and what they send is stored as history.
 */
public interface RemoteHistory {
    /** Fetches up to about {@code limit} older events of the room; true when some were stored. */
    Future<Boolean> backfill(String roomId, int limit);

    /** No federation: nothing is ever fetched. */
    RemoteHistory NONE = (roomId, limit) -> Future.succeededFuture(false);
}
