package org.lightweb.storage.federation;

import io.vertx.core.Future;
import java.util.List;

/** Other servers' verify keys and the signed documents they came in (table server_keys). */
public interface ServerKeyRepository {
    /** One stored key. {@code expiredTs} is null for a current key. */
    record StoredKey(String serverName, String keyId, String verifyKey, long validUntilTs, Long expiredTs, long fetchedTs,
                     String keyJson) {}

    /** Inserts or replaces the keys (by server and key id). */
    Future<Void> store(List<StoredKey> keys);

    /** Every stored key of {@code serverName}. */
    Future<List<StoredKey>> keysOf(String serverName);
}
