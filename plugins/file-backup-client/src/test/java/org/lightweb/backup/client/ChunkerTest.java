package org.lightweb.backup.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChunkerTest {
    private static final Chunker.Sizes SIZES = new Chunker.Sizes(8 * 1024, 32 * 1024, 128 * 1024);

    private static List<byte[]> chunks(byte[] seed, byte[] data) throws IOException {
        return drain(new Chunker(seed, SIZES, new ByteArrayInputStream(data)));
    }

    private static List<byte[]> drain(Chunker c) throws IOException {
        List<byte[]> out = new ArrayList<>();
        ByteBuffer b;
        while ((b = c.next()) != null) {
            byte[] x = new byte[b.remaining()];
            b.get(x);
            out.add(x);
        }
        return out;
    }

    private static byte[] data(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static Set<String> ids(List<byte[]> chunks) {
        Set<String> s = new HashSet<>();
        for (byte[] c : chunks) s.add(Crypto.hex(Crypto.sha256(c)));
        return s;
    }

    @Test
    void resetChunkerShouldCutLikeAFreshOneWhenTheLastStreamWasLeftHalfRead() throws IOException {
        byte[] seed = data(32, 9);
        byte[] first = data(1_000_000, 10);
        byte[] second = data(700_000, 11);
        Chunker reused = new Chunker(seed, SIZES);
        reused.reset(new ByteArrayInputStream(first)).next(); // a file given up on after one chunk
        List<byte[]> again = drain(reused.reset(new ByteArrayInputStream(second)));
        List<byte[]> fresh = chunks(seed, second);
        assertThat(again).hasSameSizeAs(fresh);
        for (int i = 0; i < fresh.size(); i++) assertThat(again.get(i)).isEqualTo(fresh.get(i));
        assertThat(drain(reused.reset(new ByteArrayInputStream(new byte[0])))).isEmpty();
    }

    @Test
    void chunksShouldReassembleAndRespectBoundsWhenCuttingRandomData() throws IOException {
        byte[] d = data(4_000_000, 1);
        List<byte[]> cs = chunks(new byte[32], d);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (int i = 0; i < cs.size(); i++) {
            joined.write(cs.get(i));
            assertThat(cs.get(i).length).isLessThanOrEqualTo(SIZES.max());
            if (i < cs.size() - 1) assertThat(cs.get(i).length).isGreaterThanOrEqualTo(SIZES.min());
        }
        assertThat(joined.toByteArray()).isEqualTo(d);
        double avg = (double) d.length / cs.size();
        assertThat(avg).isBetween(SIZES.avg() * 0.5, SIZES.avg() * 2.0);
    }

    @Test
    void boundariesShouldSurviveWhenBytesAreInsertedNearTheStart() throws IOException {
        byte[] d = data(3_000_000, 2);
        byte[] shifted = new byte[d.length + 7];
        System.arraycopy(d, 0, shifted, 0, 1000);
        System.arraycopy(d, 1000, shifted, 1007, d.length - 1000);
        Set<String> a = ids(chunks(new byte[32], d));
        Set<String> b = ids(chunks(new byte[32], shifted));
        Set<String> common = new HashSet<>(a);
        common.retainAll(b);
        assertThat(common.size()).isGreaterThanOrEqualTo(a.size() - 3);
    }

    @Test
    void boundariesShouldDifferWhenTheSeedDiffers() throws IOException {
        byte[] d = data(3_000_000, 3);
        byte[] seed2 = new byte[32];
        seed2[0] = 1;
        List<Integer> a = chunks(new byte[32], d).stream().map(x -> x.length).toList();
        List<Integer> b = chunks(seed2, d).stream().map(x -> x.length).toList();
        assertThat(b).isNotEqualTo(a);
        Set<String> common = ids(chunks(new byte[32], d));
        common.retainAll(ids(chunks(seed2, d)));
        assertThat(common).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void smallInputShouldBeOneChunkWhenShorterThanTheMinimum() throws IOException {
        assertThat(chunks(new byte[32], data(100, 4))).hasSize(1);
        assertThat(chunks(new byte[32], new byte[0])).isEmpty();
    }

    @Test
    void padmeShouldBoundOverheadAndBucketSizesWhenPadding() {
        for (long len : new long[] {1000, 12345, 1_000_001, 16 * 1024 * 1024 + 17}) {
            long p = Crypto.padme(len);
            assertThat(p).isGreaterThanOrEqualTo(len).isLessThanOrEqualTo((long) (len * 1.12) + 1);
        }
        assertThat(Crypto.padme(16_777_300)).isEqualTo(Crypto.padme(16_777_400));
    }
}
