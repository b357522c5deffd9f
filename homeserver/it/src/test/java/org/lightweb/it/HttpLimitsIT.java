package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The listener's limits (section limits) against a raw socket: head sizes, header count, JSON depth, slow clients, connections. */
class HttpLimitsIT {
    @RegisterExtension
    static final TestNode node = TestNode.create(c -> c.putObject("limits").put("max_headers", 20).put("max_header_bytes", "4KiB")
            .put("max_uri_bytes", "2KiB").put("max_json_depth", 32).put("idle_timeout", "3s").put("body_timeout", "1s")
            .put("max_connections", 6));

    Socket open() throws IOException {
        Socket s = new Socket("127.0.0.1", node.node().clientPort());
        s.setSoTimeout(8000);
        return s;
    }

    static String exchange(Socket s, String request) throws IOException {
        s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        return readAll(s.getInputStream());
    }

    /** Everything until the server closes the connection (the requests below ask it to). */
    static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) out.write(buf, 0, n);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept the connection open: " + out.toString(StandardCharsets.ISO_8859_1));
        } catch (java.net.SocketException reset) {
            // a reset after the answer is a close too
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** The status line and headers of one answer (the connection stays open). */
    static String readResponseHead(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        while (!b.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) break;
            b.append((char) c);
        }
        return b.toString();
    }

    @Test
    void tooManyHeaderFieldsShouldGet431WithAMatrixError() throws IOException {
        StringBuilder req = new StringBuilder("GET /_matrix/client/versions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n");
        for (int i = 0; i < 25; i++) req.append("X-Extra-").append(i).append(": ").append(i).append("\r\n");
        try (Socket s = open()) {
            String answer = exchange(s, req.append("\r\n").toString());
            assertThat(answer).startsWith("HTTP/1.1 431").contains("M_TOO_LARGE").contains("More than 20 header fields");
        }
        try (Socket s = open()) {
            assertThat(exchange(s, "GET /_matrix/client/versions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void oversizedHeadAndUriShouldBeRefused() throws IOException {
        try (Socket s = open()) {
            String answer = exchange(s, "GET /_matrix/client/versions HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(6000) + "\r\nConnection: close\r\n\r\n");
            assertThat(answer).startsWith("HTTP/1.1 431");
        }
        try (Socket s = open()) {
            String answer = exchange(s, "GET /_matrix/client/versions?q=" + "a".repeat(3000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(answer).containsPattern("^HTTP/1\\.[01] 414 ");
        }
    }

    @Test
    void jsonNestedTooDeeplyShouldGetBadJson() {
        String deep = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
        var res = node.client().send("POST", "/_matrix/client/v3/login", null, "{\"type\":\"m.login.password\",\"x\":" + deep + "}");
        assertThat(res.status()).isEqualTo(400);
        assertThat(res.errcode()).isIn("M_BAD_JSON", "M_NOT_JSON");
        String fine = "{\"a\":".repeat(10) + "1" + "}".repeat(10);
        var ok = node.client().send("POST", "/_matrix/client/v3/login", null, "{\"type\":\"m.login.password\",\"x\":" + fine + "}");
        assertThat(ok.errcode()).isNotIn("M_BAD_JSON", "M_NOT_JSON");
    }

    @Test
    void idleAndSlowBodyConnectionsShouldBeClosed() throws IOException {
        try (Socket s = open()) {
            long start = System.nanoTime();
            assertThat(s.getInputStream().read()).as("idle: closed without a byte").isEqualTo(-1);
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(2500L, 7000L);
        }
        try (Socket s = open()) {
            s.getOutputStream().write(("POST /_matrix/client/v3/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"type\":").getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            long start = System.nanoTime();
            String answer = readAll(s.getInputStream());
            assertThat(answer).as("no answer to a body never finished").isEmpty();
            assertThat((System.nanoTime() - start) / 1_000_000).as("the body timeout, not the idle one").isBetween(500L, 2500L);
        }
    }

    @Test
    void connectionsPastTheMaximumShouldBeClosedAtOnce() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            // Vert.x counts an HTTP/1.x connection from its first request: each held one makes one and stays open
            for (int i = 0; i < 6; i++) {
                Socket s = open();
                held.add(s);
                s.getOutputStream().write("GET /_matrix/client/versions HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                assertThat(readResponseHead(s.getInputStream())).startsWith("HTTP/1.1 200");
            }
            try (Socket extra = open()) {
                long start = System.nanoTime();
                String answer = exchange(extra, "GET /_matrix/client/versions HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(answer).startsWith("HTTP/1.1 503").contains("M_UNKNOWN").contains("too many open connections");
                assertThat((System.nanoTime() - start) / 1_000_000).as("closed at once, not by the idle timeout").isLessThan(1500L);
            }
        } finally {
            for (Socket s : held) s.close();
        }
        Thread.sleep(300);
        try (Socket s = open()) {
            assertThat(exchange(s, "GET /_matrix/client/versions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
        }
    }
}
