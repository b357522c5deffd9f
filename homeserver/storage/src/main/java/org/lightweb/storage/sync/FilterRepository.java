package org.lightweb.storage.sync;

import io.vertx.core.Future;
import java.util.Optional;

/** Sync filters users upload (POST /user/{userId}/filter). */
public interface FilterRepository {
    /** Stores a filter; answers its id, unique per user. */
    Future<Long> create(String userId, String filterJson);

    Future<Optional<String>> find(String userId, long filterId);
}
