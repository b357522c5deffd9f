package org.lightweb.storage.accounts;

/**
 * A login: the device (created if absent, display name set if given) and the hashes of the tokens to store.
 *
 * @param accessExpiresTs   when the access token stops working; null when it never does
 * @param refreshTokenHash  null when the client did not ask for a refresh token
 */
public record NewSession(String deviceId, String deviceDisplayName, String accessTokenHash, Long accessExpiresTs,
                         String refreshTokenHash, String ip, String userAgent) {
}
