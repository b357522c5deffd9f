package org.lightweb.storage.accounts;

import io.vertx.core.Future;
import java.util.Map;
import java.util.Optional;

/** User-interactive authentication sessions and their completed stages. */
public interface UiAuthRepository {
    record UiAuthSession(String sessionId, long createdTs, String method, String uri, String clientDict,
                         Map<String, String> completed) {
    }

    Future<Void> create(String sessionId, long now, String method, String uri, String clientDict);

    Future<Optional<UiAuthSession>> find(String sessionId);

    /** Records a stage as done, with what it established (JSON). */
    Future<Void> complete(String sessionId, String stage, String resultJson);

    Future<Void> delete(String sessionId);

    /** Deletes sessions created before {@code cutoff}, returning the registration tokens they had reserved. */
    Future<java.util.List<String>> deleteOlderThan(long cutoff);
}
