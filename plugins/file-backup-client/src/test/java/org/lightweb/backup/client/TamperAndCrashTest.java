package org.lightweb.backup.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TamperAndCrashTest {
    @TempDir
    Path tmp;

    private Repository pushed(Path repoDir) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        byte[] d = new byte[200_000];
        new Random(31).nextBytes(d);
        Files.write(src.resolve("a.bin"), d);
        Repository repo = TestTrees.newRepo(repoDir);
        new BackupEngine(repo, BackupEngine.Progress.NONE).push(List.of(src));
        return repo;
    }

    /** Positions from the start (>= 0) or the end (< 0): magic, first chunk, middle, header length, signature, last byte. */
    @ParameterizedTest
    @ValueSource(longs = {0, 4, 5, 100, 100_000, -200, -66, -65, -64, -1})
    void verifyReadDataShouldReportAnyPackWhenOneByteAnywhereIsFlipped(long where) throws Exception {
        Repository repo = pushed(tmp.resolve("repo"));
        Path pack = TestTrees.files(tmp.resolve("repo/data")).get(0);
        try (RandomAccessFile raf = new RandomAccessFile(pack.toFile(), "rw")) {
            long pos = where >= 0 ? where : raf.length() + where;
            raf.seek(pos);
            int b = raf.read();
            raf.seek(pos);
            raf.write(b ^ 0x01);
        }
        BackupEngine engine = new BackupEngine(repo, BackupEngine.Progress.NONE);
        BackupEngine.VerifyReport report = engine.verify(true);
        assertThat(report.errors()).as("flip at " + where).isNotEmpty();
        assertThat(BackupEngine.verifyBlind(repo.backend(), repo.key().verifyKey())).as("blind, flip at " + where).isNotEmpty();
    }

    /** A backend that fails every put after the first {@code okPuts}: a push cut off half way. */
    private static final class FailingBackend implements Backend {
        final LocalBackend inner;
        final AtomicInteger okPuts;

        FailingBackend(LocalBackend inner, int okPuts) {
            this.inner = inner;
            this.okPuts = new AtomicInteger(okPuts);
        }

        @Override public List<String> list(BlobType t) throws IOException { return inner.list(t); }
        @Override public boolean has(BlobType t, String n) throws IOException { return inner.has(t, n); }
        @Override public byte[] get(BlobType t, String n) throws IOException { return inner.get(t, n); }
        @Override public byte[] getRange(BlobType t, String n, long o, int l) throws IOException { return inner.getRange(t, n, o, l); }
        @Override public void delete(BlobType t, String n) throws IOException { inner.delete(t, n); }
        @Override public long size(BlobType t, String n) throws IOException { return inner.size(t, n); }

        @Override
        public void put(BlobType t, String n, byte[] c) throws IOException {
            if (t == BlobType.PACK && okPuts.getAndDecrement() <= 0) throw new IOException("connection reset (simulated)");
            inner.put(t, n, c);
        }
    }

    @Test
    void repositoryShouldStayConsistentWhenAPushIsCutOffHalfWay() throws Exception {
        Path src = tmp.resolve("src");
        TestTrees.generate(src, 200, 32);
        LocalBackend local = new LocalBackend(tmp.resolve("repo"));
        TestTrees.newRepo(tmp.resolve("repo"));
        Repository failing = Repository.open(new FailingBackend(local, 2), "passphrase", "correct horse battery staple");
        assertThatThrownBy(() -> new BackupEngine(failing, BackupEngine.Progress.NONE).push(List.of(src)))
                .isInstanceOf(IOException.class).hasMessageContaining("simulated");
        assertThat(local.list(BlobType.SNAPSHOT)).isEmpty();
        assertThat(local.list(BlobType.LOCK)).as("the lock is released").isEmpty();

        Repository repo = Repository.open(local, "passphrase", "correct horse battery staple");
        BackupEngine engine = new BackupEngine(repo, BackupEngine.Progress.NONE);
        BackupEngine.VerifyReport report = engine.verify(true);
        assertThat(report.errors()).isEmpty();
        assertThat(report.warnings()).isNotEmpty().allMatch(w -> w.contains("in no index"));
        engine.push(List.of(src));
        engine.prune();
        BackupEngine.VerifyReport after = engine.verify(true);
        assertThat(after.errors()).isEmpty();
        assertThat(after.warnings()).isEmpty();
        engine.restore("latest", tmp.resolve("out"), List.of());
        TestTrees.assertSameTree(src, tmp.resolve("out/src"));
    }
}
