package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/** PUT /rooms/{roomId}/typing/{userId} and m.typing in sync. */
class TypingIT {
    @RegisterExtension
    static final TestNode node = TestNode.create();

    private final RoomSteps rooms = new RoomSteps(node.client());
    private final SyncSteps syncs = new SyncSteps(node.client());

    private TestClient.Account user(String name) {
        return node.client().register(name, "password123");
    }

    private TestClient.Response typing(TestClient.Account who, String roomId, String userId, Object body) {
        return node.client().put(RoomSteps.path(roomId, "/typing/" + userId), who.accessToken(), body);
    }

    private static List<String> typingUsers(JsonNode sync, String roomId) {
        List<JsonNode> events = SyncSteps.ephemeral(sync, roomId, "m.typing");
        assertThat(events).as(sync.toString()).hasSize(1);
        List<String> users = new ArrayList<>();
        events.get(0).path("content").path("user_ids").forEach(u -> users.add(u.asText()));
        return users;
    }

    @Test
    void typingShouldShowInTheOtherMembersSyncWhenStartedAndStopped() {
        var amy = user("typamy");
        var bo = user("typbo");
        String room = rooms.createRoom(amy, "public_chat");
        rooms.join(bo, room);
        String since = syncs.since(bo);
        assertThat(typing(amy, room, amy.userId(), Json.object().put("typing", true).put("timeout", 30000)).status()).isEqualTo(200);
        JsonNode started = syncs.sync(bo, "?since=" + SyncSteps.enc(since));
        assertThat(typingUsers(started, room)).containsExactly(amy.userId());
        assertThat(typingUsers(syncs.sync(bo, ""), room)).containsExactly(amy.userId());
        String next = started.path("next_batch").asText();
        assertThat(typing(amy, room, amy.userId(), Json.object().put("typing", false)).status()).isEqualTo(200);
        JsonNode stopped = syncs.sync(bo, "?since=" + SyncSteps.enc(next));
        assertThat(typingUsers(stopped, room)).isEmpty();
        String quiet = stopped.path("next_batch").asText();
        assertThat(SyncSteps.ephemeral(syncs.sync(bo, "?since=" + SyncSteps.enc(quiet)), room, "m.typing")).isEmpty();
    }

    @Test
    void longPollShouldWakeWhenARoomMateStartsTyping() throws Exception {
        var cy = user("typcy");
        var di = user("typdi");
        String room = rooms.createRoom(cy, "public_chat");
        rooms.join(di, room);
        String since = syncs.since(di);
        CompletableFuture<JsonNode> poll = syncs.longPoll(di, since, 20_000);
        Thread.sleep(300);   // let the long-poll start waiting
        assertThat(poll).isNotDone();
        long start = System.nanoTime();
        typing(cy, room, cy.userId(), Json.object().put("typing", true).put("timeout", 30000));
        JsonNode woken = poll.get(10, TimeUnit.SECONDS);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
        assertThat(typingUsers(woken, room)).containsExactly(cy.userId());
    }

    @Test
    void typingShouldExpireAfterItsTimeoutAndWakeTheLongPoll() throws Exception {
        var ed = user("typed");
        var fi = user("typfi");
        String room = rooms.createRoom(ed, "public_chat");
        rooms.join(fi, room);
        typing(ed, room, ed.userId(), Json.object().put("typing", true).put("timeout", 1000));
        JsonNode typingNow = syncs.sync(fi, "");
        assertThat(typingUsers(typingNow, room)).containsExactly(ed.userId());
        JsonNode expired = syncs.longPoll(fi, typingNow.path("next_batch").asText(), 20_000).get(15, TimeUnit.SECONDS);
        assertThat(typingUsers(expired, room)).isEmpty();
    }

    @Test
    void typingShouldBeRefusedForSomeoneElseOutsiderOrBadInput() {
        var gi = user("typgi");
        var hu = user("typhu");
        String room = rooms.createRoom(gi, "public_chat");
        var other = typing(gi, room, hu.userId(), Json.object().put("typing", true));
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.errcode()).isEqualTo("M_FORBIDDEN");
        var outsider = typing(hu, room, hu.userId(), Json.object().put("typing", true));
        assertThat(outsider.status()).isEqualTo(403);
        assertThat(outsider.errcode()).isEqualTo("M_FORBIDDEN");
        assertThat(typing(gi, room, gi.userId(), Json.object()).errcode()).isEqualTo("M_MISSING_PARAM");
        assertThat(typing(gi, room, gi.userId(), Json.object().put("typing", "yes")).errcode()).isEqualTo("M_BAD_JSON");
        assertThat(typing(gi, room, gi.userId(), Json.object().put("typing", true).put("timeout", "long")).errcode())
                .isEqualTo("M_BAD_JSON");
        assertThat(typing(gi, "nonsense", gi.userId(), Json.object().put("typing", true)).errcode()).isEqualTo("M_INVALID_PARAM");
        assertThat(typing(gi, room, "not-a-user", Json.object().put("typing", true)).errcode()).isEqualTo("M_INVALID_PARAM");
        assertThat(node.client().put(RoomSteps.path(room, "/typing/" + gi.userId()), null, Json.object().put("typing", true))
                .status()).isEqualTo(401);
    }
}
