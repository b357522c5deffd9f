package org.lightweb.storage.sync;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.Set;

/**
 * Whose device list changed, and when: what sync's {@code device_lists} is made of. The end-to-end encryption
 * issue writes here when devices or their keys change.
 */
public interface DeviceListRepository {
    /** Records that the users' device lists changed, under one new stream position, which it answers. */
    Future<Long> add(Collection<String> userIds);

    /**
     * The users among {@code userId} and those sharing a joined room with them whose device list changed in
     * (after, upTo].
     */
    Future<Set<String>> changedFor(String userId, long after, long upTo);

    /**
     * The users whose membership of a room {@code userId} is joined to (or left in the window) changed in event positions (after, upTo],
     * and every member of the rooms where {@code userId}'s own membership changed then: who may have stopped
     * sharing a room with them.
     */
    Future<Set<String>> membershipMovesAround(String userId, long after, long upTo);
}
