package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/**
 * The media repository end to end: byte-exact round trips up to the upload limit and refusal one byte over it,
 * async create-then-upload, thumbnails of a generated PNG, shared storage of identical uploads, quotas, refused
 * path traversal, authentication on the v1 endpoints and the legacy freeze.
 */
class MediaIT {
    static final int MAX = 300_000;

    @RegisterExtension
    static final TestNode node = TestNode.create(c -> c.putObject("media").put("max_upload_bytes", MAX)
            .put("user_quota_bytes", 1_000_000).put("url_preview_enabled", true)
            .put("url_preview_allow_private_destinations", true).put("url_preview_max_bytes", 20_000)
            .put("url_preview_max_redirects", 2).put("thumbnail_sizes", ""));   // files on disk counted exactly

    /** Default thumbnail sizes, made on upload; nothing else runs on it, so its files can be counted. */
    @RegisterExtension
    static final TestNode thumbnailing = TestNode.create();

    /** Defaults otherwise: previews on but never to private addresses; the legacy endpoints not frozen. */
    @RegisterExtension
    static final TestNode unfrozen = TestNode.create(c -> c.putObject("media").put("legacy_unauthenticated_freeze", false)
            .put("url_preview_enabled", true));

    /** A retention job that runs every second and forgets media unused for a second. */
    @RegisterExtension
    static final TestNode retained = TestNode.create(c -> c.putObject("media").put("retention_interval", "1s")
            .put("local_media_lifetime", "1s").put("unused_expiry", "1s"));

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static int counter;

    record Raw(int status, HttpResponse<byte[]> response) {
        String header(String name) { return response.headers().firstValue(name).orElse(null); }
        byte[] bytes() { return response.body(); }
        JsonNode json() { return Json.parse(new String(response.body())); }
        String errcode() { return json().path("errcode").asText(null); }
    }

    private static synchronized String fresh(String prefix) {
        return prefix + (++counter) + "m" + System.nanoTime() % 100_000;
    }

    private static TestClient.Account user(TestNode on) {
        return on.client().register(fresh("media"), "password123");
    }

