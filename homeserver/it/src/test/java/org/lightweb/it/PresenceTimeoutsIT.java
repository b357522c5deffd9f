package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/** Presence timeouts with short timings, and a node with presence switched off. */
class PresenceTimeoutsIT {
    @RegisterExtension
    static final TestNode fast = TestNode.create(c -> c.putObject("presence")
            .put("idle_after", "1s").put("offline_after", "3s").put("active_window", "500ms"));

    @RegisterExtension
    static final TestNode disabled = TestNode.create(c -> c.putObject("presence").put("enabled", false));

    private TestClient.Account user(TestNode node, String name) {
        return node.client().register(name, "password123");
    }

    /** Long-polls (without changing its own presence) until {@code userId}'s presence is {@code wanted}. */
    private JsonNode waitForPresence(TestNode node, TestClient.Account watcher, String userId, String wanted) throws Exception {
        SyncSteps syncs = new SyncSteps(node.client());
        String since = syncs.sync(watcher, "?set_presence=offline").path("next_batch").asText();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            JsonNode r = syncs.sync(watcher, "?timeout=5000&set_presence=offline&since=" + SyncSteps.enc(since));
            JsonNode p = PresenceIT.presenceOf(r, userId);
            if (p != null && p.path("presence").asText().equals(wanted)) return p;
            since = r.path("next_batch").asText();
        }
        throw new AssertionError(userId + " never became " + wanted);
    }

    @Test
    void userShouldGoOfflineWhenNoLongerSyncing() throws Exception {
        SyncSteps syncs = new SyncSteps(fast.client());
        var amy = user(fast, "toamy");
        var bo = user(fast, "tobo");
        String room = new RoomSteps(fast.client()).createRoom(amy, "public_chat");
        new RoomSteps(fast.client()).join(bo, room);
        syncs.sync(amy, "");
        JsonNode offline = waitForPresence(fast, bo, amy.userId(), "offline");
        assertThat(offline.has("currently_active")).isFalse();
    }

    @Test
    void userShouldBecomeUnavailableWhenIdleBeforeGoingOffline() throws Exception {
        SyncSteps syncs = new SyncSteps(fast.client());
        var cy = user(fast, "tocy");
        var di = user(fast, "todi");
        String room = new RoomSteps(fast.client()).createRoom(cy, "public_chat");
        new RoomSteps(fast.client()).join(di, room);
        syncs.sync(cy, "");
        JsonNode idle = waitForPresence(fast, di, cy.userId(), "unavailable");
        assertThat(idle.has("currently_active")).isFalse();
        assertThat(idle.path("last_active_ago").asLong()).isGreaterThanOrEqualTo(1000);
    }

    @Test
    void disabledPresenceShouldAnswerOfflineAndSyncNone() {
        var ed = user(disabled, "dised");
        var res = disabled.client().put(PresenceIT.path(ed.userId()), ed.accessToken(), Json.object().put("presence", "online"));
        assertThat(res.status()).isEqualTo(200);
        assertThat(disabled.client().get(PresenceIT.path(ed.userId()), ed.accessToken()).json().path("presence").asText())
                .isEqualTo("offline");
        JsonNode sync = new SyncSteps(disabled.client()).sync(ed, "");
        assertThat(sync.path("presence").path("events").size()).isZero();
    }
}
