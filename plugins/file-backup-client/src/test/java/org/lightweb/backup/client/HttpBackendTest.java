package org.lightweb.backup.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HttpBackend's retries and error mapping against a scripted JDK server; the full contract runs in FileBackupIT. */
class HttpBackendTest {
    private HttpServer server;
    private final AtomicInteger calls = new AtomicInteger();
    private final List<String> seen = new ArrayList<>();

    @TempDir
    Path tmp;

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    /** A server answering {@code statuses} in turn (the last one for ever after) with a small JSON error body. */
    private HttpBackend backend(int... statuses) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            int n = calls.getAndIncrement();
            seen.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + " " + ex.getRequestHeaders().getFirst("Authorization"));
            ex.getRequestBody().readAllBytes();
            int status = statuses[Math.min(n, statuses.length - 1)];
            byte[] body = ("{\"errcode\":\"M_X\",\"error\":\"status " + status + "\"}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return new HttpBackend(uri, "tok", "home", new HttpBackend.Options(Duration.ofSeconds(2), Duration.ofSeconds(5), 3, Duration.ofMillis(10)));
    }

    private static final String NAME = "ab".repeat(32);

    @Test
    void putShouldSucceedWhenTheServerRecoversBeforeTheLastAttempt() throws Exception {
        HttpBackend b = backend(503, 500, 201);
        b.put(BlobType.PACK, NAME, new byte[100]);
        assertThat(calls.get()).isEqualTo(3);
        assertThat(seen.get(0)).isEqualTo("PUT /_lightweb/file-backup/v1/repos/home/data/" + NAME + " Bearer tok");
    }

    @Test
    void putShouldFailNamingTheStatusWhenEveryAttemptGets5xx() throws Exception {
        HttpBackend b = backend(502);
        assertThatThrownBy(() -> b.put(BlobType.INDEX, NAME, new byte[100])).isInstanceOf(IOException.class)
                .hasMessageContaining("502").hasMessageContaining("gave up after 3 attempts");
        assertThat(calls.get()).isEqualTo(3);
    }

    @Test
    void putShouldFailAtOnceWithAQuotaMessageWhenTheServerAnswers507() throws Exception {
        HttpBackend b = backend(507);
        assertThatThrownBy(() -> b.put(BlobType.PACK, NAME, new byte[100])).isInstanceOf(BackupException.class)
                .hasMessageContaining("refused to store more").hasMessageContaining("M_X");
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void requestsShouldFailAtOnceAskingForALoginWhenTheTokenIsRefused() throws Exception {
        HttpBackend b = backend(401);
        assertThatThrownBy(() -> b.list(BlobType.SNAPSHOT)).isInstanceOf(BackupException.class).hasMessageContaining("log in again");
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void stateShouldBeReadableByItsOwnerOnlyWhenWritten() throws Exception {
        Path f = tmp.resolve("cfg/lightweb-backup/state.json");
        ServerLogin.State s = new ServerLogin.State("https://kaslo.test", "@alice:kaslo.test", "DEV", "secret-token");
        ServerLogin.write(f, s);
        ServerLogin.write(f, s);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        assertThat(ServerLogin.read(f)).isEqualTo(s);
        assertThat(Files.readString(f)).contains("\"access_token\"").contains("\"user_id\"");
        assertThat(ServerLogin.read(tmp.resolve("none.json"))).isNull();
    }

    @Test
    void cliShouldRefuseAServerRepositoryWhenNotLoggedIn() {
        var err = new java.io.ByteArrayOutputStream();
        int code = new BackupCli(new java.io.PrintStream(new java.io.ByteArrayOutputStream()), new java.io.PrintStream(err),
                java.util.Map.of("HOME", tmp.toString())).run(new String[] {"--repo", "home", "snapshots"});
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("not logged in").contains("--repo-dir");
    }
}
