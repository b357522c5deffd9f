package org.lightweb.plugin.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lightweb.plugin.Federation;
import org.lightweb.plugin.HttpResponse;
import org.lightweb.plugin.testkit.FakeFederation;
import org.lightweb.plugin.testkit.FakeHttpRequest;
import org.lightweb.plugin.testkit.FakePluginContext;
import org.lightweb.plugin.testkit.FakeRoutes;
import org.lightweb.plugin.testkit.Json;

/** Two fake nodes, kaslo and nelson, each the other's partner, their federation calling each other's routes. */
class ReplicationTest {
    static final String ALICE = "@alice:kaslo.test";

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-12-07T00:00:00Z");
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    MovableClock clock = new MovableClock();
    FakePluginContext kaslo;
    FakePluginContext nelson;
    FakeRoutes kasloRoutes;
    FakeRoutes nelsonRoutes;
    boolean nelsonDown;

    @BeforeEach
    void start() throws Exception {
        kaslo = FakePluginContext.builder("file-backup").serverName("kaslo.test").clock(clock)
                .config(Map.of("partners", List.of("nelson.test"), "delete_grace", "1d", "challenge_blobs", 10)).build();
        nelson = FakePluginContext.builder("file-backup").serverName("nelson.test").clock(clock)
                .config(Map.of("partners", List.of("kaslo.test"), "partner_quota_bytes", 100_000)).build();
        new FileBackupPlugin().start(kaslo);
        new FileBackupPlugin().start(nelson);
        kasloRoutes = FakeRoutes.of(kaslo, kaslo.extension(FileBackupRoutes.class), kaslo.extension(ReplicaRoutes.class));
        nelsonRoutes = FakeRoutes.of(nelson, nelson.extension(FileBackupRoutes.class), nelson.extension(ReplicaRoutes.class));
        kaslo.federation().answerAll("nelson.test", r -> {
            if (nelsonDown) throw new java.io.IOException("nelson is down");
            return call(nelsonRoutes, r, "kaslo.test");
        });
    }

    @AfterEach
    void stop() {
        kaslo.close();
        nelson.close();
    }

    @SuppressWarnings("unchecked")
    static Federation.Response call(FakeRoutes routes, FakeFederation.Request r, String origin) {
        FakeHttpRequest req = new FakeHttpRequest(r.method(), r.path().substring("/_lightweb/file-backup".length()));
        if (r.body() != null) req.json(r.body());
        HttpResponse res = routes.server(req, origin);
        Object json = res.jsonBody() == null ? Map.of() : Json.parse(Json.write(res.jsonBody())); // as it would travel
        return new Federation.Response(res.status(), json instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of());
    }

    byte[] push(String text) {
        byte[] b = FileBackupRoutesTest.blob(text);
        HttpResponse res = kasloRoutes.client(FakeHttpRequest.put("/v1/repos/home/data/" + FileBackupRoutesTest.name(b)).body(b),
                FakeRoutes.user(ALICE));
        assertThat(res.status()).isEqualTo(201);
        return b;
    }

