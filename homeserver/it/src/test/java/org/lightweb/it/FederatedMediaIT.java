package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;
import org.lightweb.server.federation.client.FederationClient;

/**
 * Remote media over federation between two real nodes: a user of nelson downloads and thumbnails media uploaded on
 * kaslo through nelson's own authenticated endpoints (byte-exact, right Content-Type), the federation endpoints
 * answer a signed request with multipart/mixed, and once kaslo is gone nelson still serves what it cached.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FederatedMediaIT {
    @RegisterExtension
    static final TestNode kaslo = FederatingNodes.node();
    /** Remote media over 200 kB is refused by nelson (its media.max_upload_bytes). */
    @RegisterExtension
    static final TestNode nelson = FederatingNodes.node(c -> c.putObject("media").put("max_upload_bytes", 200_000));

    private static TestClient.Account ann;   // on kaslo
    private static TestClient.Account ben;   // on nelson
    private static byte[] image;
    private static String imageId;
    private static String thumbOnlyId;

    // Raw and send: MediaIT's.
    static MediaIT.Raw send(TestNode on, String method, String path, String token, String contentType, byte[] body) {
        return MediaIT.send(on, method, path, token, contentType, body);
    }

    /** Uploads on kaslo as ann; answers the media id. */
    static String upload(String contentType, String filename, byte[] bytes) {
        if (ann == null) ann = kaslo.client().register("ann", "password123");
        String q = filename == null ? "" : "?filename=" + URLEncoder.encode(filename, StandardCharsets.UTF_8);
        MediaIT.Raw r = send(kaslo, "POST", "/_matrix/media/v3/upload" + q, ann.accessToken(), contentType, bytes);
        assertThat(r.status()).as(new String(r.bytes(), StandardCharsets.UTF_8)).isEqualTo(200);
        String uri = r.json().get("content_uri").asText();
        assertThat(uri).startsWith("mxc://" + kaslo.serverName() + "/");
        return uri.substring(uri.lastIndexOf('/') + 1);
    }

    static MediaIT.Raw onNelson(String path) {
        if (ben == null) ben = nelson.client().register("ben", "password123");
        return send(nelson, "GET", path, ben.accessToken(), null, null);
    }

    static MediaIT.Raw download(String mediaId) {
        return onNelson("/_matrix/client/v1/media/download/" + kaslo.serverName() + "/" + mediaId);
    }

    static MediaIT.Raw thumbnail(String mediaId, int w, int h, String method) {
        return onNelson("/_matrix/client/v1/media/thumbnail/" + kaslo.serverName() + "/" + mediaId + "?width=" + w
                + "&height=" + h + "&method=" + method);
    }

    static byte[] png(int w, int h) {
        return MediaIT.png(w, h, true);
    }

    static BufferedImage decoded(MediaIT.Raw r) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(r.bytes()));
    }

    @Test
    @Order(1)
    void nelsonShouldServeKaslosMediaByteExact() throws Exception {
        image = png(300, 120);
        imageId = upload("image/png", "sunset.png", image);

        MediaIT.Raw got = download(imageId);
        assertThat(got.status()).as(new String(got.bytes(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(got.bytes()).isEqualTo(image);
        assertThat(got.header("Content-Type")).isEqualTo("image/png");
        assertThat(got.header("Content-Disposition")).isEqualTo("inline; filename=\"sunset.png\"");
        assertThat(got.header("X-Content-Type-Options")).isEqualTo("nosniff");

        // A thumbnail of it (made by nelson from its cached copy).
        MediaIT.Raw thumb = thumbnail(imageId, 60, 60, "scale");
        assertThat(thumb.status()).isEqualTo(200);
        assertThat(thumb.header("Content-Type")).isEqualTo("image/png");
        BufferedImage t = decoded(thumb);
        assertThat(t.getWidth()).isEqualTo(60);
        assertThat(t.getHeight()).isEqualTo(24);
    }

    @Test
    @Order(2)
    void nelsonShouldFetchAThumbnailOverFederationWhenItHasNoOriginal() throws Exception {
        thumbOnlyId = upload("image/png", null, png(200, 200));
        MediaIT.Raw thumb = thumbnail(thumbOnlyId, 50, 40, "crop");
        assertThat(thumb.status()).as(new String(thumb.bytes(), StandardCharsets.UTF_8)).isEqualTo(200);
        BufferedImage t = decoded(thumb);
        assertThat(t.getWidth()).isEqualTo(50);
        assertThat(t.getHeight()).isEqualTo(40);
    }

    @Test
    @Order(3)
    void concurrentDownloadsOfNewRemoteMediaShouldAllSucceed() throws Exception {
        byte[] bytes = new byte[150_000];
        new Random(3).nextBytes(bytes);
        String id = upload("application/x-test", null, bytes);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<MediaIT.Raw>>();
            for (int i = 0; i < 4; i++) futures.add(pool.submit(() -> download(id)));
            for (var f : futures) {
                MediaIT.Raw r = f.get(60, TimeUnit.SECONDS);
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.bytes()).isEqualTo(bytes);
                assertThat(r.header("Content-Type")).isEqualTo("application/x-test");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Order(4)
    void failuresShouldBeMatrixErrors() {
        MediaIT.Raw unknown = download("NoSuchMediaHere");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errcode()).isEqualTo("M_NOT_FOUND");

        byte[] big = new byte[250_000];
        String bigId = upload("application/octet-stream", null, big);
        MediaIT.Raw tooBig = download(bigId);
        assertThat(tooBig.status()).isEqualTo(502);

        // The legacy endpoint is frozen (default): remote media is not fetched through it.
        MediaIT.Raw legacy = send(nelson, "GET", "/_matrix/media/v3/download/" + kaslo.serverName() + "/" + imageId, null, null, null);
        assertThat(legacy.status()).isEqualTo(404);
        assertThat(legacy.errcode()).isEqualTo("M_NOT_FOUND");

        // Not thumbnailable on kaslo: nelson does not pretend otherwise.
        String textId = upload("text/plain", null, "hello".getBytes(StandardCharsets.UTF_8));
        assertThat(thumbnail(textId, 32, 32, "scale").status()).isIn(400, 502);
    }

    @Test
    @Order(5)
    void federationEndpointShouldAnswerASignedRequestWithMultipart() throws Exception {
        FederationClient fromNelson = nelson.node().wiring().federationClient();
        String[] type = new String[1];
        byte[] body = await(fromNelson.getStreamed(kaslo.serverName(), "/_matrix/federation/v1/media/download/" + imageId,
                Map.of(), Duration.ofSeconds(30), (ct, in) -> {
                    type[0] = ct;
                    return in.readAllBytes();
                }));
        assertThat(type[0]).matches("multipart/mixed; boundary=[0-9a-f]{32}");
        String boundary = type[0].substring(type[0].indexOf('=') + 1);
        String head = "--" + boundary + "\r\nContent-Type: application/json\r\n\r\n{}\r\n--" + boundary
                + "\r\nContent-Type: image/png\r\nContent-Disposition: inline; filename=\"sunset.png\"\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        byte[] expected = new byte[head.length() + image.length + tail.length()];
        System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, expected, 0, head.length());
        System.arraycopy(image, 0, expected, head.length(), image.length);
        System.arraycopy(tail.getBytes(StandardCharsets.US_ASCII), 0, expected, head.length() + image.length, tail.length());
        assertThat(new String(body, StandardCharsets.ISO_8859_1)).isEqualTo(new String(expected, StandardCharsets.ISO_8859_1));

        Throwable missing = failure(fromNelson.getStreamed(kaslo.serverName(), "/_matrix/federation/v1/media/download/Nope",
                Map.of(), Duration.ofSeconds(30), (ct, in) -> in.readAllBytes()));
        assertThat(((FederationClient.RemoteError) missing).status()).isEqualTo(404);
        assertThat(((FederationClient.RemoteError) missing).errcode()).isEqualTo("M_NOT_FOUND");

        Throwable noSize = failure(fromNelson.getStreamed(kaslo.serverName(), "/_matrix/federation/v1/media/thumbnail/"
                + imageId, Map.of("method", "scale"), Duration.ofSeconds(30), (ct, in) -> in.readAllBytes()));
        assertThat(((FederationClient.RemoteError) noSize).status()).isEqualTo(400);

        // Unsigned: the X-Matrix check refuses it before the media route.
        try (Response r = FederationKeysIT.insecure().newCall(new Request.Builder()
                .url("https://" + kaslo.serverName() + "/_matrix/federation/v1/media/download/" + imageId).build()).execute()) {
            assertThat(r.code()).isEqualTo(401);
            assertThat(Json.MAPPER.readTree(r.body().bytes()).path("errcode").asText()).isEqualTo("M_UNAUTHORIZED");
        }
    }

    @Test
    @Order(6)
    void nelsonShouldServeItsCacheWhenKasloIsGone() throws Exception {
        kaslo.stopKeepingData();

        MediaIT.Raw again = download(imageId);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.bytes()).isEqualTo(image);
        assertThat(again.header("Content-Type")).isEqualTo("image/png");

        MediaIT.Raw thumb = thumbnail(thumbOnlyId, 50, 40, "crop");
        assertThat(thumb.status()).isEqualTo(200);
        assertThat(decoded(thumb).getWidth()).isEqualTo(50);
        // Only that thumbnail was fetched (kaslo made it), never the original: another size cannot be had now.
        assertThat(thumbnail(thumbOnlyId, 20, 20, "crop").status()).isIn(502, 504);

        // Not cached, and its server cannot be reached.
        MediaIT.Raw unreachable = download("NeverFetchedHere");
        assertThat(unreachable.status()).isIn(502, 504);
        assertThat(unreachable.errcode()).isNotNull();
    }

    static <T> T await(io.vertx.core.Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    static Throwable failure(io.vertx.core.Future<?> f) throws Exception {
        try {
            await(f);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected the request to fail");
    }
}
