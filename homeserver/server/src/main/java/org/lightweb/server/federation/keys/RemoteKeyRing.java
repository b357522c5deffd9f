package org.lightweb.server.federation.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.lightweb.core.Clock;
import org.lightweb.core.Json;
import org.lightweb.federation.protocol.Base64s;
import org.lightweb.federation.protocol.JsonSigning;
import org.lightweb.server.config.HomeserverConfig.TrustedKeyServer;
import org.lightweb.server.federation.client.FederationClient;
import org.lightweb.storage.federation.ServerKeyRepository;
import org.lightweb.storage.federation.ServerKeyRepository.StoredKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link KeyRing}: keys in memory (Caffeine, per server), then in {@code server_keys}, then fetched from the
 * server itself ({@code GET /_matrix/key/v2/server}) or, failing that, from each configured notary in turn
 * ({@code POST /_matrix/key/v2/query}, whose answer must also carry the notary's signature). One fetch per server at
 * a time; after a fetch (failed or not) a server is not asked again for federation.key_fetch_retry_after. A key
 * past half its validity is refreshed in the background when it is asked for. Our own keys come from
 * {@link OwnKeys} without I/O.
 */
public final class RemoteKeyRing implements KeyRing {
    private static final Logger log = LoggerFactory.getLogger(RemoteKeyRing.class);

    private static final long MAX_VALIDITY_MS = 7L * 24 * 3600 * 1000;

    private final OwnKeys own;
    private final FederationClient client;
    private final ServerKeyRepository repo;
    private final List<TrustedKeyServer> notaries;
    private final long retryAfterMs;
    private final WorkerExecutor cpu;
    private final Clock clock;
    private final Cache<String, Map<String, StoredKey>> memory;
    private final Map<String, Future<Map<String, StoredKey>>> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Long> noFetchUntil = new ConcurrentHashMap<>();

    public RemoteKeyRing(OwnKeys own, FederationClient client, ServerKeyRepository repo, List<TrustedKeyServer> notaries,
                         Duration retryAfter, int cacheEntries, WorkerExecutor cpu, Clock clock) {
        this.own = own;
        this.client = client;
        this.repo = repo;
        this.notaries = List.copyOf(notaries);
        this.retryAfterMs = retryAfter.toMillis();
        this.cpu = cpu;
        this.clock = clock;
        this.memory = Caffeine.newBuilder().maximumSize(cacheEntries).build();
    }

    @Override
    public Future<Map<String, byte[]>> verifyKeys(String server, Collection<String> keyIds, long validAt) {
        if (server.equals(own.serverName())) return Future.succeededFuture(own.verifyKeys(keyIds, validAt));
        return known(server).compose(keys -> {
            Map<String, byte[]> found = valid(keys, keyIds, validAt);
            if (found.size() == new LinkedHashSet<>(keyIds).size()) {
                refreshAhead(server, keys, keyIds);
                return Future.succeededFuture(found);
            }
            // A fetch in flight is waited for (many events of one server are checked at once when a room is
            // joined); only after it ends does the retry window hold further fetches back.
            Future<Map<String, StoredKey>> running = inFlight.get(server);
            if (running == null && !mayFetch(server)) return Future.succeededFuture(found);
            return (running != null ? running : fetch(server, keyIds))
                    .map(fresh -> valid(fresh, keyIds, validAt)).otherwise(found);
        });
    }

    @Override
    public Future<Boolean> isSignedBy(JsonNode signed, String server, long validAt) {
        JsonNode mine = signed == null ? null : signed.path("signatures").get(server);
        if (mine == null || !mine.isObject()) return Future.succeededFuture(false);
        List<String> ids = new ArrayList<>();
        for (Iterator<String> it = mine.fieldNames(); it.hasNext(); ) {
            String id = it.next();
            if (id.startsWith("ed25519:")) ids.add(id);
        }
        if (ids.isEmpty()) return Future.succeededFuture(false);
        return verifyKeys(server, ids, validAt).compose(keys -> {
            if (keys.isEmpty()) return Future.succeededFuture(false);
            return cpu.executeBlocking(() -> {
                for (Map.Entry<String, byte[]> k : keys.entrySet()) {
                    if (!JsonSigning.verify(signed, server, Map.of(k.getKey(), k.getValue()))) return false;
                }
                return true;
            }, false);
        });
    }

    /**
     * The signed key documents of {@code server} with a key valid until at least {@code minimumValidUntil}, fetched
     * when none is (the notary endpoint answers these). Our own document for our name.
     */
    public Future<List<ObjectNode>> documents(String server, long minimumValidUntil) {
        if (server.equals(own.serverName())) return Future.succeededFuture(List.of(own.document()));
        return known(server).compose(keys -> {
            boolean fresh = keys.values().stream().anyMatch(k -> k.expiredTs() == null && until(k) >= minimumValidUntil);
            Future<Map<String, StoredKey>> running = inFlight.get(server);
            if (fresh || (running == null && !mayFetch(server))) return Future.succeededFuture(keys);
            return (running != null ? running : fetch(server, List.of())).otherwise(keys);
        }).map(keys -> {
            Set<String> docs = new LinkedHashSet<>();
            keys.values().forEach(k -> docs.add(k.keyJson()));
            List<ObjectNode> out = new ArrayList<>();
            for (String d : docs) {
                try {
                    out.add((ObjectNode) Json.MAPPER.readTree(d));
                } catch (Exception corrupt) {
                    log.warn("stored key document unreadable [server: {}]", server);
                }
            }
            return out;
        });
    }

    private Map<String, byte[]> valid(Map<String, StoredKey> keys, Collection<String> keyIds, long validAt) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (String id : keyIds) {
            StoredKey k = keys.get(id);
            if (k == null) continue;
            if (until(k) >= validAt) out.put(id, Base64s.decode(k.verifyKey()));
        }
        return out;
    }

    /**
     * Until when a key may be used: an old key until it expired; a current one until the lesser of its
     * valid_until_ts and 7 days after it was fetched (room versions 5+ "signing requirements": a key published
     * as valid for years cannot be revoked otherwise).
     */
    static long until(StoredKey k) {
        return k.expiredTs() != null ? k.expiredTs() : Math.min(k.validUntilTs(), k.fetchedTs() + MAX_VALIDITY_MS);
    }

    /**
     * Memory, else the database (then remembered). Joining a room checks thousands of signatures of one server at
     * once: they share one database read, not one each.
     */
    private Future<Map<String, StoredKey>> known(String server) {
        Map<String, StoredKey> hit = memory.getIfPresent(server);
        if (hit != null) return Future.succeededFuture(hit);
        Promise<Map<String, StoredKey>> mine = Promise.promise();
        Future<Map<String, StoredKey>> loading = reading.putIfAbsent(server, mine.future());
        if (loading != null) return loading;
        repo.keysOf(server).map(rows -> {
            Map<String, StoredKey> keys = new HashMap<>();
            rows.forEach(r -> keys.put(r.keyId(), r));
            Map<String, StoredKey> frozen = Map.copyOf(keys);
            if (!frozen.isEmpty()) memory.put(server, frozen);
            return frozen;
        }).onComplete(done -> {
            reading.remove(server, mine.future());
            mine.handle(done);
        });
        return mine.future();
    }

    /** Database reads of a server's keys in progress, shared by everyone who asks meanwhile. */
    private final Map<String, Future<Map<String, StoredKey>>> reading = new java.util.concurrent.ConcurrentHashMap<>();

    private boolean mayFetch(String server) {
        Long until = noFetchUntil.get(server);
        return until == null || until <= clock.millis();
    }

    /** A current key asked for that is past half its validity gets a background refresh. */
    private void refreshAhead(String server, Map<String, StoredKey> keys, Collection<String> keyIds) {
        long now = clock.millis();
        boolean stale = keyIds.stream().map(keys::get).anyMatch(k -> k != null && k.expiredTs() == null
                && now >= k.fetchedTs() + (until(k) - k.fetchedTs()) / 2);
        if (stale && mayFetch(server)) fetch(server, List.of());
    }

    /**
     * Fetches, verifies and stores the keys of {@code server}; one fetch per server at a time. When the server's own
     * answer lacks a key of {@code wanted} (a key it no longer lists), the notaries are asked too.
     */
    Future<Map<String, StoredKey>> fetch(String server, Collection<String> wanted) {
        Future<Map<String, StoredKey>> running = inFlight.get(server);
        if (running != null) return running;
        Promise<Map<String, StoredKey>> promise = Promise.promise();
        running = inFlight.putIfAbsent(server, promise.future());
        if (running != null) return running;
        noFetchUntil.put(server, clock.millis() + retryAfterMs);
        // The chain may complete at once (a bad name fails discovery synchronously): the map is updated outside it.
        direct(server).compose(own -> {
            Set<String> got = new HashSet<>();
            own.forEach(k -> got.add(k.keyId()));
            if (notaries.isEmpty() || got.containsAll(wanted)) return Future.succeededFuture(own);
            return viaNotaries(server, 0, null).map(more -> {
                List<StoredKey> all = new ArrayList<>(more);
                all.addAll(own);   // the server's own answer wins over a notary's copy
                return all;
            }).otherwise(own);
        }, err -> {
            log.debug("direct key fetch failed [server: {}]: {}", server, err.toString());
            return viaNotaries(server, 0, err);
        }).compose(fetched -> repo.store(fetched).compose(v -> known(server).map(stored -> {
            Map<String, StoredKey> merged = new HashMap<>(stored);
            fetched.forEach(k -> merged.put(k.keyId(), k));
            Map<String, StoredKey> frozen = Map.copyOf(merged);
            memory.put(server, frozen);
            return frozen;
        }))).onComplete(ar -> {
            inFlight.remove(server, promise.future());
            if (ar.failed()) log.warn("cannot get the keys of {}: {}", server, ar.cause().getMessage());
            promise.handle(ar);
        });
        return promise.future();
    }

    private Future<List<StoredKey>> direct(String server) {
        return client.get(server, "/_matrix/key/v2/server", Map.of())
                .compose(doc -> cpu.executeBlocking(() -> KeyDocuments.verify(doc, server, clock.millis()), false));
    }

    private Future<List<StoredKey>> viaNotaries(String server, int index, Throwable last) {
        if (index >= notaries.size()) return Future.failedFuture(last);
        TrustedKeyServer notary = notaries.get(index);
        ObjectNode body = Json.object();
        body.putObject("server_keys").putObject(server);
        return client.post(notary.serverName(), "/_matrix/key/v2/query", body)
                .compose(answer -> cpu.executeBlocking(() -> fromNotary(notary, server, answer), false))
                .recover(err -> {
                    log.debug("notary key fetch failed [notary: {}, server: {}]: {}", notary.serverName(), server, err.toString());
                    return viaNotaries(server, index + 1, err);
                });
    }

    /** The documents of a notary's answer that are the server's own, valid and countersigned by the notary. */
    private List<StoredKey> fromNotary(TrustedKeyServer notary, String server, JsonNode answer) {
        Map<String, byte[]> notaryKeys = new HashMap<>();
        notary.verifyKeys().forEach((id, b64) -> notaryKeys.put(id, Base64s.decode(b64)));
        List<StoredKey> out = new ArrayList<>();
        for (JsonNode doc : answer.path("server_keys")) {
            if (!server.equals(doc.path("server_name").textValue())) continue;
            if (!JsonSigning.verify(doc, notary.serverName(), notaryKeys)) {
                throw new KeyDocuments.InvalidKeyDocument("not signed by the notary " + notary.serverName());
            }
            out.addAll(KeyDocuments.verify(doc, server, clock.millis()));
        }
        if (out.isEmpty()) throw new KeyDocuments.InvalidKeyDocument("the notary " + notary.serverName() + " has no keys");
        return out;
    }
}
