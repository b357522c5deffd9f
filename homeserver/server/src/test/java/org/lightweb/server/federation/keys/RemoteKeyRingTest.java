package org.lightweb.server.federation.keys;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lightweb.core.Clock;
import org.lightweb.core.Json;
import org.lightweb.federation.protocol.JsonSigning;
import org.lightweb.federation.protocol.SigningKey;
import org.lightweb.server.config.HomeserverConfig;
import org.lightweb.server.config.HomeserverConfig.TrustedKeyServer;
import org.lightweb.server.federation.client.OkHttpFederationClient;
import org.lightweb.server.federation.client.WellKnownResolver;
import org.lightweb.storage.federation.ServerKeyRepository;

/** Key fetching against WireMock-served key documents, over real TLS and discovery (IP literal with port). */
class RemoteKeyRingTest {
    static Vertx vertx;
    static WorkerExecutor cpu;
    static OkHttpFederationClient client;
    static final SigningKey ours = SigningKey.generate();
    final SigningKey remoteKey = SigningKey.generate();
    WireMockServer wm;
    String remote;
    MemoryRepo repo;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
        cpu = vertx.createSharedWorkerExecutor("test-cpu", 2);
        client = new OkHttpFederationClient(vertx, "us.test", ours, HomeserverConfig.Federation.defaults(false, true),
                name -> List.of(), WellKnownResolver.httpsUrl());
    }

    @AfterAll
    static void stopVertx() throws Exception {
        client.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void startWireMock() {
        wm = new WireMockServer(wireMockConfig().dynamicPort().dynamicHttpsPort().bindAddress("127.0.0.1"));
        wm.start();
        remote = "127.0.0.1:" + wm.httpsPort();
        repo = new MemoryRepo();
    }

    @AfterEach
    void stopWireMock() {
        wm.stop();
    }

    RemoteKeyRing ring(List<TrustedKeyServer> notaries) {
        OwnKeys own = new OwnKeys("us.test", ours, Map.of(), Duration.ofDays(1), Clock.SYSTEM);
        return new RemoteKeyRing(own, client, repo, notaries, Duration.ofMinutes(1), 100, cpu, Clock.SYSTEM);
    }

    static ObjectNode keyDoc(String server, SigningKey key, long validUntil) {
        ObjectNode doc = Json.object();
        doc.put("server_name", server);
        doc.put("valid_until_ts", validUntil);
        doc.putObject("verify_keys").putObject(key.keyId()).put("key", key.publicKeyBase64());
        doc.putObject("old_verify_keys");
        return JsonSigning.sign(doc, server, key);
    }

    void serve(ObjectNode doc) {
        wm.stubFor(get(urlEqualTo("/_matrix/key/v2/server")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(doc.toString())));
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    long inAnHour() { return System.currentTimeMillis() + 3_600_000; }

    @Test
    void verifyKeysShouldFetchVerifyAndCacheWhenTheServerPublishesASignedDocument() throws Exception {
        serve(keyDoc(remote, remoteKey, inAnHour()));
        RemoteKeyRing ring = ring(List.of());
        Map<String, byte[]> keys = await(ring.verifyKeys(remote, List.of(remoteKey.keyId()), System.currentTimeMillis()));
        assertThat(keys).containsOnlyKeys(remoteKey.keyId());
        assertThat(keys.get(remoteKey.keyId())).isEqualTo(remoteKey.publicKey());
        await(ring.verifyKeys(remote, List.of(remoteKey.keyId()), System.currentTimeMillis()));
        wm.verify(1, getRequestedFor(urlEqualTo("/_matrix/key/v2/server")));
        assertThat(repo.rows.get(remote)).extracting(ServerKeyRepository.StoredKey::keyId).containsExactly(remoteKey.keyId());
        // A fresh ring (a restart) answers from the database without asking again.
        assertThat(await(ring(List.of()).verifyKeys(remote, List.of(remoteKey.keyId()), System.currentTimeMillis())))
                .containsOnlyKeys(remoteKey.keyId());
        wm.verify(1, getRequestedFor(urlEqualTo("/_matrix/key/v2/server")));
    }

    @Test
    void manyChecksAtOnceShouldShareOneDatabaseReadWhenTheKeysAreNotInMemoryYet() throws Exception {
        long now = System.currentTimeMillis();
        repo.store(List.of(new ServerKeyRepository.StoredKey(remote, remoteKey.keyId(), remoteKey.publicKeyBase64(),
                inAnHour(), null, now, keyDoc(remote, remoteKey, inAnHour()).toString())));
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        io.vertx.core.Promise<Void> gate = io.vertx.core.Promise.promise();
        MemoryRepo stored = repo;
        repo = new MemoryRepo() {
            @Override
            public Future<List<StoredKey>> keysOf(String serverName) {
                reads.incrementAndGet();
                return gate.future().compose(v -> stored.keysOf(serverName));   // a slow database
            }
        };
        RemoteKeyRing ring = ring(List.of());
        List<Future<Map<String, byte[]>>> asks = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) asks.add(ring.verifyKeys(remote, List.of(remoteKey.keyId()), now));
        gate.complete();
        for (Future<Map<String, byte[]>> ask : asks) assertThat(await(ask)).containsOnlyKeys(remoteKey.keyId());
        assertThat(reads).as("one read for fifty checks").hasValue(1);
        wm.verify(0, getRequestedFor(urlEqualTo("/_matrix/key/v2/server")));
    }

    @Test
    void askersDuringAFetchShouldWaitForItInsteadOfGettingNothing() throws Exception {
        ObjectNode doc = keyDoc(remote, remoteKey, inAnHour());
        wm.stubFor(get(urlEqualTo("/_matrix/key/v2/server")).willReturn(aResponse().withStatus(200).withFixedDelay(300)
                .withHeader("Content-Type", "application/json").withBody(doc.toString())));
        RemoteKeyRing ring = ring(List.of());
        long now = System.currentTimeMillis();
        List<Future<Map<String, byte[]>>> asks = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) asks.add(ring.verifyKeys(remote, List.of(remoteKey.keyId()), now));
        for (Future<Map<String, byte[]>> ask : asks) assertThat(await(ask)).containsOnlyKeys(remoteKey.keyId());
        wm.verify(1, getRequestedFor(urlEqualTo("/_matrix/key/v2/server")));
    }

    @Test
    void isSignedByShouldAnswerTrueOnlyForObjectsSignedWithTheFetchedKey() throws Exception {
        serve(keyDoc(remote, remoteKey, inAnHour()));
        RemoteKeyRing ring = ring(List.of());
        ObjectNode signed = JsonSigning.sign(Json.object().put("x", 1), remote, remoteKey);
        assertThat(await(ring.isSignedBy(signed, remote, System.currentTimeMillis()))).isTrue();
        signed.put("x", 2);
        assertThat(await(ring.isSignedBy(signed, remote, System.currentTimeMillis()))).isFalse();
        assertThat(await(ring.isSignedBy(Json.object().put("x", 1), remote, System.currentTimeMillis()))).isFalse();
    }

    @Test
    void verifyKeysShouldRejectTheDocumentWhenItsSelfSignatureIsForged() throws Exception {
        ObjectNode forged = keyDoc(remote, remoteKey, inAnHour());
        // Claims remoteKey's public key but is signed by another key under the same id.
        SigningKey other = SigningKey.parse("ed25519 " + remoteKey.version() + " "
                + org.lightweb.federation.protocol.Base64s.encode(new byte[32]));
        forged.remove("signatures");
        JsonSigning.sign(forged, remote, other);
        serve(forged);
        assertThat(await(ring(List.of()).verifyKeys(remote, List.of(remoteKey.keyId()), System.currentTimeMillis()))).isEmpty();
        assertThat(repo.rows).doesNotContainKey(remote);
    }

    @Test
    void verifyKeysShouldRejectTheDocumentWhenItNamesAnotherServer() throws Exception {
        serve(keyDoc("someone.else", remoteKey, inAnHour()));
        assertThat(await(ring(List.of()).verifyKeys(remote, List.of(remoteKey.keyId()), System.currentTimeMillis()))).isEmpty();
    }

    @Test
    void verifyKeysShouldNotRetryAFailedFetchWithinTheRetryPeriod() throws Exception {
        wm.stubFor(get(urlEqualTo("/_matrix/key/v2/server")).willReturn(aResponse().withStatus(500)));
        RemoteKeyRing ring = ring(List.of());
        assertThat(await(ring.verifyKeys(remote, List.of(remoteKey.keyId()), System.currentTimeMillis()))).isEmpty();
        assertThat(await(ring.verifyKeys(remote, List.of(remoteKey.keyId()), System.currentTimeMillis()))).isEmpty();
        wm.verify(1, getRequestedFor(urlEqualTo("/_matrix/key/v2/server")));
    }

    @Test
    void verifyKeysShouldRefetchWhenTheCachedKeyExpiredBeforeTheTimeAsked() throws Exception {
        serve(keyDoc(remote, remoteKey, System.currentTimeMillis() - 1000));
        RemoteKeyRing ring = new RemoteKeyRing(new OwnKeys("us.test", ours, Map.of(), Duration.ofDays(1), Clock.SYSTEM),
                client, repo, List.of(), Duration.ZERO, 100, cpu, Clock.SYSTEM);
        assertThat(await(ring.verifyKeys(remote, List.of(remoteKey.keyId()), System.currentTimeMillis()))).isEmpty();
        serve(keyDoc(remote, remoteKey, inAnHour()));
        assertThat(await(ring.verifyKeys(remote, List.of(remoteKey.keyId()), System.currentTimeMillis())))
                .containsOnlyKeys(remoteKey.keyId());
        wm.verify(2, getRequestedFor(urlEqualTo("/_matrix/key/v2/server")));
    }

    @Test
    void verifyKeysShouldAskTheNotaryWhenTheServerIsUnreachableAndCheckTheNotarySignature() throws Exception {
        SigningKey notaryKey = SigningKey.generate();
        String unreachable = "127.0.0.1:" + freePort();
        ObjectNode doc = keyDoc(unreachable, remoteKey, inAnHour());
        ObjectNode countersigned = JsonSigning.sign(doc.deepCopy(), remote, notaryKey);
        wm.stubFor(post(urlEqualTo("/_matrix/key/v2/query")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(Json.object().set("server_keys", Json.MAPPER.createArrayNode().add(countersigned)).toString())));
        TrustedKeyServer notary = new TrustedKeyServer(remote, Map.of(notaryKey.keyId(), notaryKey.publicKeyBase64()));
        assertThat(await(ring(List.of(notary)).verifyKeys(unreachable, List.of(remoteKey.keyId()), System.currentTimeMillis())))
                .containsOnlyKeys(remoteKey.keyId());

        // A notary answer without the notary's own signature is not trusted.
        repo.rows.clear();
        wm.stubFor(post(urlEqualTo("/_matrix/key/v2/query")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(Json.object().set("server_keys", Json.MAPPER.createArrayNode().add(doc)).toString())));
        assertThat(await(ring(List.of(notary)).verifyKeys(unreachable, List.of(remoteKey.keyId()), System.currentTimeMillis())))
                .isEmpty();
    }

    @Test
    void verifyKeysShouldAskTheNotaryForAKeyTheServerNoLongerLists() throws Exception {
        SigningKey notaryKey = SigningKey.generate();
        SigningKey retired = SigningKey.generate();
        serve(keyDoc(remote, remoteKey, inAnHour()));
        ObjectNode old = JsonSigning.sign(keyDoc(remote, retired, inAnHour()), remote, notaryKey);
        wm.stubFor(post(urlEqualTo("/_matrix/key/v2/query")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(Json.object().set("server_keys", Json.MAPPER.createArrayNode().add(old)).toString())));
        TrustedKeyServer notary = new TrustedKeyServer(remote, Map.of(notaryKey.keyId(), notaryKey.publicKeyBase64()));
        Map<String, byte[]> keys = await(ring(List.of(notary)).verifyKeys(remote, List.of(retired.keyId(), remoteKey.keyId()),
                System.currentTimeMillis()));
        assertThat(keys).containsOnlyKeys(retired.keyId(), remoteKey.keyId());
    }

    @Test
    void verifyKeysShouldAnswerOurOwnKeyWithoutAnyRequest() throws Exception {
        assertThat(await(ring(List.of()).verifyKeys("us.test", List.of(ours.keyId(), "ed25519:nope"), 0)))
                .containsOnlyKeys(ours.keyId());
        assertThat(wm.getAllServeEvents()).isEmpty();
    }

    @Test
    void documentsShouldAnswerTheStoredSignedDocument() throws Exception {
        serve(keyDoc(remote, remoteKey, inAnHour()));
        List<ObjectNode> docs = await(ring(List.of()).documents(remote, System.currentTimeMillis()));
        assertThat(docs).hasSize(1);
        assertThat(docs.get(0).path("server_name").asText()).isEqualTo(remote);
        assertThat(docs.get(0).path("signatures").path(remote).has(remoteKey.keyId())).isTrue();
    }

    @Test
    void verifyKeysShouldAnswerNothingWhenTheServerNameIsInvalid() throws Exception {
        assertThat(await(ring(List.of()).verifyKeys("not a server!", List.of("ed25519:x"), 0))).isEmpty();
        assertThat(await(ring(List.of()).isSignedBy(JsonSigning.sign(Json.object(), "not a server!", remoteKey),
                "not a server!", 0))).isFalse();
    }

    @Test
    void verifyKeysShouldRefreshInTheBackgroundWhenAKeyIsPastHalfItsValidity() throws Exception {
        long t0 = System.currentTimeMillis();
        long[] now = {t0};
        serve(keyDoc(remote, remoteKey, t0 + 10_000));
        RemoteKeyRing ring = new RemoteKeyRing(new OwnKeys("us.test", ours, Map.of(), Duration.ofDays(1), () -> now[0]),
                client, repo, List.of(), Duration.ZERO, 100, cpu, () -> now[0]);
        assertThat(await(ring.verifyKeys(remote, List.of(remoteKey.keyId()), t0))).containsOnlyKeys(remoteKey.keyId());
        now[0] = t0 + 2_000;   // not yet half-way: no refresh
        assertThat(await(ring.verifyKeys(remote, List.of(remoteKey.keyId()), t0))).containsOnlyKeys(remoteKey.keyId());
        wm.verify(1, getRequestedFor(urlEqualTo("/_matrix/key/v2/server")));
        now[0] = t0 + 6_000;   // past half: answered at once, refreshed behind
        assertThat(await(ring.verifyKeys(remote, List.of(remoteKey.keyId()), t0))).containsOnlyKeys(remoteKey.keyId());
        for (int i = 0; i < 100 && wm.countRequestsMatching(getRequestedFor(urlEqualTo("/_matrix/key/v2/server")).build())
                .getCount() < 2; i++) {
            Thread.sleep(50);
        }
        wm.verify(2, getRequestedFor(urlEqualTo("/_matrix/key/v2/server")));
    }

    @Test
    void verifyKeysShouldTreatAKeyAsValidAtMostSevenDaysAfterItWasFetched() throws Exception {
        serve(keyDoc(remote, remoteKey, System.currentTimeMillis() + 365L * 24 * 3600 * 1000));
        RemoteKeyRing ring = ring(List.of());
        long in8Days = System.currentTimeMillis() + 8L * 24 * 3600 * 1000;
        assertThat(await(ring.verifyKeys(remote, List.of(remoteKey.keyId()), System.currentTimeMillis()))).hasSize(1);
        assertThat(await(ring.verifyKeys(remote, List.of(remoteKey.keyId()), in8Days))).isEmpty();
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** server_keys in memory. */
    static class MemoryRepo implements ServerKeyRepository {
        final Map<String, List<StoredKey>> rows = new ConcurrentHashMap<>();

        @Override
        public Future<Void> store(List<StoredKey> keys) {
            for (StoredKey k : keys) {
                List<StoredKey> list = rows.computeIfAbsent(k.serverName(), s -> new ArrayList<>());
                list.removeIf(x -> x.keyId().equals(k.keyId()));
                list.add(k);
            }
            return Future.succeededFuture();
        }

        @Override
        public Future<List<StoredKey>> keysOf(String serverName) {
            return Future.succeededFuture(List.copyOf(rows.getOrDefault(serverName, List.of())));
        }
    }
}
