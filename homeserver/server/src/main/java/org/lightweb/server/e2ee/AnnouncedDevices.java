package org.lightweb.server.e2ee;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.lightweb.core.UserId;
import org.lightweb.server.sync.devicelists.DeviceLists;
import org.lightweb.storage.accounts.DeviceRecord;
import org.lightweb.storage.accounts.DeviceRepository;
import org.lightweb.storage.accounts.NewSession;
import org.lightweb.storage.accounts.TokenOwner;

/**
 * The device repository, telling the device-list stream when a user's devices are deleted (logout, DELETE
 * /devices: their keys go with them) or renamed (the name is in /keys/query's {@code unsigned}), so other
 * users' clients re-query and stop encrypting for a device that is gone, as Synapse notifies them.
 */
public final class AnnouncedDevices implements DeviceRepository {
    private final DeviceRepository devices;
    private final DeviceLists deviceLists;

    public AnnouncedDevices(DeviceRepository devices, DeviceLists deviceLists) {
        this.devices = devices;
        this.deviceLists = deviceLists;
    }

    @Override
    public Future<Void> deleteDevices(UserId user, Collection<String> deviceIds) {
        if (deviceIds.isEmpty()) return devices.deleteDevices(user, deviceIds);
        return devices.deleteDevices(user, deviceIds).compose(v -> deviceLists.changed(List.of(user.toString())));
    }

    @Override
    public Future<Boolean> rename(UserId user, String deviceId, String displayName) {
        return devices.rename(user, deviceId, displayName).compose(found -> found
                ? deviceLists.changed(List.of(user.toString())).map(true) : Future.succeededFuture(false));
    }

    @Override
    public Future<Void> login(UserId user, NewSession session) { return devices.login(user, session); }

    @Override
    public Future<Optional<TokenOwner>> findAccessToken(String tokenHash) { return devices.findAccessToken(tokenHash); }

    @Override
    public Future<Void> markAccessTokenUsed(String tokenHash) { return devices.markAccessTokenUsed(tokenHash); }

    @Override
    public Future<Optional<UserId>> refresh(String refreshTokenHash, NewSession next) { return devices.refresh(refreshTokenHash, next); }

    @Override
    public Future<Void> deleteAccessToken(String tokenHash) { return devices.deleteAccessToken(tokenHash); }

    @Override
    public Future<List<DeviceRecord>> list(UserId user) { return devices.list(user); }

    @Override
    public Future<Optional<DeviceRecord>> find(UserId user, String deviceId) { return devices.find(user, deviceId); }

    @Override
    public Future<Void> touch(UserId user, String deviceId, long ts, String ip, String userAgent) {
        return devices.touch(user, deviceId, ts, ip, userAgent);
    }
}
