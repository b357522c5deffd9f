package org.lightweb.storage.accounts;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** Registration tokens, with the same fields and counting as Synapse's admin API. */
public interface RegistrationTokenRepository {
    record RegistrationToken(String token, Integer usesAllowed, int pending, int completed, Long expiryTs) {
        public boolean usableAt(long now) {
            return (expiryTs == null || expiryTs > now) && (usesAllowed == null || pending + completed < usesAllowed);
        }
    }

    /** Creates a token; false when it exists already. */
    Future<Boolean> create(String token, Integer usesAllowed, Long expiryTs, long now);

    Future<Optional<RegistrationToken>> find(String token);

    Future<List<RegistrationToken>> list();

    /** Updates uses_allowed and expiry; empty when there is no such token. */
    Future<Optional<RegistrationToken>> update(String token, Optional<Integer> usesAllowed, boolean setUses,
                                               Optional<Long> expiryTs, boolean setExpiry);

    Future<Boolean> delete(String token);

    /** Counts one pending use if the token is still usable; false otherwise (nothing changed). */
    Future<Boolean> reservePending(String token, long now);

    /** Gives back a pending use (a UIA session expired). */
    Future<Void> releasePending(String token);
}
