package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/** GET/PUT /presence/{userId}/status, set_presence on /sync, and presence in sync. */
class PresenceIT {
    @RegisterExtension
    static final TestNode node = TestNode.create();

    private final RoomSteps rooms = new RoomSteps(node.client());
    private final SyncSteps syncs = new SyncSteps(node.client());

    private TestClient.Account user(String name) {
        return node.client().register(name, "password123");
    }

    static String path(String userId) {
        return "/_matrix/client/v3/presence/" + userId + "/status";
    }

    private TestClient.Response set(TestClient.Account who, String userId, Object body) {
        return node.client().put(path(userId), who.accessToken(), body);
    }

    /** The m.presence content of {@code userId} in a sync answer, or null. */
    static JsonNode presenceOf(JsonNode sync, String userId) {
        for (JsonNode e : sync.path("presence").path("events")) {
            if (e.path("sender").asText().equals(userId) && e.path("type").asText().equals("m.presence")) return e.path("content");
        }
        return null;
    }

    @Test
    void ownPresenceShouldBeSetAndRead() {
        var amy = user("preamy");
        assertThat(set(amy, amy.userId(), Json.object().put("presence", "online").put("status_msg", "at work")).status()).isEqualTo(200);
        JsonNode mine = node.client().get(path(amy.userId()), amy.accessToken()).json();
        assertThat(mine.path("presence").asText()).isEqualTo("online");
        assertThat(mine.path("status_msg").asText()).isEqualTo("at work");
        assertThat(mine.path("currently_active").asBoolean()).isTrue();
        assertThat(mine.path("last_active_ago").asLong()).isBetween(0L, 60_000L);
        JsonNode own = presenceOf(syncs.sync(amy, ""), amy.userId());
        assertThat(own).isNotNull();
        assertThat(own.path("status_msg").asText()).isEqualTo("at work");
    }

    @Test
    void roomMatePresenceShouldShowInInitialAndIncrementalSyncsButNotStrangers() {
        var bo = user("prebo");
        var cy = user("precy");
        var stranger = user("prestranger");
        String room = rooms.createRoom(bo, "public_chat");
        rooms.join(cy, room);
        syncs.sync(bo, "");   // syncing makes bo online
        set(stranger, stranger.userId(), Json.object().put("presence", "online"));
        JsonNode initial = syncs.sync(cy, "");
        assertThat(presenceOf(initial, bo.userId()).path("presence").asText()).isEqualTo("online");
        assertThat(presenceOf(initial, stranger.userId())).isNull();

        String since = initial.path("next_batch").asText();
        set(bo, bo.userId(), Json.object().put("presence", "unavailable").put("status_msg", "lunch"));
        JsonNode incremental = syncs.sync(cy, "?since=" + SyncSteps.enc(since) + "&set_presence=offline");
        JsonNode bos = presenceOf(incremental, bo.userId());
        assertThat(bos.path("presence").asText()).isEqualTo("unavailable");
        assertThat(bos.path("status_msg").asText()).isEqualTo("lunch");
        assertThat(bos.has("currently_active")).isFalse();
        String next = incremental.path("next_batch").asText();
        assertThat(presenceOf(syncs.sync(cy, "?since=" + SyncSteps.enc(next) + "&set_presence=offline"), bo.userId())).isNull();

        assertThat(node.client().get(path(bo.userId()), cy.accessToken()).json().path("status_msg").asText()).isEqualTo("lunch");
        var refused = node.client().get(path(bo.userId()), stranger.accessToken());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.errcode()).isEqualTo("M_FORBIDDEN");
    }

    @Test
    void longPollShouldWakeWhenARoomMatesPresenceChanges() throws Exception {
        var di = user("predi");
        var ed = user("preed");
        String room = rooms.createRoom(di, "public_chat");
        rooms.join(ed, room);
        String since = syncs.sync(ed, "?set_presence=offline").path("next_batch").asText();
        CompletableFuture<JsonNode> poll = CompletableFuture.supplyAsync(() -> pollForPresence(ed, since, di.userId()));
        Thread.sleep(300);   // let the long-poll start waiting
        long start = System.nanoTime();
        set(di, di.userId(), Json.object().put("presence", "online").put("status_msg", "hello"));
        JsonNode woken = poll.get(15, TimeUnit.SECONDS);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
        assertThat(woken.path("status_msg").asText()).isEqualTo("hello");
    }

    /**
     * Long-polls (20 s each) until {@code userId}'s presence shows; an answer about something else (the joins'
     * activity landing late) just leads to the next poll.
     */
    private JsonNode pollForPresence(TestClient.Account who, String since, String userId) {
        String from = since;
        for (int i = 0; i < 5; i++) {
            JsonNode r = syncs.sync(who, "?timeout=20000&set_presence=offline&since=" + SyncSteps.enc(from));
            JsonNode p = presenceOf(r, userId);
            if (p != null && p.has("status_msg")) return p;
            from = r.path("next_batch").asText();
        }
        throw new AssertionError("no presence of " + userId);
    }

    @Test
    void setPresenceOnSyncShouldChangePresenceUnlessOffline() {
        var fi = user("prefi");
        syncs.sync(fi, "?set_presence=offline");
        assertThat(node.client().get(path(fi.userId()), fi.accessToken()).json().path("presence").asText()).isEqualTo("offline");
        syncs.sync(fi, "?set_presence=unavailable");
        assertThat(node.client().get(path(fi.userId()), fi.accessToken()).json().path("presence").asText()).isEqualTo("unavailable");
        syncs.sync(fi, "?set_presence=offline");
        assertThat(node.client().get(path(fi.userId()), fi.accessToken()).json().path("presence").asText()).isEqualTo("unavailable");
        syncs.sync(fi, "");
        assertThat(node.client().get(path(fi.userId()), fi.accessToken()).json().path("presence").asText()).isEqualTo("online");
        assertThat(node.client().get("/_matrix/client/v3/sync?set_presence=busy", fi.accessToken()).errcode()).isEqualTo("M_INVALID_PARAM");
    }

    @Test
    void settingPresenceShouldBeRefusedForOthersAndBadBodies() {
        var gi = user("pregi");
        var hu = user("prehu");
        var other = set(gi, hu.userId(), Json.object().put("presence", "online"));
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.errcode()).isEqualTo("M_FORBIDDEN");
        assertThat(set(gi, gi.userId(), Json.object().put("presence", "busy")).errcode()).isEqualTo("M_INVALID_PARAM");
        assertThat(set(gi, gi.userId(), Json.object()).errcode()).isEqualTo("M_MISSING_PARAM");
        assertThat(set(gi, gi.userId(), Json.object().put("presence", "online").put("status_msg", 3)).errcode()).isEqualTo("M_BAD_JSON");
        assertThat(set(gi, "nobody", Json.object().put("presence", "online")).errcode()).isEqualTo("M_INVALID_PARAM");
        assertThat(node.client().get(path(gi.userId()), null).status()).isEqualTo(401);
    }
}
