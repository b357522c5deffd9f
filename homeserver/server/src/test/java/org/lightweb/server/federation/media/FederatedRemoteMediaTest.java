package org.lightweb.server.federation.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lightweb.core.Clock;
import org.lightweb.core.MatrixException;
import org.lightweb.core.ServerName;
import org.lightweb.server.config.HomeserverConfig;
import org.lightweb.server.federation.client.FederationClient;
import org.lightweb.server.media.BlobStore;
import org.lightweb.server.media.RemoteMedia;
import org.lightweb.storage.media.MediaRepository;

/** Fetching and caching other servers' media against a fake federation client and an in-memory repository. */
class FederatedRemoteMediaTest {
    static final ServerName ORIGIN = ServerName.parse("origin.example").orElseThrow();
    static final byte[] BYTES = "remote bytes".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path root;
    Vertx vertx;
    BlobStore blobs;
    FakeClient client;
    MemoryRepo repo;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        blobs = new BlobStore(vertx, root);
        blobs.start();
        client = new FakeClient();
        repo = new MemoryRepo();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    RemoteMedia remote(boolean freeze) {
        var config = new HomeserverConfig.Media(root, 1000, 10_000, Duration.ofHours(1), 10, freeze, 100, 1_000_000,
                new HomeserverConfig.UrlPreviews(false, false, 1000, Duration.ofSeconds(1), 1, 1, Duration.ofSeconds(1)),
                Duration.ofHours(1), Optional.empty(), Duration.ofSeconds(5), 2, Optional.empty(), List.of(),
                Duration.ofSeconds(20));
        return new FederatedRemoteMedia(client, repo, blobs, config, Clock.SYSTEM);
    }

    static byte[] multipart(String type, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MultipartMixed.head("bnd", type, "attachment; filename=\"r.bin\""));
        out.writeBytes(content);
        out.writeBytes(MultipartMixed.tail("bnd"));
        return out.toByteArray();
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static MatrixException failure(Future<?> f) throws Exception {
        try {
            await(f);
        } catch (ExecutionException e) {
            return (MatrixException) e.getCause();
        }
        throw new AssertionError("expected a failure");
    }

    @Test
    void downloadIsFetchedOnceThenServedFromTheCache() throws Exception {
        Promise<Void> gate = Promise.promise();
        client.answer = path -> gate.future().map(v -> new Answer("multipart/mixed; boundary=bnd",
                multipart("application/x-test", BYTES)));
        RemoteMedia remote = remote(true);

        Future<RemoteMedia.Cached> first = remote.download(ORIGIN, "abc", false);
        Future<RemoteMedia.Cached> second = remote.download(ORIGIN, "abc", false);
        gate.complete();
        RemoteMedia.Cached a = await(first);
        RemoteMedia.Cached b = await(second);

        assertThat(client.paths).containsExactly("/_matrix/federation/v1/media/download/abc");
        assertThat(Files.readAllBytes(a.file())).isEqualTo(BYTES);
        assertThat(b.file()).isEqualTo(a.file());
        assertThat(a.contentType()).isEqualTo("application/x-test");
        assertThat(a.uploadName()).isEqualTo("r.bin");
        assertThat(repo.rows.get("origin.example/abc").restricted()).isTrue();

        RemoteMedia.Cached again = await(remote.download(ORIGIN, "abc", false));
        assertThat(again.file()).isEqualTo(a.file());
        assertThat(client.paths).hasSize(1);
        // The lease was released once the row was recorded: the file can go when the row does.
        repo.rows.clear();
        assertThat(await(blobs.deleteUnreferenced(a.file().getFileName().toString(), () -> Future.succeededFuture(false))))
                .isTrue();
    }

    @Test
    void locationIsFollowedWithAPlainGet() throws Exception {
        client.answer = path -> Future.succeededFuture(new Answer("multipart/mixed; boundary=b",
                "--b\r\n\r\n{}\r\n--b\r\nLocation: https://cdn.example/x\r\n\r\n\r\n--b--".getBytes(StandardCharsets.UTF_8)));
        client.urlAnswer = new Answer("image/png", BYTES);
        RemoteMedia.Cached c = await(remote(true).download(ORIGIN, "loc", false));
        assertThat(client.urls).containsExactly("https://cdn.example/x");
        assertThat(Files.readAllBytes(c.file())).isEqualTo(BYTES);
        assertThat(c.contentType()).isEqualTo("image/png");
    }

