package org.lightweb.server.federation.keys;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.Map;

/**
 * Other servers' Ed25519 verify keys: fetched from the server itself or through the configured notaries
 * ({@code federation.trusted_key_servers}), verified, cached in memory and in the database, refreshed before they
 * expire. This server's own keys are answered without any request.
 */
public interface KeyRing {
    /**
     * The verify keys of {@code server} among {@code keyIds} (key id -> 32-byte public key) that were valid at
     * {@code validAt} (milliseconds; a key's {@code valid_until_ts}, or the {@code expired_ts} of an old key, must be
     * at or after it). Keys that cannot be found are left out; the future fails only on a bug.
     */
    Future<Map<String, byte[]>> verifyKeys(String server, Collection<String> keyIds, long validAt);

    /**
     * Whether {@code signed} carries at least one valid signature by {@code server} under a key valid at
     * {@code validAt}, and no invalid signature by it under a known key (the spec's "Checking for a signature").
     */
    Future<Boolean> isSignedBy(JsonNode signed, String server, long validAt);
}
