package org.lightweb.server.sync;

import io.vertx.core.Future;
import org.lightweb.server.http.Requester;

/**
 * Told when a client's /sync starts and when it ends, with its {@code set_presence} (null when absent): how
 * presence learns who is online and who is still connected. Best effort: a failure must not fail the sync.
 */
public interface SyncObserver {
    SyncObserver NONE = new SyncObserver() {
        @Override public Future<Void> syncStarted(Requester who, String setPresence) { return Future.succeededFuture(); }
        @Override public void syncEnded(Requester who, String setPresence) {}
    };

    /** Before the sync computes or waits; the sync waits for this future (so its answer sees the change). */
    Future<Void> syncStarted(Requester who, String setPresence);

    /** After the sync answered (or failed). */
    void syncEnded(Requester who, String setPresence);
}
