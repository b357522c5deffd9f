package org.lightweb.server.e2ee;

import io.vertx.core.Future;
import java.util.List;
import org.lightweb.core.Clock;
import org.lightweb.core.UserId;
import org.lightweb.server.accounts.DeactivationListener;
import org.lightweb.core.ServerName;
import org.lightweb.server.auth.UiAuth;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.server.sync.devicelists.DeviceLists;
import org.lightweb.storage.Db;
import org.lightweb.storage.e2ee.JooqE2eKeyRepository;
import org.lightweb.storage.e2ee.JooqKeyBackupRepository;

/**
 * Builds the end-to-end encryption key services: the key API and key backup routes, and the sync contributor for
 * key counts.
 */
public final class E2eeFeature implements DeactivationListener {
    private final JooqE2eKeyRepository keyRepo;
    private final JooqKeyBackupRepository backupRepo;
    private final E2eKeys keys;
    private final CrossSigning crossSigning;
    private final DeviceLists deviceLists;
    private final KeyBackup backup;

    public E2eeFeature(Db db, ServerName serverName, DeviceLists deviceLists, RemoteKeys remote, Clock clock,
                       int maxKeysPerUpload) {
        var repo = new JooqE2eKeyRepository(db);
        this.keyRepo = repo;
        this.backupRepo = new JooqKeyBackupRepository(db);
        this.deviceLists = deviceLists;
        this.keys = new E2eKeys(serverName, repo, deviceLists, remote, clock, maxKeysPerUpload);
        this.crossSigning = new CrossSigning(serverName, repo, deviceLists, remote, clock);
        this.backup = new KeyBackup(backupRepo);
    }

    /**
     * A deactivated user's keys go, as Synapse does: cross-signing keys and signatures (device keys went with the
     * devices), and the server-side key backup. Room mates hear of it through the device-list stream.
     */
    @Override
    public Future<Void> onDeactivated(UserId user, boolean erase) {
        return keyRepo.deleteAllOf(user.toString())
                .compose(deleted -> backupRepo.deleteAllOf(user.toString()).map(deleted))
                .compose(deleted -> deleted ? deviceLists.changed(List.of(user.toString())) : Future.succeededFuture());
    }

    /** Sync's one-time key counts and unused fallback key types (also read by sliding sync's e2ee extension). */
    public OneTimeKeyCounts syncCounts() { return new OneTimeKeyCounts(keys); }

    /** The key store, for federation's /user/keys/query, /user/keys/claim and /user/devices. */
    public E2eKeys keys() { return keys; }

    /** UiAuth comes later than the sync wiring, so the routes are built when the client routes are. */
    public java.util.List<RouteGroup> routes(UiAuth uiAuth, Authenticator auth) {
        return java.util.List.of(new KeysRoutes(keys, crossSigning, deviceLists, uiAuth, auth), new KeyBackupRoutes(backup, auth));
    }
}
