package org.lightweb.plugin.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lightweb.plugin.HttpResponse;
import org.lightweb.plugin.PluginConfigException;
import org.lightweb.plugin.testkit.FakeHttpRequest;
import org.lightweb.plugin.testkit.FakePluginContext;
import org.lightweb.plugin.testkit.FakeRoutes;

class FileBackupRoutesTest {
    static final String ALICE = "@alice:kaslo.test";
    static final String BOB = "@bob:kaslo.test";
    static final String BASE = "/v1/repos/home/";

    FakePluginContext ctx;
    FakeRoutes routes;

    @BeforeEach
    void start() throws Exception {
        ctx = FakePluginContext.builder("file-backup").serverName("kaslo.test").config(Map.of("quota_bytes", 1000, "max_repositories", 2)).build();
        new FileBackupPlugin().start(ctx);
        routes = FakeRoutes.of(ctx, ctx.extension(FileBackupRoutes.class));
    }

    @AfterEach
    void stop() throws Exception {
        ctx.close();
    }

    /** An envelope-shaped blob: body then a 64-byte "signature"; its name is the SHA-256 of the body. */
    static byte[] blob(String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(b, b.length + 64);
        Arrays.fill(out, b.length, out.length, (byte) 7);
        return out;
    }

    static String name(byte[] blob) {
        return BlobNames.hex(BlobNames.sha256(blob, blob.length - 64));
    }

    HttpResponse put(String user, String path, byte[] body) {
        return routes.client(FakeHttpRequest.put(path).body(body), FakeRoutes.user(user));
    }

    HttpResponse call(String user, FakeHttpRequest req) {
        return routes.client(req, FakeRoutes.user(user));
    }

    @Test
    void putShouldStoreAndServeTheBlobWhenItsNameIsItsHash() throws Exception {
        byte[] b = blob("LWB1 pack ciphertext");
        String path = BASE + "data/" + name(b);
        assertThat(put(ALICE, path, b).status()).isEqualTo(201);
        assertThat(put(ALICE, path, b).status()).isEqualTo(200);
        assertThat(call(ALICE, FakeHttpRequest.get(path)).body()).isEqualTo(b);
        HttpResponse part = call(ALICE, FakeHttpRequest.get(path).header("Range", "bytes=5-8"));
        assertThat(part.status()).isEqualTo(206);
        assertThat(new String(part.body(), StandardCharsets.UTF_8)).isEqualTo("pack");
        assertThat(part.headers()).containsEntry("Content-Range", "bytes 5-8/" + b.length);
        assertThat(call(ALICE, FakeHttpRequest.get(path).header("Range", "bytes=999-")).status()).isEqualTo(416);
        HttpResponse head = call(ALICE, new FakeHttpRequest("HEAD", path));
        assertThat(head.headers()).containsEntry("Content-Length", Integer.toString(b.length));
        assertThat(FakeRoutes.json(call(ALICE, FakeHttpRequest.get(BASE + "data")))).containsEntry("names", List.of(name(b)));
        assertThat(Files.readAllBytes(BlobStore.of(ctx).file(ALICE, "home", "data", name(b)))).isEqualTo(b);
    }

    @Test
    void putShouldAnswer400WhenTheContentDoesNotHashToTheName() {
        byte[] b = blob("one");
        HttpResponse res = put(ALICE, BASE + "index/" + name(blob("other")), b);
        assertThat(res.status()).isEqualTo(400);
        assertThat(FakeRoutes.json(res)).containsEntry("errcode", "M_INVALID_PARAM");
        assertThat(put(ALICE, BASE + "keys/" + name(b), b).status()).as("key files hash all their bytes").isEqualTo(400);
        assertThat(put(ALICE, BASE + "data/not-a-hash", b).status()).isEqualTo(400);
        assertThat(put(ALICE, "/v1/repos/.hidden/data/" + name(b), b).status()).isEqualTo(400);
        assertThat(put(ALICE, BASE + "secrets/" + name(b), b).status()).isEqualTo(400);
    }

    @Test
    void putShouldAnswer409WhenADifferentBlobHasTheName() {
        byte[] b = blob("sig");
        String path = BASE + "snapshots/" + name(b);
        assertThat(put(ALICE, path, b).status()).isEqualTo(201);
        byte[] other = b.clone();
        other[other.length - 1] ^= 1; // same hashed part, another signature
        assertThat(put(ALICE, path, other).status()).isEqualTo(409);
    }

    @Test
    void anotherMemberShouldSeeNothingWhenHeAsksForTheSameRepository() {
        byte[] b = blob("alice's");
        String path = BASE + "data/" + name(b);
        put(ALICE, path, b);
        assertThat(call(BOB, FakeHttpRequest.get(path)).status()).isEqualTo(404);
        assertThat(call(BOB, new FakeHttpRequest("HEAD", path)).status()).isEqualTo(404);
        assertThat(FakeRoutes.json(call(BOB, FakeHttpRequest.get(BASE + "data")))).containsEntry("names", List.of());
        assertThat(FakeRoutes.json(call(BOB, FakeHttpRequest.delete(path)))).containsEntry("deleted", false);
        assertThat(call(ALICE, FakeHttpRequest.get(path)).status()).isEqualTo(200);
    }

    @Test
    void putShouldAnswer507WhenTheQuotaWouldBeExceeded() {
        byte[] big = blob("x".repeat(600));
        assertThat(put(ALICE, BASE + "data/" + name(big), big).status()).isEqualTo(201);
        byte[] more = blob("y".repeat(600));
        HttpResponse res = put(ALICE, BASE + "data/" + name(more), more);
        assertThat(res.status()).isEqualTo(507);
        assertThat(FakeRoutes.json(res)).containsEntry("errcode", "M_RESOURCE_LIMIT_EXCEEDED").containsEntry("quota_bytes", 1000L);
        assertThat(put(BOB, BASE + "data/" + name(more), more).status()).as("quotas are per member").isEqualTo(201);
        assertThat(call(ALICE, FakeHttpRequest.delete(BASE + "data/" + name(big))).status()).isEqualTo(200);
        assertThat(put(ALICE, BASE + "data/" + name(more), more).status()).isEqualTo(201);
        Map<String, Object> usage = FakeRoutes.json(call(ALICE, FakeHttpRequest.get("/v1/repos")));
        assertThat(usage).containsEntry("used_bytes", (long) more.length);
    }

    @Test
    void putShouldAnswer507WhenTheMemberHasTooManyRepositories() {
        byte[] b = blob("r");
        for (String r : List.of("a", "b")) assertThat(put(ALICE, "/v1/repos/" + r + "/locks/" + name(b), b).status()).isEqualTo(201);
        assertThat(put(ALICE, "/v1/repos/c/locks/" + name(b), b).status()).isEqualTo(507);
        assertThat(call(ALICE, FakeHttpRequest.delete("/v1/repos/a")).status()).isEqualTo(200);
        assertThat(put(ALICE, "/v1/repos/c/locks/" + name(b), b).status()).isEqualTo(201);
    }

    @Test
    void startShouldFailNamingTheKeyWhenTheConfigIsWrong() throws Exception {
        try (FakePluginContext bad = FakePluginContext.builder("file-backup").config(Map.of("quota_bytes", "lots")).build()) {
            assertThatThrownBy(() -> new FileBackupPlugin().start(bad)).isInstanceOf(PluginConfigException.class)
                    .hasMessageContaining("plugins.config.file-backup.quota_bytes");
        }
    }
}