    @Test
    void failuresAreMappedAsSynapseDoes() throws Exception {
        client.answer = path -> Future.failedFuture(new FederationClient.RemoteError("origin.example", 404, "M_NOT_FOUND", "no"));
        MatrixException notFound = failure(remote(true).download(ORIGIN, "a", false));
        assertThat(notFound.status()).isEqualTo(404);

        client.answer = path -> Future.failedFuture(new FederationClient.RemoteError("origin.example", 500, null, null));
        assertThat(failure(remote(true).download(ORIGIN, "b", false)).status()).isEqualTo(502);

        client.answer = path -> Future.failedFuture(new FederationClient.Unreachable("origin.example", "timeout",
                new SocketTimeoutException("timeout")));
        assertThat(failure(remote(true).download(ORIGIN, "c", false)).status()).isEqualTo(504);

        client.answer = path -> Future.failedFuture(new FederationClient.Unreachable("origin.example", "refused", null));
        assertThat(failure(remote(true).download(ORIGIN, "d", false)).status()).isEqualTo(502);

        client.answer = path -> Future.succeededFuture(new Answer("multipart/mixed; boundary=bnd",
                multipart("application/x-test", new byte[1001])));
        MatrixException tooLarge = failure(remote(true).download(ORIGIN, "e", false));
        assertThat(tooLarge.status()).isEqualTo(502);
        assertThat(String.valueOf(tooLarge.body().get("errcode"))).isEqualTo("M_TOO_LARGE");

        client.answer = path -> Future.succeededFuture(new Answer("application/json", "{}".getBytes(StandardCharsets.UTF_8)));
        assertThat(failure(remote(true).download(ORIGIN, "f", false)).status()).isEqualTo(502);

        assertThat(repo.rows).isEmpty();
        try (Stream<Path> left = Files.walk(root.resolve("content"))) {
            assertThat(left.filter(Files::isRegularFile)).isEmpty();
        }
        try (Stream<Path> left = Files.list(root.resolve("tmp"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void legacyRequestsWhileFrozenFetchNothing() throws Exception {
        client.answer = path -> Future.succeededFuture(new Answer("multipart/mixed; boundary=bnd",
                multipart("application/x-test", BYTES)));
        assertThat(failure(remote(true).download(ORIGIN, "g", true)).status()).isEqualTo(404);
        assertThat(client.paths).isEmpty();
        // Fetched while unfrozen: the legacy endpoints may serve it.
        assertThat(Files.readAllBytes(await(remote(false).download(ORIGIN, "g", true)).file())).isEqualTo(BYTES);
        // Cached while frozen: restricted, even after.
        await(remote(true).download(ORIGIN, "h", false));
        assertThat(failure(remote(false).download(ORIGIN, "h", true)).status()).isEqualTo(404);
    }

    @Test
    void remoteThumbnailIsFetchedOnceAndCachedUnderAStub() throws Exception {
        client.answer = path -> Future.succeededFuture(new Answer("multipart/mixed; boundary=bnd",
                multipart("image/jpeg", BYTES)));
        RemoteMedia remote = remote(true);
        RemoteMedia.Cached t = await(remote.thumbnail(ORIGIN, "pic", 32, 24, "crop", false));
        assertThat(client.paths).containsExactly("/_matrix/federation/v1/media/thumbnail/pic");
        assertThat(client.queries.get(0)).containsEntry("width", "32").containsEntry("height", "24")
                .containsEntry("method", "crop");
        assertThat(t.contentType()).isEqualTo("image/jpeg");
        assertThat(repo.rows.get("origin.example/pic").uploaded()).isFalse();
        await(remote.thumbnail(ORIGIN, "pic", 32, 24, "crop", false));
        assertThat(client.paths).hasSize(1);

        client.answer = path -> Future.succeededFuture(new Answer("multipart/mixed; boundary=bnd",
                multipart("text/html", BYTES)));
        assertThat(failure(remote.thumbnail(ORIGIN, "html", 32, 24, "crop", false)).status()).isEqualTo(502);
        assertThat(repo.thumbs).hasSize(1);
    }

    record Answer(String contentType, byte[] body) {}

    /** Answers every signed GET with {@link #answer} (its body read by the caller's reader on a worker thread). */
    final class FakeClient implements FederationClient {
        Function<String, Future<Answer>> answer;
        Answer urlAnswer;
        final List<String> paths = new ArrayList<>();
        final List<Map<String, String>> queries = new ArrayList<>();
        final List<String> urls = new ArrayList<>();

        @Override
        public Future<JsonNode> request(String method, String destination, String path, Map<String, String> query,
                                        JsonNode body) {
            throw new UnsupportedOperationException();
        }

        @Override
        public synchronized <T> Future<T> getStreamed(String destination, String path, Map<String, String> query,
                                                      Duration timeout, BodyReader<T> reader) {
            paths.add(path);
            queries.add(query);
            return answer.apply(path).compose(a -> vertx.executeBlocking(
                    () -> reader.read(a.contentType(), new ByteArrayInputStream(a.body())), false));
        }

        @Override
        public synchronized <T> Future<T> fetchUrl(String url, int maxRedirects, Duration timeout, BodyReader<T> reader) {
            urls.add(url);
            return vertx.executeBlocking(() -> reader.read(urlAnswer.contentType(), new ByteArrayInputStream(urlAnswer.body())),
                    false);
        }
    }

    /** Just what FederatedRemoteMedia uses. */
    static final class MemoryRepo implements MediaRepository {
        final Map<String, Media> rows = new HashMap<>();
        final Map<String, Thumbnail> thumbs = new HashMap<>();

        @Override
        public synchronized Future<Optional<Media>> find(String serverName, String mediaId) {
            return Future.succeededFuture(Optional.ofNullable(rows.get(serverName + "/" + mediaId)));
        }

        @Override
        public synchronized Future<Media> addRemote(String serverName, String mediaId, Content c, long nowTs, boolean restricted) {
            Media old = rows.get(serverName + "/" + mediaId);
            if (old == null || !old.uploaded()) {
                rows.put(serverName + "/" + mediaId, new Media(serverName, mediaId, "", c.contentType(), c.uploadName(),
                        c.size(), c.sha256(), nowTs, null, null, old == null ? restricted : old.restricted()));
            }
            return Future.succeededFuture(rows.get(serverName + "/" + mediaId));
        }

        @Override
        public synchronized Future<Void> addRemoteStub(String serverName, String mediaId, long nowTs, boolean restricted) {
            rows.putIfAbsent(serverName + "/" + mediaId, new Media(serverName, mediaId, "", null, null, null, null, nowTs,
                    null, null, restricted));
            return Future.succeededFuture();
        }

        @Override
        public synchronized Future<Optional<Thumbnail>> thumbnail(String serverName, String mediaId, int width, int height,
                                                                  String method) {
            return Future.succeededFuture(Optional.ofNullable(thumbs.get(serverName + "/" + mediaId + width + "x" + height + method)));
        }

        @Override
        public synchronized Future<Void> addThumbnail(String serverName, String mediaId, Thumbnail t) {
            thumbs.putIfAbsent(serverName + "/" + mediaId + t.width() + "x" + t.height() + t.method(), t);
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> touch(String serverName, String mediaId, long nowTs) { return Future.succeededFuture(); }

        @Override
        public Future<Void> addUploaded(String s, String m, String u, Content c, long n, boolean r) { throw new UnsupportedOperationException(); }

        @Override
        public Future<Void> addPending(String s, String m, String u, long n, long e, boolean r) { throw new UnsupportedOperationException(); }

        @Override
        public Future<Boolean> fillPending(String s, String m, Content c, long n) { throw new UnsupportedOperationException(); }

        @Override
        public Future<Long> bytesUploadedBy(String u) { throw new UnsupportedOperationException(); }

        @Override
        public Future<Integer> pendingCount(String u, long n) { throw new UnsupportedOperationException(); }

        @Override
        public Future<Boolean> isReferenced(String sha) { throw new UnsupportedOperationException(); }

        @Override
        public Future<Integer> deleteExpiredPending(long n) { throw new UnsupportedOperationException(); }

        @Override
        public Future<List<String>> deleteUnusedSince(String s, long c) { throw new UnsupportedOperationException(); }

        @Override
        public Future<List<String>> deleteRemoteUnusedSince(String l, long c) { throw new UnsupportedOperationException(); }
        @Override
        public Future<Boolean> quarantine(String s, String m, String by, long now) { throw new UnsupportedOperationException(); }
        @Override
        public Future<Boolean> unquarantine(String s, String m) { throw new UnsupportedOperationException(); }
        @Override
        public Future<Boolean> isQuarantined(String s, String m) { return Future.succeededFuture(false); }
        @Override
        public Future<java.util.Optional<List<String>>> delete(String s, String m) { throw new UnsupportedOperationException(); }
    }
}