    /** Raw bytes both ways (media is not JSON); shared with FederatedMediaIT. */
    static Raw send(TestNode on, String method, String path, String token, String contentType, byte[] body) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(on.baseUrl() + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) req.header("Content-Type", contentType);
        if (token != null) req.header("Authorization", "Bearer " + token);
        try {
            HttpResponse<byte[]> res = HTTP.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Raw(res.statusCode(), res);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Raw upload(TestNode on, TestClient.Account who, String contentType, String filename, byte[] bytes) {
        String q = filename == null ? "" : "?filename=" + java.net.URLEncoder.encode(filename, java.nio.charset.StandardCharsets.UTF_8);
        return send(on, "POST", "/_matrix/media/v3/upload" + q, who.accessToken(), contentType, bytes);
    }

    private static String uploaded(TestNode on, TestClient.Account who, String contentType, byte[] bytes) {
        Raw r = upload(on, who, contentType, null, bytes);
        assertThat(r.status()).as(new String(r.bytes())).isEqualTo(200);
        String uri = r.json().get("content_uri").asText();
        assertThat(uri).matches("mxc://localhost/[A-Za-z0-9]{24}");
        return uri.substring("mxc://".length());
    }

    private static Raw download(TestNode on, TestClient.Account who, String serverAndId) {
        return send(on, "GET", "/_matrix/client/v1/media/download/" + serverAndId, who == null ? null : who.accessToken(), null, null);
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void uploadShouldRoundTripByteExactWhenUpToTheLimit() {
        var ann = user(node);
        var ben = user(node);
        for (int size : new int[] {1, 1000, 65_537, MAX}) {
            byte[] bytes = random(size, size);
            String id = uploaded(node, ann, "application/x-test", bytes);
            Raw got = download(node, ben, id);
            assertThat(got.status()).isEqualTo(200);
            assertThat(got.bytes()).as("size " + size).isEqualTo(bytes);
            assertThat(got.header("Content-Type")).isEqualTo("application/x-test");
            assertThat(got.header("Content-Disposition")).isEqualTo("attachment");
            assertThat(got.header("Content-Security-Policy")).startsWith("sandbox; default-src 'none'; script-src 'none';");
            assertThat(got.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(got.header("Cross-Origin-Resource-Policy")).isEqualTo("cross-origin");
        }
    }

    @Test
    void uploadShouldBeRefusedWhenOneByteOverTheLimit() {
        Raw r = upload(node, user(node), "application/octet-stream", null, random(MAX + 1, 1));
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.errcode()).isEqualTo("M_TOO_LARGE");
        assertThat(send(node, "GET", "/_matrix/client/v1/media/config", user(node).accessToken(), null, null).json()
                .get("m.upload.size").asLong()).isEqualTo(MAX);
    }

    @Test
    void chunkedUploadShouldBeCutOffWhenItPassesTheLimit() throws Exception {
        var ann = user(node);
        byte[] bytes = random(MAX + 10_000, 9);
        HttpRequest req = HttpRequest.newBuilder(URI.create(node.baseUrl() + "/_matrix/media/v3/upload"))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + ann.accessToken())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))).build();
        HttpResponse<String> res = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(413);
        assertThat(Json.parse(res.body()).path("errcode").asText()).isEqualTo("M_TOO_LARGE");
        assertThat(tmpFiles()).isZero();
    }

    @Test
    void interruptedUploadShouldLeaveNothingBehind() throws Exception {
        var ann = user(node);
        long before = storedFiles();
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", node.node().clientPort())) {
            var out = socket.getOutputStream();
            out.write(("POST /_matrix/media/v3/upload HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + ann.accessToken() + "\r\nContent-Type: application/octet-stream\r\nContent-Length: 200000\r\n\r\n")
                    .getBytes());
            out.write(random(50_000, 5));
            out.flush();
            // wait until the node has started writing this upload, then hang up midway
            long deadline = System.currentTimeMillis() + 20_000;
            while (tmpFiles() == 0 && System.currentTimeMillis() < deadline) Thread.sleep(20);
            assertThat(tmpFiles()).isEqualTo(1);
        }
        long deadline = System.currentTimeMillis() + 20_000;
        while (tmpFiles() > 0 && System.currentTimeMillis() < deadline) Thread.sleep(20);
        assertThat(tmpFiles()).isZero();
        assertThat(storedFiles()).isEqualTo(before);
    }

    private static long tmpFiles() throws IOException {
        try (Stream<Path> tmp = Files.list(node.dataDir().resolve("media/tmp"))) {
            return tmp.count();
        }
    }

    @Test
    void uploadShouldBeRefusedWhenTheUserQuotaIsUsedUp() {
        var ann = user(node);
        for (int i = 0; i < 3; i++) uploaded(node, ann, "application/octet-stream", random(MAX, 100 + i));
        Raw fourth = upload(node, ann, "application/octet-stream", null, random(MAX, 200));
        assertThat(fourth.status()).isEqualTo(403);
        assertThat(fourth.errcode()).isEqualTo("M_RESOURCE_LIMIT_EXCEEDED");
        uploaded(node, user(node), "application/octet-stream", random(MAX, 200)); // others are not affected
    }

    @Test
    void downloadShouldKeepTheFilenameAndBeInlineOnlyForSafeTypes() {
        var ann = user(node);
        Raw html = upload(node, ann, "text/html", "page.html", "<script>alert(1)</script>".getBytes());
        String id = html.json().get("content_uri").asText().substring("mxc://".length());
        Raw got = download(node, ann, id);
        assertThat(got.header("Content-Type")).isEqualTo("text/html");
        assertThat(got.header("Content-Disposition")).isEqualTo("attachment; filename=\"page.html\"");
        Raw renamed = download(node, ann, id + "/other%20name.txt");
        assertThat(renamed.header("Content-Disposition")).isEqualTo("attachment; filename=\"other name.txt\"");

        Raw png = upload(node, ann, "image/png", "ça.png", png(10, 10, true));
        Raw gotPng = download(node, ann, png.json().get("content_uri").asText().substring("mxc://".length()));
        assertThat(gotPng.header("Content-Disposition")).isEqualTo("inline; filename*=utf-8''%C3%A7a.png");
    }

    @Test
    void identicalUploadsShouldShareStorage() throws Exception {
        var ann = user(node);
        var ben = user(node);
        byte[] bytes = random(5000, 4242);
        long before = storedFiles();
        String first = uploaded(node, ann, "application/octet-stream", bytes);
        String second = uploaded(node, ben, "application/octet-stream", bytes);
        assertThat(first).isNotEqualTo(second);
        assertThat(storedFiles()).isEqualTo(before + 1);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertThat(node.dataDir().resolve("media/content").resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4))
                .resolve(sha)).exists();
        assertThat(download(node, ann, second).bytes()).isEqualTo(bytes);
        try (Stream<Path> tmp = Files.list(node.dataDir().resolve("media/tmp"))) {
            assertThat(tmp).isEmpty();
        }
    }

    private static long storedFiles() throws IOException {
        return storedFiles(node);
    }

    private static long storedFiles(TestNode on) throws IOException {
        try (Stream<Path> files = Files.walk(on.dataDir().resolve("media/content"))) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void createdMediaShouldBeUploadedOnceAndOnlyByItsCreator() throws Exception {
        var ann = user(node);
        var ben = user(node);
        var created = send(node, "POST", "/_matrix/media/v1/create", ann.accessToken(), "application/json", "{}".getBytes());
        assertThat(created.status()).isEqualTo(200);
        String uri = created.json().get("content_uri").asText();
        assertThat(created.json().get("unused_expires_at").asLong()).isGreaterThan(System.currentTimeMillis());
        String id = uri.substring("mxc://".length());

        long asked = System.nanoTime();
        Raw early = download(node, ben, id + "?timeout_ms=300");
        assertThat(early.status()).isEqualTo(504);
        assertThat(early.errcode()).isEqualTo("M_NOT_YET_UPLOADED");
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("waited for timeout_ms").isGreaterThanOrEqualTo(Duration.ofMillis(300));
        var bad = download(node, ben, id + "?timeout_ms=soon");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errcode()).isEqualTo("M_INVALID_PARAM");
        // A download that waits (timeout_ms) gets the content the moment it is uploaded.
        java.util.concurrent.CompletableFuture<Raw> waiting =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> download(node, ben, id + "?timeout_ms=20000"));
        Thread.sleep(300);

        byte[] bytes = random(1234, 77);
        Raw notCreator = send(node, "PUT", "/_matrix/media/v3/upload/" + id, ben.accessToken(), "image/jpeg", bytes);
        assertThat(notCreator.status()).isEqualTo(403);
        Raw ok = send(node, "PUT", "/_matrix/media/v3/upload/" + id + "?filename=x.jpg", ann.accessToken(), "image/jpeg", bytes);
        assertThat(ok.status()).as(new String(ok.bytes())).isEqualTo(200);
        Raw again = send(node, "PUT", "/_matrix/media/v3/upload/" + id, ann.accessToken(), "image/jpeg", random(10, 1));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errcode()).isEqualTo("M_CANNOT_OVERWRITE_MEDIA");

        Raw waited = waiting.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(waited.status()).isEqualTo(200);
        assertThat(waited.bytes()).isEqualTo(bytes);
        Raw got = download(node, ben, id);
        assertThat(got.bytes()).isEqualTo(bytes);
        assertThat(got.header("Content-Type")).isEqualTo("image/jpeg");
        assertThat(got.header("Content-Disposition")).isEqualTo("inline; filename=\"x.jpg\"");

        Raw unknown = send(node, "PUT", "/_matrix/media/v3/upload/localhost/neverCreated", ann.accessToken(), "a/b", bytes);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errcode()).isEqualTo("M_NOT_FOUND");
    }

    static byte[] png(int w, int h, boolean alpha) {
        BufferedImage img = new BufferedImage(w, h, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < w; x++) for (int y = 0; y < h; y++) img.setRGB(x, y, 0x80000000 | (x * 7 << 8) | y);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static BufferedImage image(Raw r) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(r.bytes()));
    }

    @Test
    void theCommonThumbnailSizesShouldBeMadeOnUpload() throws Exception {
        var ann = user(thumbnailing);
        long before = storedFiles(thumbnailing);
        String id = uploaded(thumbnailing, ann, "image/png", png(1000, 800, false));
        // The original and the five default sizes (32x32 and 96x96 crop, 320x240, 640x480 and 800x600 scale).
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (storedFiles(thumbnailing) < before + 6 && System.nanoTime() < deadline) Thread.sleep(100);
        assertThat(storedFiles(thumbnailing)).isEqualTo(before + 6);
        Raw crop = send(thumbnailing, "GET", "/_matrix/client/v1/media/thumbnail/" + id + "?width=96&height=96&method=crop",
                ann.accessToken(), null, null);
        assertThat(crop.status()).isEqualTo(200);
        assertThat(image(crop).getWidth()).isEqualTo(96);
        Raw scale = send(thumbnailing, "GET", "/_matrix/client/v1/media/thumbnail/" + id + "?width=640&height=480&method=scale",
                ann.accessToken(), null, null);
        assertThat(image(scale).getWidth()).isEqualTo(600);   // 1000x800 fitted into 640x480
        assertThat(storedFiles(thumbnailing)).as("served from what upload made").isEqualTo(before + 6);

        // Not an image: nothing is made.
        uploaded(thumbnailing, ann, "text/plain", "just text".getBytes());
        Thread.sleep(300);
        assertThat(storedFiles(thumbnailing)).isEqualTo(before + 7);
    }

    @Test
    void thumbnailShouldScaleAndCropAGeneratedPng() throws Exception {
        var ann = user(node);
        String id = uploaded(node, ann, "image/png", png(400, 200, true));
        String base = "/_matrix/client/v1/media/thumbnail/" + id;
        Raw scaled = send(node, "GET", base + "?width=100&height=100&method=scale", ann.accessToken(), null, null);
        assertThat(scaled.status()).as(new String(scaled.bytes())).isEqualTo(200);
        assertThat(scaled.header("Content-Type")).isEqualTo("image/png");
        assertThat(image(scaled).getWidth()).isEqualTo(100);
        assertThat(image(scaled).getHeight()).isEqualTo(50);
        Raw cached = send(node, "GET", base + "?width=100&height=100&method=scale", ann.accessToken(), null, null);
        assertThat(cached.bytes()).isEqualTo(scaled.bytes());

        Raw cropped = send(node, "GET", base + "?width=64&height=64&method=crop", ann.accessToken(), null, null);
        assertThat(cropped.status()).isEqualTo(200);
        assertThat(image(cropped).getWidth()).isEqualTo(64);
        assertThat(image(cropped).getHeight()).isEqualTo(64);

        String opaque = uploaded(node, ann, "image/png", png(300, 300, false));
        Raw jpeg = send(node, "GET", "/_matrix/client/v1/media/thumbnail/" + opaque + "?width=32&height=32", ann.accessToken(), null, null);
        assertThat(jpeg.header("Content-Type")).isEqualTo("image/jpeg");
        assertThat(image(jpeg).getWidth()).isEqualTo(32);

        String text = uploaded(node, ann, "text/plain", "not an image".getBytes());
        Raw refused = send(node, "GET", "/_matrix/client/v1/media/thumbnail/" + text + "?width=32&height=32", ann.accessToken(), null, null);
        assertThat(refused.status()).isEqualTo(400);
        Raw liar = send(node, "GET", "/_matrix/client/v1/media/thumbnail/" + uploaded(node, ann, "image/png", "nope".getBytes())
                + "?width=32&height=32", ann.accessToken(), null, null);
        assertThat(liar.status()).isEqualTo(400);
    }

    @Test
    void pathTraversalShouldBeRefused() {
        var ann = user(node);
        uploaded(node, ann, "text/plain", "x".getBytes());
        for (String path : new String[] {"localhost/..%2F..%2F..%2Fetc%2Fpasswd", "..%2F..%2Fetc/passwd", "localhost/..",
                "localhost/a.b", "localhost/%2E%2E", "..%2Fcontent/abc"}) {
            Raw r = download(node, ann, path);
            assertThat(r.status()).as(path).isIn(400, 404);
            assertThat(new String(r.bytes())).as(path).doesNotContain("root:");
        }
        Raw put = send(node, "PUT", "/_matrix/media/v3/upload/localhost/..%2F..%2Fescape", ann.accessToken(), "a/b", "x".getBytes());
        assertThat(put.status()).isIn(400, 404);
    }

    @Test
    void authenticatedDownloadShouldRefuseAnonymousRequests() {
        var ann = user(node);
        String id = uploaded(node, ann, "text/plain", "secret-ish".getBytes());
        Raw anonymous = download(node, null, id);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.errcode()).isEqualTo("M_MISSING_TOKEN");
        assertThat(send(node, "GET", "/_matrix/client/v1/media/thumbnail/" + id + "?width=1&height=1", null, null, null)
                .status()).isEqualTo(401);
        assertThat(send(node, "POST", "/_matrix/media/v3/upload", null, "text/plain", "x".getBytes()).status()).isEqualTo(401);
        assertThat(download(node, ann, "localhost/unknownMediaId").status()).isEqualTo(404);
        // Another server's media is fetched over federation: one that cannot be reached is 502, as in Synapse.
        assertThat(download(node, ann, "elsewhere.example/someMediaId").status()).isEqualTo(502);
    }

    @Test
    void legacyDownloadShouldServeOnlyMediaUploadedBeforeTheFreeze() {
        String frozen = uploaded(node, user(node), "text/plain", "after the freeze".getBytes());
        Raw legacy = send(node, "GET", "/_matrix/media/v3/download/" + frozen, null, null, null);
        assertThat(legacy.status()).isEqualTo(404);
        assertThat(legacy.errcode()).isEqualTo("M_NOT_FOUND");

        var ann = user(unfrozen);
        String open = uploaded(unfrozen, ann, "text/plain", "no freeze".getBytes());
        Raw legacyOpen = send(unfrozen, "GET", "/_matrix/media/v3/download/" + open, null, null, null);
        assertThat(legacyOpen.status()).isEqualTo(200);
        assertThat(new String(legacyOpen.bytes())).isEqualTo("no freeze");
        assertThat(send(unfrozen, "GET", "/_matrix/media/v3/thumbnail/" + open + "?width=8&height=8", null, null, null)
                .status()).isEqualTo(400);
    }

    /** A local web site for previews: a page with OpenGraph tags and a relative og:image, redirects, a huge page. */
    private static com.sun.net.httpserver.HttpServer site(byte[] image) throws IOException {
        var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            String type = "text/html; charset=utf-8";
            int status = 200;
            switch (path) {
                case "/page.html" -> body = ("<html><head><title>x</title><meta property=\"og:title\" content=\"Seed library\">"
                        + "<meta property=\"og:description\" content=\"Seeds for all\"><meta property=\"og:image\" content=\"img.png\">"
                        + "</head><body>hi</body></html>").getBytes();
                case "/img.png" -> { body = image; type = "image/png"; }
                case "/hop1" -> { body = new byte[0]; status = 302; exchange.getResponseHeaders().add("Location", "/page.html"); }
                case "/loop" -> { body = new byte[0]; status = 302; exchange.getResponseHeaders().add("Location", "/loop"); }
                case "/huge.html" -> body = ("<title>big</title>" + "x".repeat(50_000)).getBytes();
                default -> { body = new byte[0]; status = 404; }
            }
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static Raw preview(TestNode on, TestClient.Account who, String url) {
        return send(on, "GET", "/_matrix/client/v1/media/preview_url?url="
                + java.net.URLEncoder.encode(url, java.nio.charset.StandardCharsets.UTF_8), who.accessToken(), null, null);
    }

    @Test
    void previewShouldReadOpenGraphAndStoreTheImage() throws Exception {
        byte[] image = png(20, 10, false);
        var site = site(image);
        try {
            String base = "http://127.0.0.1:" + site.getAddress().getPort();
            var ann = user(node);
            Raw r = preview(node, ann, base + "/hop1");
            assertThat(r.status()).as(new String(r.bytes())).isEqualTo(200);
            assertThat(r.json().get("og:title").asText()).isEqualTo("Seed library");
            assertThat(r.json().get("og:description").asText()).isEqualTo("Seeds for all");
            assertThat(r.json().get("og:image:type").asText()).isEqualTo("image/png");
            assertThat(r.json().get("matrix:image:size").asInt()).isEqualTo(image.length);
            String mxc = r.json().get("og:image").asText();
            assertThat(download(node, ann, mxc.substring("mxc://".length())).bytes()).isEqualTo(image);

            assertThat(preview(node, ann, base + "/loop").status()).isEqualTo(502);
            assertThat(preview(node, ann, base + "/huge.html").status()).isEqualTo(502);
            assertThat(preview(node, ann, "file:///etc/passwd").status()).isEqualTo(400);
            assertThat(send(node, "GET", "/_matrix/client/v1/media/preview_url?url=" + base + "/page.html", null, null, null)
                    .status()).isEqualTo(401);
        } finally {
            site.stop(0);
        }
    }

    @Test
    void previewShouldRefusePrivateAddressesByDefault() throws Exception {
        var site = site(png(2, 2, false));
        try {
            var ann = user(unfrozen);
            int port = site.getAddress().getPort();
            for (String url : new String[] {"http://127.0.0.1:" + port + "/page.html", "http://localhost:" + port + "/page.html",
                    "http://[::1]:" + port + "/page.html", "http://169.254.169.254/latest/meta-data/"}) {
                Raw r = preview(unfrozen, ann, url);
                assertThat(r.status()).as(url).isEqualTo(403);
                assertThat(r.errcode()).as(url).isEqualTo("M_FORBIDDEN");
            }
        } finally {
            site.stop(0);
        }
    }

    @Test
    void retentionShouldDeleteUnusedMediaAndExpiredIdsWithTheirFiles() throws Exception {
        var ann = user(retained);
        byte[] bytes = random(3000, 31337);
        String id = uploaded(retained, ann, "application/octet-stream", bytes);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        Path file = retained.dataDir().resolve("media/content").resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4))
                .resolve(sha);
        assertThat(file).exists();
        String pending = send(retained, "POST", "/_matrix/media/v1/create", ann.accessToken(), "application/json",
                "{}".getBytes()).json().get("content_uri").asText().substring("mxc://".length());

        long deadline = System.currentTimeMillis() + 30_000;
        while (Files.exists(file) && System.currentTimeMillis() < deadline) Thread.sleep(100);
        assertThat(file).doesNotExist();
        assertThat(download(retained, ann, id).status()).isEqualTo(404);
        Raw late = send(retained, "PUT", "/_matrix/media/v3/upload/" + pending, ann.accessToken(), "a/b", bytes);
        assertThat(late.status()).isEqualTo(404);
    }
}
