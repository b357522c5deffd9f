package org.lightweb.backup.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 1 GiB generated file (size from -Dlightweb.backup.bigMiB, default 1024), streamed to disk (never held
 * in memory), with the default chunk and pack sizes: round trip, then a one-byte change re-uploads one or two chunks.
 */
class LargeFileTest {
    @TempDir
    Path tmp;

    @Test
    void largeFileShouldRoundTripAndReuploadOnlyTheChangedChunkWhenOneByteChanges() throws Exception {
        long size = Long.getLong("lightweb.backup.bigMiB", 1024) * 1024 * 1024 + 12345;
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path big = src.resolve("big.img");
        writeGenerated(big, size);
        Repository repo = Repository.init(new LocalBackend(tmp.resolve("repo")), "pw", TestTrees.FAST_KDF,
                Chunker.Sizes.DEFAULT, 16 * 1024 * 1024).repository();
        BackupEngine engine = new BackupEngine(repo, BackupEngine.Progress.NONE);

        long t0 = System.nanoTime();
        BackupEngine.PushResult first = engine.push(List.of(src));
        long pushNanos = System.nanoTime() - t0;
        assertThat(first.bytesRead()).isEqualTo(size);
        assertThat(first.chunksNew()).isBetween(size / (8L << 20), size / (512L << 10));
        assertThat(first.packsWritten()).isBetween(size / (32L << 20), size / (16L << 20) + 1);

        try (RandomAccessFile raf = new RandomAccessFile(big.toFile(), "rw")) {
            raf.seek(size / 2);
            int b = raf.read();
            raf.seek(size / 2);
            raf.write(b ^ 0xff);
        }
        BackupEngine.PushResult second = engine.push(List.of(src));
        assertThat(second.chunksNew()).isBetween(1L, 2L);
        assertThat(second.bytesUploaded()).isLessThan(20L << 20);

        t0 = System.nanoTime();
        engine.restore("latest", tmp.resolve("out"), List.of());
        long restoreNanos = System.nanoTime() - t0;
        assertThat(Files.size(tmp.resolve("out/src/big.img"))).isEqualTo(size);
        assertThat(TestTrees.sha256(tmp.resolve("out/src/big.img"))).isEqualTo(TestTrees.sha256(big));
        System.out.printf("large file: %d MiB, push %.0f MiB/s, restore %.0f MiB/s%n", size >> 20,
                size / 1048576.0 / (pushNanos / 1e9), size / 1048576.0 / (restoreNanos / 1e9));
    }

    /** xorshift64 bytes: incompressible, reproducible, fast to make. */
    private static void writeGenerated(Path p, long size) throws Exception {
        long x = 0x9E3779B97F4A7C15L;
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        try (OutputStream out = Files.newOutputStream(p)) {
            long left = size;
            while (left > 0) {
                buf.clear();
                while (buf.remaining() >= 8) {
                    x ^= x << 13;
                    x ^= x >>> 7;
                    x ^= x << 17;
                    buf.putLong(x);
                }
                int n = (int) Math.min(left, buf.position());
                out.write(buf.array(), 0, n);
                left -= n;
            }
        }
    }
}
