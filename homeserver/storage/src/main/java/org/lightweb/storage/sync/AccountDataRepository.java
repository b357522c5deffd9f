package org.lightweb.storage.sync;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Account data, global (room '') and per room, as a stream. */
public interface AccountDataRepository {
    record Entry(String roomId, String type, String content, long streamId) {}

    /** Sets the content of a type; answers the new stream position. */
    Future<Long> put(String userId, String roomId, String type, String content);

    /**
     * Reads, changes and writes one entry in one transaction (e.g. one tag of a room's m.tag), so concurrent
     * changes are not lost; {@code change} gets the current content, if any, and answers the new one. Answers the
     * new stream position.
     */
    Future<Long> update(String userId, String roomId, String type, Function<Optional<String>, String> change);

    Future<Optional<String>> get(String userId, String roomId, String type);

    /** Everything changed after stream position {@code since} (all of it when since is 0), up to {@code upTo}. */
    Future<List<Entry>> changedSince(String userId, long since, long upTo);
}