    List<Path> nelsonFiles() throws Exception {
        try (Stream<Path> s = Files.walk(nelson.dataDirectory().resolve("replicas"))) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    Replication replication() {
        return Replication.of(kaslo);
    }

    @Test
    void pushShouldPlaceTheBlobsAtThePartnerWhenTheQueueDrains() throws Exception {
        byte[] a = push("SECRET-MARKER-ONE ciphertext");
        byte[] b = push("second blob");
        assertThat(replication().drain(100)).isEqualTo(2);
        List<Path> files = nelsonFiles();
        assertThat(files).hasSize(2);
        assertThat(files).allSatisfy(f -> assertThat(f.toString()).doesNotContain("alice"));
        assertThat(files.stream().map(f -> { try { return Files.readAllBytes(f); } catch (Exception e) { throw new RuntimeException(e); } }))
                .anySatisfy(x -> assertThat(x).isEqualTo(a)).anySatisfy(x -> assertThat(x).isEqualTo(b));
        Replication.Status st = replication().status().get(0);
        assertThat(st.blobs()).isEqualTo(2);
        assertThat(st.bytes()).isEqualTo(a.length + b.length);
        assertThat(st.queued()).isZero();
    }

    @Test
    void locksShouldNotBeReplicatedWhenStoredOrDeleted() throws Exception {
        byte[] lock = FileBackupRoutesTest.blob("a lock, gone after one push");
        String name = FileBackupRoutesTest.name(lock);
        assertThat(kasloRoutes.client(FakeHttpRequest.put("/v1/repos/home/locks/" + name).body(lock), FakeRoutes.user(ALICE)).status()).isEqualTo(201);
        push("data");
        assertThat(kasloRoutes.client(FakeHttpRequest.delete("/v1/repos/home/locks/" + name), FakeRoutes.user(ALICE)).status()).isEqualTo(200);
        assertThat(replication().backfill()).isZero();
        assertThat(replication().drain(100)).isEqualTo(1);
        assertThat(nelsonFiles()).singleElement().satisfies(f -> assertThat(f.getParent().getFileName().toString()).isEqualTo("data"));
        Replication.Status st = replication().status().get(0);
        assertThat(st.queued()).isZero();
        assertThat(st.deletesWaiting()).isZero();
    }

    @Test
    void queueShouldRetryInOrderWithBackoffWhenThePartnerIsDown() throws Exception {
        nelsonDown = true;
        push("one");
        push("two");
        assertThat(replication().drain(100)).isZero();
        Replication.Status st = replication().status().get(0);
        assertThat(st.queued()).isEqualTo(2);
        assertThat(st.queueError()).contains("nelson is down");
        nelsonDown = false;
        assertThat(replication().drain(100)).as("backoff: not yet").isZero();
        clock.now = clock.now.plusSeconds(11);
        assertThat(replication().drain(100)).isEqualTo(2);
        assertThat(nelsonFiles()).hasSize(2);
    }

    @Test
    void queueShouldSurviveARestartWhenItemsArePending() throws Exception {
        nelsonDown = true;
        push("pending");
        assertThat(replication().drain(100)).isZero();
        // a new start of the plugin on the same database and directory: a fresh Replication reads the same queue
        FileBackupSettings settings = BlobStore.of(kaslo).settings();
        Replication after = new Replication(kaslo, settings, Partners.configured(settings));
        nelsonDown = false;
        clock.now = clock.now.plusSeconds(11);
        assertThat(after.drain(100)).isEqualTo(1);
        assertThat(nelsonFiles()).hasSize(1);
    }

    @Test
    void backfillShouldQueueBlobsStoredBeforeThePartnerWasConfigured() throws Exception {
        nelsonDown = true;
        push("old");
        assertThat(replication().backfill()).as("already queued").isZero();
        kaslo.database().write(c -> c.createStatement().executeUpdate("DELETE FROM file_backup_queue"));
        assertThat(replication().backfill()).isEqualTo(1);
    }

    @Test
    void deleteShouldReachThePartnerOnlyAfterTheGracePeriod() throws Exception {
        byte[] a = push("to be deleted");
        replication().drain(100);
        HttpResponse del = kasloRoutes.client(FakeHttpRequest.delete("/v1/repos/home/data/" + FileBackupRoutesTest.name(a)), FakeRoutes.user(ALICE));
        assertThat(del.status()).isEqualTo(200);
        assertThat(replication().drain(100)).isZero();
        assertThat(nelsonFiles()).hasSize(1);
        assertThat(replication().status().get(0).deletesWaiting()).isEqualTo(1);
        assertThat(replication().status().get(0).queued()).isZero();
        clock.now = clock.now.plus(Duration.ofDays(1)).plusSeconds(1);
        assertThat(replication().drain(100)).isEqualTo(1);
        assertThat(nelsonFiles()).isEmpty();
        assertThat(replication().status().get(0).blobs()).isZero();
    }

    @Test
    void challengeShouldPassWhenTheReplicaIsIntactAndFailWhenAByteIsTampered() throws Exception {
        push("challenge me ".repeat(50));
        replication().drain(100);
        List<Replication.Result> ok = replication().challengeAll();
        assertThat(ok).hasSize(1).allSatisfy(r -> assertThat(r.ok()).isTrue());
        Path f = nelsonFiles().get(0);
        byte[] bytes = Files.readAllBytes(f);
        for (int i = 0; i < bytes.length; i++) bytes[i] ^= 1; // every byte, so any range the challenge picks differs
        Files.write(f, bytes);
        clock.now = clock.now.plusSeconds(1);
        List<Replication.Result> bad = replication().challengeAll();
        assertThat(bad).hasSize(1).allSatisfy(r -> assertThat(r.ok()).isFalse());
        String text = ReplicationJobs.Status.render(replication().status());
        assertThat(text).contains("nelson.test").contains("FAILED").contains("1 failed challenges");
    }

    @Test
    void replicaRoutesShouldRefuseWhenTheOriginIsNotAPartner() {
        byte[] b = FileBackupRoutesTest.blob("x");
        String path = "/v1/replicas/" + Replication.owner(ALICE) + "/home/data/" + FileBackupRoutesTest.name(b);
        HttpResponse res = nelsonRoutes.server(new FakeHttpRequest("PUT", path)
                .json(Map.of("content", Base64.getEncoder().encodeToString(b))), "stranger.test");
        assertThat(res.status()).isEqualTo(403);
        assertThat(FakeRoutes.json(res)).containsEntry("errcode", "M_FORBIDDEN");
    }

    @Test
    void replicaPutShouldBeRefusedWhenTheHashDoesNotMatchOrTheQuotaIsFull() {
        byte[] b = FileBackupRoutesTest.blob("y");
        String base = "/v1/replicas/" + Replication.owner(ALICE) + "/home/data/";
        HttpResponse wrong = nelsonRoutes.server(new FakeHttpRequest("PUT", base + "0".repeat(64))
                .json(Map.of("content", Base64.getEncoder().encodeToString(b))), "kaslo.test");
        assertThat(wrong.status()).isEqualTo(400);
        byte[] big = FileBackupRoutesTest.blob("z".repeat(100_001));
        HttpResponse full = nelsonRoutes.server(new FakeHttpRequest("PUT", base + FileBackupRoutesTest.name(big))
                .json(Map.of("content", Base64.getEncoder().encodeToString(big))), "kaslo.test");
        assertThat(full.status()).isEqualTo(507);
        assertThat(FakeRoutes.json(full)).containsEntry("errcode", "M_RESOURCE_LIMIT_EXCEEDED");
    }

    @Test
    void startShouldBeRefusedWhenPartnersAreMalformedOrNameThisServer() {
        for (Object bad : List.of(List.of("not a server/name"), "nelson.test", List.of("kaslo.test"))) {
            FakePluginContext c = FakePluginContext.builder("file-backup").serverName("kaslo.test")
                    .config(Map.of("partners", bad)).build();
            try {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FileBackupPlugin().start(c))
                        .isInstanceOf(org.lightweb.plugin.PluginConfigException.class).hasMessageContaining("partners");
            } finally {
                c.close();
            }
        }
    }
}
