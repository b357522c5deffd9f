package org.lightweb.server.sync;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.Set;

/**
 * Wakes long-polling syncs when something arrives for them. One interface, so a clustered implementation (over
 * PostgreSQL LISTEN/NOTIFY or a message bus) can replace the in-process one.
 */
public interface Notifier {
    /**
     * Completes when something may have happened for {@code user} (in {@code rooms}, or addressed to the user)
     * after {@code since}, or after {@code timeoutMs}; at once when the streams already moved past {@code since}.
     */
    Future<Void> waitFor(String user, Set<String> rooms, SyncToken since, long timeoutMs);

    /** Something happened in a room: wakes its waiting members. */
    void roomChanged(String roomId);

    /** Something happened for these users only (to-device, account data, invites, device lists). */
    void usersChanged(Collection<String> userIds);

    /** Something happened that every waiting sync may want (presence is filtered later). */
    void everyoneChanged();
}
