package org.lightweb.server.sync.sliding;

import io.vertx.core.Future;
import org.lightweb.storage.push.PushActionRepository.Counts;

/**
 * A room's unread notification and highlight counts for a user, main timeline only (MSC4186: threads belong to
 * an extension). The push package's UnreadCounts answers it, as it does for /sync.
 */
@FunctionalInterface
public interface RoomUnreads {
    Future<Counts> counts(String userId, String roomId);
}
