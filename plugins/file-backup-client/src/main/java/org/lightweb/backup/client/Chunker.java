package org.lightweb.backup.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * FastCDC (Xia et al., USENIX ATC 2016) content-defined chunking with normalized chunking: a gear rolling hash,
 * a stricter mask before the average size and a looser one after it, hard minimum and maximum sizes. The gear table
 * is derived from the repository's secret seed, so the same file cuts differently in every repository and a
 * partner can't recognise a known file from a run of chunk (or pack) sizes. The mask tests the hash's top bits,
 * which depend on the last 64 bytes: the effective window.
 *
 * <p>Not thread-safe. Returned chunks are views of an internal buffer valid until the next call. One chunker can
 * cut many streams one after the other ({@link #reset}): its gear table and its buffer (twice the maximum chunk, 16
 * MiB by default) are made once, not once per file, which a push of thousands of small files would pay for.
 */
public final class Chunker {
    /** Chunk size bounds; {@code avg} must be a power of two. */
    public record Sizes(int min, int avg, int max) {
        public static final Sizes DEFAULT = new Sizes(512 * 1024, 1024 * 1024, 8 * 1024 * 1024);

        public Sizes {
            if (min < 64 || min > avg || avg > max || Integer.bitCount(avg) != 1)
                throw new IllegalArgumentException("chunk sizes need 64 <= min <= avg <= max and avg a power of two");
        }
    }

    private final long[] gear;
    private final Sizes sizes;
    private final long maskS;
    private final long maskL;
    private InputStream in;
    private final byte[] buf;
    private int start;
    private int end;
    private boolean eof;

    public Chunker(byte[] seed, Sizes sizes, InputStream in) {
        this(gearTable(seed), sizes, in);
    }

    Chunker(long[] gear, Sizes sizes, InputStream in) {
        this.gear = gear;
        this.sizes = sizes;
        int bits = Integer.numberOfTrailingZeros(sizes.avg());
        this.maskS = -1L << (64 - Math.min(63, bits + 2));
        this.maskL = -1L << (64 - Math.max(1, bits - 2));
        this.in = in;
        this.buf = new byte[sizes.max() * 2];
    }

    /** A chunker for the files of one push: {@link #reset} it to each file's stream in turn. */
    public Chunker(byte[] seed, Sizes sizes) {
        this(gearTable(seed), sizes, InputStream.nullInputStream());
    }

    /** Starts cutting {@code in} from its beginning; what was left of the previous stream is dropped. */
    public Chunker reset(InputStream in) {
        this.in = in;
        start = 0;
        end = 0;
        eof = false;
        return this;
    }

    /** 256 64-bit gear values: SHA-256 of (seed, i) in counter mode. */
    public static long[] gearTable(byte[] seed) {
        long[] g = new long[256];
        byte[] block = Arrays.copyOf(seed, seed.length + 4);
        for (int i = 0; i < 64; i++) {
            ByteBuffer.wrap(block, seed.length, 4).putInt(i);
            ByteBuffer h = ByteBuffer.wrap(Crypto.sha256(block));
            for (int j = 0; j < 4; j++) g[i * 4 + j] = h.getLong();
        }
        return g;
    }

    /** The next chunk as a view {@code [position, limit)} of a shared array, or null at end of stream. */
    public ByteBuffer next() throws IOException {
        fill();
        int avail = end - start;
        if (avail == 0) return null;
        int cut = cut(buf, start, avail);
        ByteBuffer chunk = ByteBuffer.wrap(buf, start, cut);
        start += cut;
        return chunk;
    }

    private void fill() throws IOException {
        if (end - start >= sizes.max() || eof) return;
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        while (end < buf.length && !eof) {
            int n = in.read(buf, end, buf.length - end);
            if (n < 0) eof = true;
            else end += n;
        }
    }

    /** Length of the chunk that starts at {@code off}, given {@code n} available bytes. */
    int cut(byte[] b, int off, int n) {
        int min = sizes.min();
        if (n <= min) return n;
        if (n > sizes.max()) n = sizes.max();
        int normal = Math.min(sizes.avg(), n);
        long fp = 0;
        int i = min;
        // The hash needs the 64 bytes before the first possible cut; warm up over them (or from the start).
        for (int w = Math.max(0, min - 64); w < min; w++) fp = (fp << 1) + gear[b[off + w] & 0xff];
        for (; i < normal; i++) {
            fp = (fp << 1) + gear[b[off + i] & 0xff];
            if ((fp & maskS) == 0) return i + 1;
        }
        for (; i < n; i++) {
            fp = (fp << 1) + gear[b[off + i] & 0xff];
            if ((fp & maskL) == 0) return i + 1;
        }
        return n;
    }
}
