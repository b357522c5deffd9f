package org.lightweb.server.federation.keys;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.List;
import org.lightweb.core.Clock;
import org.lightweb.federation.protocol.SigningKey;
import org.lightweb.server.config.HomeserverConfig;
import org.lightweb.server.federation.auth.XMatrixAuth;
import org.lightweb.server.federation.client.FederationClient;
import org.lightweb.server.federation.client.OkHttpFederationClient;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.storage.Db;
import org.lightweb.storage.federation.JooqServerKeyRepository;

/**
 * Keys, trust and transport of federation, built in one place: our key document, the outbound
 * {@link FederationClient} (discovery, X-Matrix signing, OkHttp), the {@link KeyRing} of other servers' keys, the
 * key and notary routes and the inbound X-Matrix check.
 */
public final class KeysFeature {
    private final OwnKeys own;
    private final OkHttpFederationClient client;
    private final RemoteKeyRing keyRing;
    private final KeyRoutes routes;
    private final XMatrixAuth auth;

    public KeysFeature(Vertx vertx, Db db, HomeserverConfig config, SigningKey signingKey, WorkerExecutor cpu, Clock clock) {
        var fed = config.federationClient();
        String name = config.serverName().value();
        own = new OwnKeys(name, signingKey, fed.oldSigningKeys(), fed.keyValidityPeriod(), clock);
        client = OkHttpFederationClient.create(vertx, name, signingKey, fed);
        keyRing = new RemoteKeyRing(own, client, new JooqServerKeyRepository(db), fed.trustedKeyServers(),
                fed.keyFetchRetryAfter(), fed.keyCacheEntries(), cpu, clock);
        routes = new KeyRoutes(own, keyRing, fed.notaryMaxServers(), clock);
        auth = new XMatrixAuth(name, keyRing, clock);
    }

    public FederationClient client() { return client; }

    public KeyRing keyRing() { return keyRing; }

    /** The inbound X-Matrix check first (it guards the routes mounted after it), then the key routes. */
    public List<RouteGroup> routes() { return List.of(auth, routes); }

    /** The X-Matrix check, for routes outside /_matrix/federation that other servers sign (plugins' server routes). */
    public XMatrixAuth xMatrix() { return auth; }

    /** Blocked servers: the client never reaches them and the X-Matrix check refuses them. */
    public void enforce(org.lightweb.server.federation.ServerBlocks blocks) {
        client.setBlocked(blocks::isBlocked);
        auth.setBlocked(blocks::isBlocked);
    }

    public void close() { client.close(); }
}
