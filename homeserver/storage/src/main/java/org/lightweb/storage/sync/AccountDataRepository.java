package org.lightweb.storage.sync;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** Account data, global (room '') and per room, as a stream. */
public interface AccountDataRepository {
    record Entry(String roomId, String type, String content, long streamId) {}

    /** Sets the content of a type; answers the new stream position. */
    Future<Long> put(String userId, String roomId, String type, String content);

    Future<Optional<String>> get(String userId, String roomId, String type);

    /** Everything changed after stream position {@code since} (all of it when since is 0), up to {@code upTo}. */
    Future<List<Entry>> changedSince(String userId, long since, long upTo);
}
