package org.lightweb.storage.accounts;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.lightweb.core.UserId;

/** Devices and the access and refresh tokens that belong to them. */
public interface DeviceRepository {
    /** Creates the device if it does not exist, then stores the session's tokens. */
    Future<Void> login(UserId user, NewSession session);

    Future<Optional<TokenOwner>> findAccessToken(String tokenHash);

    /** Marks an access token used: the refresh token issued before it can no longer be exchanged. */
    Future<Void> markAccessTokenUsed(String tokenHash);

    /**
     * Exchanges a refresh token: stores the new session on the same device, revokes the token that preceded
     * this one (spec: the old refresh token lives until the new tokens are used). Empty when the token is
     * unknown or was already exchanged and its successor used.
     */
    Future<Optional<UserId>> refresh(String refreshTokenHash, NewSession next);

    /** Deletes one access token (logout). Devices stay. */
    Future<Void> deleteAccessToken(String tokenHash);

    /** Deletes devices and with them every token they hold. */
    Future<Void> deleteDevices(UserId user, Collection<String> deviceIds);

    Future<List<DeviceRecord>> list(UserId user);

    Future<Optional<DeviceRecord>> find(UserId user, String deviceId);

    /** Renames a device; false when there is no such device. */
    Future<Boolean> rename(UserId user, String deviceId, String displayName);

    Future<Void> touch(UserId user, String deviceId, long ts, String ip, String userAgent);
}
