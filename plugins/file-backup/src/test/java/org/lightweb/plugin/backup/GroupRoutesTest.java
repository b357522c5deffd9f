package org.lightweb.plugin.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.plugin.backup.FileBackupRoutesTest.blob;
import static org.lightweb.plugin.backup.FileBackupRoutesTest.name;

import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lightweb.plugin.HttpResponse;
import org.lightweb.plugin.testkit.FakeHttpRequest;
import org.lightweb.plugin.testkit.FakePluginContext;
import org.lightweb.plugin.testkit.FakeRoutes;

class GroupRoutesTest {
    static final String ALICE = "@alice:kaslo.test";
    static final String BOB = "@bob:kaslo.test";
    static final String CAROL = "@carol:kaslo.test";
    static final String ROOM = "!org:kaslo.test";
    static final String BASE = "/v1/groups/" + ROOM + "/repos/shared/";

    FakePluginContext ctx;
    FakeRoutes routes;

    @BeforeEach
    void start() throws Exception {
        ctx = FakePluginContext.builder("file-backup").serverName("kaslo.test")
                .config(Map.of("quota_bytes", 100, "group_quota_bytes", 1000)).build();
        new FileBackupPlugin().start(ctx);
        routes = FakeRoutes.of(ctx, ctx.extension(FileBackupRoutes.class), ctx.extension(GroupRoutes.class));
        ctx.rooms().join(ROOM, ALICE).join(ROOM, BOB);
    }

    @AfterEach
    void stop() throws Exception {
        ctx.close();
    }

    HttpResponse call(String user, FakeHttpRequest req) {
        return routes.client(req, FakeRoutes.user(user));
    }

    @Test
    void groupRepositoryShouldBeSharedByJoinedMembersWhenOnePutsABlob() throws Exception {
        byte[] b = blob("group pack");
        String path = BASE + "data/" + name(b);
        assertThat(call(ALICE, FakeHttpRequest.put(path).body(b)).status()).isEqualTo(201);
        assertThat(call(BOB, FakeHttpRequest.get(path)).body()).isEqualTo(b);
        assertThat(FakeRoutes.json(call(BOB, FakeHttpRequest.get(BASE + "data")))).containsEntry("names", List.of(name(b)));
        assertThat(Files.readAllBytes(BlobStore.of(ctx).file(ROOM, "shared", "data", name(b)))).as("stored with the room as owner").isEqualTo(b);
        assertThat(FakeRoutes.json(call(BOB, FakeHttpRequest.get("/v1/groups/" + ROOM)))).containsEntry("joined_members", List.of(ALICE, BOB));
        assertThat(FakeRoutes.json(call(ALICE, FakeHttpRequest.get("/v1/repos")))).as("not in the member's own space")
                .containsEntry("used_bytes", 0L);
        Map<String, Object> usage = FakeRoutes.json(call(BOB, FakeHttpRequest.get("/v1/groups/" + ROOM + "/repos")));
        assertThat(usage).containsEntry("used_bytes", (long) b.length).containsEntry("quota_bytes", 1000L);
    }

    @Test
    void groupRoutesShouldAnswer403WhenTheCallerIsNotJoined() {
        byte[] b = blob("x");
        String path = BASE + "data/" + name(b);
        call(ALICE, FakeHttpRequest.put(path).body(b));
        HttpResponse res = call(CAROL, FakeHttpRequest.get(path));
        assertThat(res.status()).isEqualTo(403);
        assertThat(FakeRoutes.json(res)).containsEntry("errcode", "M_FORBIDDEN");
        assertThat(call(CAROL, FakeHttpRequest.put(path).body(b)).status()).isEqualTo(403);
        assertThat(call(CAROL, FakeHttpRequest.get(BASE + "data")).status()).isEqualTo(403);
        assertThat(call(CAROL, FakeHttpRequest.get("/v1/groups/" + ROOM)).status()).isEqualTo(403);
        assertThat(call(CAROL, FakeHttpRequest.delete("/v1/groups/" + ROOM + "/repos/shared")).status()).isEqualTo(403);
        assertThat(call(ALICE, FakeHttpRequest.get("/v1/groups/!unknown:kaslo.test/repos")).status()).isEqualTo(403);
        assertThat(call(ALICE, FakeHttpRequest.get("/v1/groups/not-a-room/repos")).status()).isEqualTo(400);
    }

    @Test
    void memberShouldLoseAccessAtOnceWhenRemovedFromTheRoom() {
        byte[] b = blob("y");
        String path = BASE + "snapshots/" + name(b);
        assertThat(call(BOB, FakeHttpRequest.put(path).body(b)).status()).isEqualTo(201);
        ctx.rooms().leave(ROOM, BOB);
        assertThat(call(BOB, FakeHttpRequest.get(path)).status()).isEqualTo(403);
        assertThat(call(ALICE, FakeHttpRequest.get(path)).status()).isEqualTo(200);
    }

    @Test
    void groupPutShouldCountAgainstTheGroupQuotaWhenTheMembersQuotaIsSmaller() {
        byte[] big = blob("z".repeat(600));
        assertThat(call(ALICE, FakeHttpRequest.put(BASE + "data/" + name(big)).body(big)).status()).as("over the member quota of 100").isEqualTo(201);
        byte[] more = blob("w".repeat(600));
        HttpResponse res = call(BOB, FakeHttpRequest.put(BASE + "data/" + name(more)).body(more));
        assertThat(res.status()).isEqualTo(507);
        assertThat(FakeRoutes.json(res)).containsEntry("quota_bytes", 1000L);
    }

    @Test
    void identityShouldBeReadableByOthersWhenPublished() {
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        assertThat(call(CAROL, FakeHttpRequest.get("/v1/identity/" + ALICE)).status()).isEqualTo(404);
        HttpResponse put = call(ALICE, FakeHttpRequest.put("/v1/identity").json(Map.of("algorithm", "x25519", "public_key", key)));
        assertThat(put.status()).isEqualTo(200);
        assertThat(FakeRoutes.json(call(CAROL, FakeHttpRequest.get("/v1/identity/" + ALICE))))
                .containsEntry("user_id", ALICE).containsEntry("algorithm", "x25519").containsEntry("public_key", key);
        assertThat(call(ALICE, FakeHttpRequest.put("/v1/identity").json(Map.of("algorithm", "x25519", "public_key", "AAAA"))).status()).isEqualTo(400);
        assertThat(call(ALICE, FakeHttpRequest.put("/v1/identity").json(Map.of("algorithm", "rsa", "public_key", key))).status()).isEqualTo(400);
        assertThat(call(ALICE, FakeHttpRequest.get("/v1/identity/nobody")).status()).isEqualTo(400);
    }
}
