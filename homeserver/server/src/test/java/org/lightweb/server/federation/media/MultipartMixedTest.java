package org.lightweb.server.federation.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lightweb.core.MatrixException;

/** The federation media answer, written by us and read back, and answers from others that must be refused. */
class MultipartMixedTest {
    /** A sink that keeps the bytes in memory, held to the limit as the blob store is. */
    static final MultipartMixed.Sink<byte[]> MEMORY = (in, max) -> {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        long total = 0;
        for (int n; (n = in.read(buf)) != -1; ) {
            total += n;
            if (total > max) throw MatrixException.tooLarge("too large");
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    };

    private static byte[] answer(String boundary, byte[] content, String type, String disposition) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MultipartMixed.head(boundary, type, disposition));
        out.writeBytes(content);
        out.writeBytes(MultipartMixed.tail(boundary));
        return out.toByteArray();
    }

    private static MultipartMixed.Answer<byte[]> read(String contentType, String body, long max) throws IOException {
        return MultipartMixed.read(contentType, in(body.getBytes(StandardCharsets.UTF_8)), max, MEMORY);
    }

    private static InputStream in(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }

    @Test
    void writtenAnswerReadsBackByteExact() throws Exception {
        byte[] content = new byte[300_000];
        new Random(7).nextBytes(content);
        // A boundary-like run inside the bytes must not end the part.
        byte[] fake = "\r\n--notit\r\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(fake, 0, content, 1000, fake.length);
        String boundary = MultipartMixed.boundary();
        assertThat(boundary).matches("[0-9a-f]{32}");
        byte[] body = answer(boundary, content, "image/png", "inline; filename=\"cat.png\"");

        var read = MultipartMixed.read(MultipartMixed.contentType(boundary), in(body), content.length, MEMORY);

        assertThat(read).isInstanceOf(MultipartMixed.Content.class);
        var c = (MultipartMixed.Content<byte[]>) read;
        assertThat(c.stored()).isEqualTo(content);
        assertThat(c.contentType()).isEqualTo("image/png");
        assertThat(c.fileName()).isEqualTo("cat.png");
    }

    @Test
    void emptyContentAndNoDispositionAreFine() throws Exception {
        String b = "abc";
        var c = (MultipartMixed.Content<byte[]>) MultipartMixed.read("multipart/mixed; boundary=\"abc\"",
                in(answer(b, new byte[0], "text/plain", null)), 10, MEMORY);
        assertThat(c.stored()).isEmpty();
        assertThat(c.fileName()).isNull();
    }

    @Test
    void locationPartIsARedirect() throws Exception {
        String body = "--b\r\nContent-Type: application/json\r\n\r\n{\"x\": 1}\r\n"
                + "--b\r\nLocation: https://cdn.example/file?sig=1\r\n\r\n\r\n--b--\r\n";
        var read = read("multipart/mixed; boundary=b", body, 10);
        assertThat(read).isEqualTo(new MultipartMixed.Redirect<byte[]>("https://cdn.example/file?sig=1"));
    }

    @Test
    void bytesPartWithoutContentTypeIsOctetStream() throws Exception {
        String body = "preamble\r\n--b\r\n\r\n{}\r\n--b\r\n\r\nhello\r\n--b--";
        var c = (MultipartMixed.Content<byte[]>) read("Multipart/Mixed; boundary=b", body, 10);
        assertThat(new String(c.stored(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(c.contentType()).isEqualTo("application/octet-stream");
    }

    @Test
    void contentOverTheLimitIsRefused() {
        byte[] body = answer("b", new byte[1001], "image/png", null);
        assertThatThrownBy(() -> MultipartMixed.read("multipart/mixed; boundary=b", in(body), 1000, MEMORY))
                .isInstanceOfSatisfying(MatrixException.class, e -> assertThat(e.status()).isEqualTo(413));
    }

    @Test
    void oversizedMetadataIsRefused() {
        String big = "{\"a\": \"" + "x".repeat(MultipartMixed.MAX_METADATA_BYTES) + "\"}";
        String body = "--b\r\n\r\n" + big + "\r\n--b\r\n\r\nhi\r\n--b--\r\n";
        assertThatThrownBy(() -> read("multipart/mixed; boundary=b", body, 10)).satisfies(MultipartMixedTest::malformed);
    }

    @Test
    void malformedAnswersAre502() {
        String good = "--b\r\n\r\n{}\r\n--b\r\n\r\nhi\r\n--b--\r\n";
        assertThatThrownBy(() -> read("application/json", good, 10)).satisfies(MultipartMixedTest::malformed);
        assertThatThrownBy(() -> read(null, good, 10)).satisfies(MultipartMixedTest::malformed);
        assertThatThrownBy(() -> read("multipart/mixed", good, 10)).satisfies(MultipartMixedTest::malformed);
        assertThatThrownBy(() -> read("multipart/mixed; boundary=b", "--b\r\n\r\n{}\r\n--b--\r\n", 10))
                .satisfies(MultipartMixedTest::malformed);                                   // no content part
        assertThatThrownBy(() -> read("multipart/mixed; boundary=b", "--b\r\n\r\nnot json\r\n--b\r\n\r\nhi\r\n--b--", 10))
                .satisfies(MultipartMixedTest::malformed);
        assertThatThrownBy(() -> read("multipart/mixed; boundary=b", "--b\r\n\r\n[1]\r\n--b\r\n\r\nhi\r\n--b--", 10))
                .satisfies(MultipartMixedTest::malformed);                                   // not an object
        assertThatThrownBy(() -> read("multipart/mixed; boundary=b", "no boundary at all", 10))
                .isInstanceOfAny(MatrixException.class, IOException.class);
    }

    @Test
    void cutOffAnswerFailsRatherThanStoringPartOfIt() {
        String truncated = "--b\r\n\r\n{}\r\n--b\r\nContent-Type: image/png\r\n\r\nhalf of the ima";
        assertThatThrownBy(() -> read("multipart/mixed; boundary=b", truncated, 100)).isInstanceOf(EOFException.class);
    }

    @Test
    void fileNamesFromContentDisposition() {
        assertThat(MultipartMixed.fileName("attachment; filename=\"a \\\"b\\\".txt\"")).isEqualTo("a \"b\".txt");
        assertThat(MultipartMixed.fileName("inline; filename=plain.txt")).isEqualTo("plain.txt");
        assertThat(MultipartMixed.fileName("inline; filename=\"fallback.txt\"; filename*=utf-8''caf%C3%A9+1.txt"))
                .isEqualTo("café+1.txt");
        assertThat(MultipartMixed.fileName("inline")).isNull();
        assertThat(MultipartMixed.fileName(null)).isNull();
    }

    private static void malformed(Throwable e) {
        assertThat(e).isInstanceOf(MatrixException.class);
        assertThat(((MatrixException) e).status()).isEqualTo(502);
    }
}
