package org.lightweb.backup.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupEngineTest {
    @TempDir
    Path tmp;

    private BackupEngine engine(Repository r) {
        return new BackupEngine(r, BackupEngine.Progress.NONE);
    }

    @Test
    void restoreShouldReproduceTheTreeByteForByteWhenPushedWithThousandsOfFiles() throws Exception {
        int small = Integer.getInteger("lightweb.backup.smallFiles", 20_000);
        Path src = tmp.resolve("src");
        TestTrees.generate(src, small, 1);
        Repository repo = TestTrees.newRepo(tmp.resolve("repo"));
        BackupEngine.PushResult r = engine(repo).push(List.of(src));
        assertThat(r.files()).isEqualTo(small + 5 + 3);
        assertThat(r.packsWritten()).isGreaterThan(1);
        // far fewer uploads than files: small files share packs
        assertThat(new LocalBackend(tmp.resolve("repo")).list(BlobType.PACK).size()).isLessThan(100);

        Repository reopened = Repository.open(new LocalBackend(tmp.resolve("repo")), "passphrase", "correct horse battery staple");
        BackupEngine.RestoreResult rr = engine(reopened).restore("latest", tmp.resolve("out"), List.of());
        assertThat(rr.files()).isEqualTo(r.files());
        assertThat(rr.symlinks()).isEqualTo(2);
        TestTrees.assertSameTree(src, tmp.resolve("out/src"));
        assertThat(engine(reopened).verify(true).errors()).isEmpty();
    }

    @Test
    void restoreShouldWriteOnlyTheGivenPathsWhenPathsAreNamed() throws Exception {
        Path src = tmp.resolve("src");
        TestTrees.generate(src, 50, 2);
        Repository repo = TestTrees.newRepo(tmp.resolve("repo"));
        String id = engine(repo).push(List.of(src)).snapshotId();
        engine(repo).restore(id.substring(0, 8), tmp.resolve("out"), List.of("src/ünïcödé-名前-🙂", "/src/run.sh"));
        assertThat(TestTrees.list(tmp.resolve("out/src"))).containsExactly("", "run.sh", "ünïcödé-名前-🙂",
                "ünïcödé-名前-🙂/empty file", "ünïcödé-名前-🙂/Ω résumé ☃.txt");
        assertThat(Files.readString(tmp.resolve("out/src/ünïcödé-名前-🙂/Ω résumé ☃.txt"))).contains("unicode contents ✓");
        List<String> listed = new ArrayList<>();
        engine(repo).ls("latest", "src/ünïcödé-名前-🙂", (p, n) -> listed.add(p));
        assertThat(listed).containsExactly("src/ünïcödé-名前-🙂", "src/ünïcödé-名前-🙂/empty file", "src/ünïcödé-名前-🙂/Ω résumé ☃.txt");
    }

    @Test
    void secondPushShouldUploadNoPacksWhenTheTreeIsUnchanged() throws Exception {
        Path src = tmp.resolve("src");
        TestTrees.generate(src, 300, 3);
        Repository repo = TestTrees.newRepo(tmp.resolve("repo"));
        engine(repo).push(List.of(src));
        LocalBackend b = new LocalBackend(tmp.resolve("repo"));
        List<String> packs = b.list(BlobType.PACK);
        BackupEngine.PushResult second = engine(repo).push(List.of(src));
        assertThat(second.packsWritten()).isZero();
        assertThat(second.bytesUploaded()).isZero();
        assertThat(b.list(BlobType.PACK)).isEqualTo(packs);
        assertThat(engine(repo).snapshots()).hasSize(2);

        // touching a file's mtime makes push read it again, and still finds every chunk known
        Files.setLastModifiedTime(src.resolve("binary/blob-1.bin"), java.nio.file.attribute.FileTime.from(Instant.now()));
        assertThat(engine(repo).push(List.of(src)).packsWritten()).isZero();
        assertThat(b.list(BlobType.PACK)).isEqualTo(packs);
    }

    @Test
    void pushShouldUploadOnlyTheChangedChunksWhenOneFileChanges() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        byte[] big = new byte[2_000_000];
        new Random(4).nextBytes(big);
        Files.write(src.resolve("big.bin"), big);
        Repository repo = TestTrees.newRepo(tmp.resolve("repo"));
        BackupEngine.PushResult first = engine(repo).push(List.of(src));
        big[1_000_000] ^= 1;
        Files.write(src.resolve("big.bin"), big);
        BackupEngine.PushResult second = engine(repo).push(List.of(src));
        assertThat(first.chunksNew()).isGreaterThan(50);
        assertThat(second.chunksNew()).isBetween(1L, 2L);
        assertThat(second.bytesUploaded()).isLessThan(first.bytesUploaded() / 10);
        engine(repo).restore("latest", tmp.resolve("out"), List.of());
        assertThat(Files.readAllBytes(tmp.resolve("out/src/big.bin"))).isEqualTo(big);
    }

    @Test
    void backendFilesShouldHoldNoPlaintextWhenATreeWithMarkersIsPushed() throws Exception {
        Path src = tmp.resolve("src");
        TestTrees.generate(src, 200, 5);
        Repository repo = TestTrees.newRepo(tmp.resolve("repo"));
        engine(repo).push(List.of(src));
        byte[] marker = TestTrees.MARKER.getBytes(StandardCharsets.UTF_8);
        List<byte[]> needles = List.of(marker, "ünïcödé".getBytes(StandardCharsets.UTF_8), "blob-0.bin".getBytes(StandardCharsets.UTF_8),
                "run.sh".getBytes(StandardCharsets.UTF_8), src.toString().getBytes(StandardCharsets.UTF_8));
        List<Path> stored = TestTrees.files(tmp.resolve("repo"));
        assertThat(stored).isNotEmpty();
        for (Path f : stored) {
            byte[] content = Files.readAllBytes(f);
            if (f.getParent().getParent().getFileName().toString().equals("data"))
                assertThat((long) content.length).as("pack size is a Padmé bucket").isEqualTo(Crypto.padme(content.length));
            for (byte[] n : needles) assertThat(indexOf(content, n)).as(f + " contains plaintext").isEqualTo(-1);
        }
        // the test would see a marker if one were there
        assertThat(indexOf(Files.readAllBytes(src.resolve("run.sh")), marker)).isPositive();
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    @Test
    void verifyAndRestoreShouldReportCorruptionWhenAByteOfAPackIsFlipped() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        byte[] data = new byte[600_000];
        new Random(6).nextBytes(data);
        Files.write(src.resolve("data.bin"), data);
        Repository repo = TestTrees.newRepo(tmp.resolve("repo"));
        engine(repo).push(List.of(src));
        assertThat(engine(repo).verify(true).ok()).isTrue();
        LocalBackend b = new LocalBackend(tmp.resolve("repo"));
        String pack = b.list(BlobType.PACK).get(0);
        Path file = tmp.resolve("repo/data").resolve(pack.substring(0, 2)).resolve(pack);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(1000);
            int x = raf.read();
            raf.seek(1000);
            raf.write(x ^ 0x10);
        }
        BackupEngine.VerifyReport report = engine(repo).verify(true);
        assertThat(report.ok()).isFalse();
        assertThat(String.join("\n", report.errors())).contains(pack.substring(0, 12)).contains("tampered");
        assertThat(BackupEngine.verifyBlind(b, repo.key().verifyKey())).isNotEmpty();

        assertThatThrownBy(() -> engine(repo).restore("latest", tmp.resolve("out"), List.of()))
                .isInstanceOf(BackupException.class).hasMessageContaining("data.bin").hasMessageContaining("tampered")
                .extracting(e -> ((BackupException) e).kind()).isEqualTo(BackupException.Kind.INTEGRITY);
        assertThat(TestTrees.files(tmp.resolve("out"))).isEmpty();
    }

    @Test
    void verifyShouldReportTamperingWhenASnapshotOrIndexBlobIsAltered() throws Exception {
        Path src = tmp.resolve("src");
        TestTrees.generate(src, 20, 7);
        Repository repo = TestTrees.newRepo(tmp.resolve("repo"));
        engine(repo).push(List.of(src));
        LocalBackend b = new LocalBackend(tmp.resolve("repo"));
        for (BlobType t : List.of(BlobType.SNAPSHOT, BlobType.INDEX)) {
            Path f = tmp.resolve("repo").resolve(t.dir).resolve(b.list(t).get(0));
            byte[] content = Files.readAllBytes(f);
            content[content.length / 2] ^= 1;
            Files.write(f, content);
        }
        BackupEngine.VerifyReport report = engine(repo).verify(false);
        assertThat(report.errors()).anyMatch(e -> e.startsWith("snapshots/")).anyMatch(e -> e.startsWith("index/"));
    }

    @Test
    void blindVerifyShouldPassWithTheVerifyKeyAndFailWithAnotherRepositorysKey() throws Exception {
        Path src = tmp.resolve("src");
        TestTrees.generate(src, 20, 8);
        Repository repo = TestTrees.newRepo(tmp.resolve("repo"));
        engine(repo).push(List.of(src));
        LocalBackend b = new LocalBackend(tmp.resolve("repo"));
        assertThat(BackupEngine.verifyBlind(b, repo.key().verifyKey())).isEmpty();
        Repository other = TestTrees.newRepo(tmp.resolve("other"));
        assertThat(BackupEngine.verifyBlind(b, other.key().verifyKey())).isNotEmpty().allMatch(e -> e.contains("signature"));
    }

    @Test
    void forgetAndPruneShouldKeepThePolicysSnapshotsAndFreeUnusedPacks() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Repository repo = TestTrees.newRepo(tmp.resolve("repo"));
        Random rnd = new Random(9);
        List<byte[]> versions = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            byte[] d = new byte[300_000];
            rnd.nextBytes(d);
            versions.add(d);
            Files.write(src.resolve("v.bin"), d);
            Files.writeString(src.resolve("same.txt"), "unchanged");
            engine(repo).push(List.of(src));
        }
        LocalBackend b = new LocalBackend(tmp.resolve("repo"));
        long before = TestTrees.files(tmp.resolve("repo/data")).stream().mapToLong(p -> p.toFile().length()).sum();
        BackupEngine.ForgetResult f = engine(repo).forget(new BackupEngine.KeepPolicy(2, 0, 0, 0), ZoneOffset.UTC);
        assertThat(f.kept()).hasSize(2);
        assertThat(f.removed()).hasSize(2);
        BackupEngine.PruneResult p = engine(repo).prune();
        assertThat(p.chunksRemoved()).isPositive();
        assertThat(p.bytesFreed()).isPositive();
        long after = TestTrees.files(tmp.resolve("repo/data")).stream().mapToLong(x -> x.toFile().length()).sum();
        assertThat(after).isLessThan(before * 3 / 4);
        assertThat(b.list(BlobType.INDEX)).hasSize(1);
        assertThat(engine(repo).verify(true).errors()).isEmpty();
        engine(repo).restore("latest", tmp.resolve("out"), List.of());
        assertThat(Files.readAllBytes(tmp.resolve("out/src/v.bin"))).isEqualTo(versions.get(3));
        assertThat(engine(repo).stats().snapshots()).isEqualTo(2);
        assertThatThrownBy(() -> engine(repo).forget(new BackupEngine.KeepPolicy(0, 0, 0, 0), ZoneOffset.UTC))
                .hasMessageContaining("--keep");
    }

    @Test
    void forgetShouldKeepOneSnapshotPerDayWhenKeepDailyIsGiven() throws Exception {
        Repository repo = TestTrees.newRepo(tmp.resolve("repo"));
        Model.Node empty = new Model.Node("", "dir", 0755, Instant.now().toString(), null, null, null, List.of());
        for (String t : List.of("2026-12-01T10:00:00Z", "2026-12-01T18:00:00Z", "2026-12-02T09:00:00Z", "2026-12-03T09:00:00Z",
                "2026-12-03T23:00:00Z"))
            repo.putDoc(BlobType.SNAPSHOT, new Model.Snapshot(t, "h", "u", List.of("/x"), empty));
        BackupEngine.ForgetResult f = engine(repo).forget(new BackupEngine.KeepPolicy(0, 2, 0, 0), ZoneOffset.UTC);
        assertThat(engine(repo).snapshots()).extracting(s -> s.snapshot().time())
                .containsExactly("2026-12-02T09:00:00Z", "2026-12-03T23:00:00Z");
        assertThat(f.removed()).hasSize(3);
    }

    @Test
    void pruneShouldBeRefusedWhenAPushHoldsTheLock() throws Exception {
        Repository repo = TestTrees.newRepo(tmp.resolve("repo"));
        try (Repository.Lock shared = repo.lock(false)) {
            // two pushes may share the repository
            repo.lock(false).close();
            assertThatThrownBy(() -> engine(repo).prune()).isInstanceOf(BackupException.class)
                    .hasMessageContaining("locked").extracting(e -> ((BackupException) e).kind()).isEqualTo(BackupException.Kind.LOCKED);
        }
        engine(repo).prune();
        assertThat(new LocalBackend(tmp.resolve("repo")).list(BlobType.LOCK)).isEmpty();
    }

    @Test
    void concurrentPushesShouldBothLandWhenRunInParallel() throws Exception {
        Path a = tmp.resolve("a");
        Path c = tmp.resolve("c");
        TestTrees.generate(a, 100, 10);
        TestTrees.generate(c, 100, 11);
        Repository repo = TestTrees.newRepo(tmp.resolve("repo"));
        Repository second = Repository.open(new LocalBackend(tmp.resolve("repo")), "passphrase", "correct horse battery staple");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var f1 = pool.submit(() -> engine(repo).push(List.of(a)));
            var f2 = pool.submit(() -> engine(second).push(List.of(c)));
            f1.get(60, java.util.concurrent.TimeUnit.SECONDS);
            f2.get(60, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(engine(repo).snapshots()).hasSize(2);
        assertThat(engine(repo).verify(true).errors()).isEmpty();
        engine(repo).restore("latest", tmp.resolve("out"), List.of());
        engine(repo).restore(engine(repo).snapshots().get(0).id(), tmp.resolve("out"), List.of());
        TestTrees.assertSameTree(a, tmp.resolve("out/a"));
        TestTrees.assertSameTree(c, tmp.resolve("out/c"));
    }

    @Test
    void statsShouldReportDedupWhenTheSameDataIsPushedTwice() throws Exception {
        Path src = tmp.resolve("src");
        TestTrees.generate(src, 50, 12);
        Repository repo = TestTrees.newRepo(tmp.resolve("repo"));
        engine(repo).push(List.of(src));
        engine(repo).push(List.of(src));
        BackupEngine.Stats s = engine(repo).stats();
        assertThat(s.snapshots()).isEqualTo(2);
        assertThat(s.logicalBytes()).isEqualTo(2 * s.latestBytes());
        assertThat(s.dedupRatio()).isBetween(1.9, 2.1);
    }
}
