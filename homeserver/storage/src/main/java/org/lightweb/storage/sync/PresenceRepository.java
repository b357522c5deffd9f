package org.lightweb.storage.sync;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** The last presence of each user that was worth telling others about, as a stream. */
public interface PresenceRepository {
    /** One user's presence; {@code streamId} is 0 before it is stored. */
    record Row(String userId, String state, String statusMsg, long lastActiveTs, boolean currentlyActive, long streamId) {}

    /** Stores the user's presence and answers its new stream position. */
    Future<Long> put(Row row);

    Future<Optional<Row>> get(String userId);

    /** Everyone whose stored presence is not offline (what a starting node must time out). */
    Future<List<Row>> notOffline();

    /**
     * The presence that changed in (after, upTo] of {@code userId} and of the users who share a joined room
     * with them; all of it when {@code after} is 0.
     */
    Future<List<Row>> changedFor(String userId, long after, long upTo);
}
