package org.lightweb.storage.accounts;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import org.lightweb.core.UserId;

/** Third-party ids bound to users, and the validation sessions that prove ownership of one. */
public interface ThreepidRepository {
    Future<List<Threepid>> list(UserId user);

    Future<Optional<UserId>> owner(String medium, String address);

    /** Binds a validated address; false when another user holds it already. */
    Future<Boolean> bind(UserId user, Threepid threepid);

    /** Unbinds; false when the user did not hold it. */
    Future<Boolean> unbind(UserId user, String medium, String address);

    /**
     * Finds the validation session for (client_secret, medium, address, purpose) or creates one. Returns the
     * session and whether the caller should send a new message (a new session or a higher send_attempt).
     */
    Future<ValidationRequest> requestValidation(NewValidation request);

    Future<Optional<ValidationSession>> findValidation(String sessionId, String clientSecret);

    /**
     * Marks the session validated if the token matches and it has not expired; false otherwise. A validated
     * session lives one more token lifetime from now, so the user has time to finish what they started.
     */
    Future<Boolean> submitValidationToken(String sessionId, String clientSecret, String tokenHash, long now);

    /** Forgets the last send attempt of a session whose email could not be sent, so the same attempt sends again. */
    Future<Void> forgetSendAttempt(String sessionId);

    /** Removes expired validation sessions. */
    Future<Integer> deleteExpired(long now);

    record NewValidation(String sessionId, String medium, String address, String clientSecret, String purpose,
                         String tokenHash, int sendAttempt, String nextLink, long now, long expiresTs) {
    }

    record ValidationSession(String sessionId, String medium, String address, String clientSecret, String purpose,
                             String nextLink, long expiresTs, Long validatedTs) {
    }

    /** @param send true when a new token should be sent (its hash is the one stored) */
    record ValidationRequest(ValidationSession session, boolean send) {
    }
}
