package org.lightweb.storage.accounts;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.lightweb.core.UserId;
import org.lightweb.storage.cache.ReadThroughCache;

/**
 * Every request looks its access token up; this keeps the owners of recently used tokens in memory. The cache sits
 * in front of both repositories whose writes can change an answer (logouts, device deletion, refresh, password
 * change, admin flag, deactivation), which drop what they may have changed once they commit, so a revoked token
 * fails on the very next request.
 */
public final class TokenOwnerCache {
    private final ReadThroughCache<String, TokenOwner> owners;

    /** @param entries how many tokens to keep; 0 keeps none */
    public TokenOwnerCache(long entries) {
        this.owners = new ReadThroughCache<>(entries);
    }

    /** Drops tokens the other processes of a clustered node revoke, and tells them of this one's revocations. */
    public TokenOwnerCache share(org.lightweb.storage.cache.CacheBus bus) {
        owners.share("access_tokens", bus, k -> k);
        return this;
    }

    public DeviceRepository devices(DeviceRepository inner) {
        return new DeviceRepository() {
            @Override
            public Future<Void> login(UserId user, NewSession session) {
                return inner.login(user, session).onSuccess(v -> owners.invalidateAll());   // may replace a device's token
            }

            @Override
            public Future<Optional<TokenOwner>> findAccessToken(String tokenHash) {
                return owners.get(tokenHash, () -> inner.findAccessToken(tokenHash).map(o -> o.orElse(null)))
                        .map(Optional::ofNullable);
            }

            @Override
            public Future<Void> markAccessTokenUsed(String tokenHash) {
                return inner.markAccessTokenUsed(tokenHash).onSuccess(v -> owners.invalidate(tokenHash));
            }

            @Override
            public Future<Optional<UserId>> refresh(String refreshTokenHash, NewSession next) {
                return inner.refresh(refreshTokenHash, next).onSuccess(v -> owners.invalidateAll());
            }

            @Override
            public Future<Void> deleteAccessToken(String tokenHash) {
                return inner.deleteAccessToken(tokenHash).onSuccess(v -> owners.invalidate(tokenHash));
            }

            @Override
            public Future<Void> deleteDevices(UserId user, Collection<String> deviceIds) {
                return inner.deleteDevices(user, deviceIds).onSuccess(v -> owners.invalidateAll());
            }

            @Override
            public Future<List<DeviceRecord>> list(UserId user) { return inner.list(user); }

            @Override
            public Future<Optional<DeviceRecord>> find(UserId user, String deviceId) { return inner.find(user, deviceId); }

            @Override
            public Future<Boolean> rename(UserId user, String deviceId, String displayName) {
                return inner.rename(user, deviceId, displayName);
            }

            @Override
            public Future<Void> touch(UserId user, String deviceId, long ts, String ip, String userAgent) {
                return inner.touch(user, deviceId, ts, ip, userAgent);
            }
        };
    }

    public AccountRepository accounts(AccountRepository inner) {
        return new AccountRepository() {
            @Override
            public Future<Boolean> register(NewAccount account) { return inner.register(account); }

            @Override
            public Future<Optional<UserRecord>> find(UserId user) { return inner.find(user); }

            @Override
            public Future<Long> nextGuestNumber() { return inner.nextGuestNumber(); }

            @Override
            public Future<Void> setPassword(UserId user, String passwordHash, String keepDevice, boolean logoutAll) {
                return inner.setPassword(user, passwordHash, keepDevice, logoutAll).onSuccess(v -> owners.invalidateAll());
            }

            @Override
            public Future<Void> setAdmin(UserId user, boolean admin) {
                return inner.setAdmin(user, admin).onSuccess(v -> owners.invalidateAll());
            }

            @Override
            public Future<Void> deactivate(UserId user, boolean erase) {
                return inner.deactivate(user, erase).onSuccess(v -> owners.invalidateAll());
            }

            @Override
            public Future<Long> countUsers() { return inner.countUsers(); }
        };
    }
}
