package org.lightweb.plugin.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lightweb.plugin.HttpResponse;
import org.lightweb.plugin.testkit.FakeHttpRequest;
import org.lightweb.plugin.testkit.FakePluginContext;
import org.lightweb.plugin.testkit.FakeRoutes;

/** nelson holds kaslo's replicas of alice's repository; after kaslo is lost, alice reads them with her recovery key. */
class RecoveryRoutesTest {
    static final String OWNER = Replication.owner("@alice:kaslo.test");
    static final String REPO = "/v1/recovery/kaslo.test/" + OWNER + "/home";

    final ReplicationTest.MovableClock clock = new ReplicationTest.MovableClock();
    FakePluginContext nelson;
    FakeRoutes routes;
    KeyPair recovery;
    KeyPair stranger;
    byte[] keyFile = "{\"kind\":\"recovery\",\"wrapped\":\"...\"}".getBytes(StandardCharsets.UTF_8);
    String keyName;

    @BeforeEach
    void start() throws Exception {
        nelson = FakePluginContext.builder("file-backup").serverName("nelson.test").clock(clock)
                .config(Map.of("partners", List.of("kaslo.test"), "recovery_clock_skew", "5m")).build();
        new FileBackupPlugin().start(nelson);
        routes = FakeRoutes.of(nelson, nelson.extension(RecoveryRoutes.class));
        KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
        recovery = g.generateKeyPair();
        stranger = g.generateKeyPair();
        ReplicaStore store = ReplicaStore.of(nelson);
        store.put("kaslo.test", OWNER, "home", "config", "config", config(recovery));
        keyName = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(keyFile));
        store.put("kaslo.test", OWNER, "home", "keys", keyName, keyFile);
        store.put("kaslo.test", OWNER, "old", "config", "config", "{\"version\":1,\"id\":\"abc\"}".getBytes(StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        nelson.close();
    }

    static byte[] config(KeyPair k) {
        String key = Base64.getEncoder().encodeToString(raw(k));
        return ("{\"version\":1,\"id\":\"abc\",\"verifyKey\":\"x\",\"recoveryKey\":\"" + key + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] raw(KeyPair k) {
        byte[] spki = k.getPublic().getEncoded();
        return Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    }

    String sign(KeyPair k, String method, String relativePath, long ts) throws Exception {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(k.getPrivate());
        s.update(("lightweb-backup/v1 recovery\n" + method + "\n/_lightweb/file-backup" + relativePath + "\n" + ts).getBytes(StandardCharsets.UTF_8));
        return "LightwebRecovery ts=" + ts + ",sig=" + Base64.getEncoder().encodeToString(s.sign());
    }

    HttpResponse call(String method, String path, String authorization) {
        FakeHttpRequest r = new FakeHttpRequest(method, path);
        if (authorization != null) r.header("Authorization", authorization);
        return routes.open(r);
    }

    HttpResponse signed(String method, String path) throws Exception {
        return call(method, path, sign(recovery, method, path, clock.millis()));
    }

    @Test
    void recoveryRoutesShouldServeTheReplicasWhenSignedWithTheRecoveryKey() throws Exception {
        HttpResponse list = signed("GET", REPO + "/keys");
        assertThat(list.status()).isEqualTo(200);
        assertThat(FakeRoutes.json(list)).containsEntry("names", List.of(keyName));

        HttpResponse whole = signed("GET", REPO + "/keys/" + keyName);
        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(keyFile);

        FakeHttpRequest ranged = new FakeHttpRequest("GET", REPO + "/keys/" + keyName).header("Range", "bytes=2-5")
                .header("Authorization", sign(recovery, "GET", REPO + "/keys/" + keyName, clock.millis()));
        HttpResponse part = routes.open(ranged);
        assertThat(part.status()).isEqualTo(206);
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(keyFile, 2, 6));

        HttpResponse head = signed("HEAD", REPO + "/keys/" + keyName);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.headers()).containsEntry("Content-Length", Integer.toString(keyFile.length));
        assertThat(signed("HEAD", REPO + "/data/" + "0".repeat(64)).status()).isEqualTo(404);
        assertThat(signed("GET", REPO + "/config/config").body()).isEqualTo(config(recovery));
    }

    @Test
    void recoveryRoutesShouldRefuseRequestsNotSignedByTheRecoveryKey() throws Exception {
        String path = REPO + "/keys/" + keyName;
        HttpResponse none = call("GET", path, null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(FakeRoutes.json(none)).containsEntry("errcode", "M_MISSING_TOKEN");
        assertThat(call("GET", path, "Bearer abc").status()).isEqualTo(401);

        HttpResponse wrongKey = call("GET", path, sign(stranger, "GET", path, clock.millis()));
        assertThat(wrongKey.status()).isEqualTo(403);
        assertThat(FakeRoutes.json(wrongKey)).containsEntry("errcode", "M_FORBIDDEN");

        // a signature is for one method and path: replaying the listing's for a blob fails
        assertThat(call("GET", path, sign(recovery, "GET", REPO + "/keys", clock.millis())).status()).isEqualTo(403);
        assertThat(call("GET", path, sign(recovery, "HEAD", path, clock.millis())).status()).isEqualTo(403);

        String old = sign(recovery, "GET", path, clock.millis());
        clock.now = clock.now.plus(Duration.ofMinutes(6));
        HttpResponse stale = call("GET", path, old);
        assertThat(stale.status()).isEqualTo(403);
        assertThat((String) FakeRoutes.json(stale).get("error")).contains("clock");
    }

    @Test
    void recoveryRoutesShouldAnswerNotFoundWithoutARecoveryKeyOrReplica() throws Exception {
        String noKey = "/v1/recovery/kaslo.test/" + OWNER + "/old/keys";
        assertThat(call("GET", noKey, sign(recovery, "GET", noKey, clock.millis())).status()).isEqualTo(404);
        String unknown = "/v1/recovery/castlegar.test/" + OWNER + "/home/keys";
        HttpResponse r = call("GET", unknown, sign(recovery, "GET", unknown, clock.millis()));
        assertThat(r.status()).isEqualTo(404);
        assertThat(FakeRoutes.json(r)).containsEntry("errcode", "M_NOT_FOUND");
        HttpResponse bad = signed("GET", "/v1/recovery/kaslo.test/NOTHEX/home/keys");
        assertThat(bad.status()).isEqualTo(400);
    }
}
