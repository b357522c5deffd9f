package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;
import org.lightweb.storage.rooms.StoredEvent;

/**
 * Many sends into one room at once: a busy room's queued messages are built one on the other and stored together
 * (RoomEvents.send), and their push actions written together. Every send is answered with its own event, the room's
 * graph stays one line, a refused send fails alone, a request repeated while the first is queued answers the first's
 * event, and every message counts in the unread notifications of a member who read none.
 */
class ConcurrentSendsIT {
    @RegisterExtension
    static final TestNode node = TestNode.create();

    private final RoomSteps rooms = new RoomSteps(node.client());

    @Test
    void concurrentSendsShouldEachBeStoredOnceInOneLineOfHistory() throws Exception {
        int senders = 8;
        int each = 12;
        TestClient.Account owner = node.client().register("line-owner", "password123");
        String room = rooms.createRoom(owner, "public_chat");
        List<TestClient.Account> users = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            TestClient.Account u = node.client().register("line-" + i, "password123");
            rooms.join(u, room);
            users.add(u);
        }
        TestClient.Account outsider = node.client().register("line-outsider", "password123");
        Map<String, String> eventOfTxn = new ConcurrentHashMap<>();   // "user/txn" -> event id
        Map<String, String> repeated = new ConcurrentHashMap<>();     // "user/txn" -> the repeat's event id
        List<Integer> outsiderStatuses = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(senders + 1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (TestClient.Account u : users) {
                done.add(pool.submit(() -> {
                    for (int m = 0; m < each; m++) {
                        String path = RoomSteps.path(room, "/send/m.room.message/t" + m);
                        var body = Json.object().put("msgtype", "m.text").put("body", u.userId() + " " + m);
                        var res = node.client().put(path, u.accessToken(), body);
                        assertThat(res.status()).as(res.body()).isEqualTo(200);
                        eventOfTxn.put(u.userId() + "/t" + m, res.json().path("event_id").asText());
                        if (m % 4 == 0) {   // the same request again: the same event
                            var again = node.client().put(path, u.accessToken(), body);
                            repeated.put(u.userId() + "/t" + m, again.json().path("event_id").asText());
                        }
                    }
                    return null;
                }));
            }
            done.add(pool.submit(() -> {
                for (int m = 0; m < each; m++) {
                    outsiderStatuses.add(node.client().put(RoomSteps.path(room, "/send/m.room.message/o" + m),
                            outsider.accessToken(), Json.object().put("msgtype", "m.text").put("body", "let me in")).status());
                }
                return null;
            }));
            for (Future<?> f : done) f.get(2, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }

        assertThat(outsiderStatuses).hasSize(each).containsOnly(403);
        assertThat(eventOfTxn).hasSize(senders * each);
        assertThat(new HashSet<>(eventOfTxn.values())).as("one event per send").hasSize(senders * each);
        repeated.forEach((txn, id) -> assertThat(id).as(txn).isEqualTo(eventOfTxn.get(txn)));

        var events = node.node().wiring().events();
        Map<String, StoredEvent> stored = events.events(eventOfTxn.values()).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        assertThat(stored).hasSize(senders * each);
        // One line: every message has one parent, no two share one, and the room has one forward extremity.
        Map<String, String> parentOf = new HashMap<>();
        for (StoredEvent e : stored.values()) {
            JsonNode prev = Json.parse(e.json()).path("prev_events");
            assertThat(prev).as(e.eventId()).hasSize(1);
            parentOf.put(e.eventId(), prev.get(0).asText());
        }
        assertThat(new HashSet<>(parentOf.values())).as("no fork").hasSize(parentOf.size());
        Set<String> extremities = events.forwardExtremities(room).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS).keySet();
        assertThat(extremities).hasSize(1);
        // Stream order follows the graph: each message comes after its parent.
        for (StoredEvent e : stored.values()) {
            StoredEvent parent = stored.get(parentOf.get(e.eventId()));
            if (parent != null) assertThat(e.streamOrdering()).isGreaterThan(parent.streamOrdering());
        }
        // And a client reading the room back finds every message once.
        var page = node.client().get(RoomSteps.path(room, "/messages?dir=b&limit=1000"), owner.accessToken()).json();
        List<String> seen = new ArrayList<>();
        for (JsonNode e : page.path("chunk")) {
            if (e.path("type").asText().equals("m.room.message")) seen.add(e.path("event_id").asText());
        }
        assertThat(seen).hasSize(senders * each).containsExactlyInAnyOrderElementsOf(eventOfTxn.values());
        // Every message notifies the owner, who read none of them: their push actions were all stored.
        var sync = node.client().get("/_matrix/client/v3/sync?filter=" + java.net.URLEncoder.encode(
                "{\"room\":{\"timeline\":{\"limit\":1}}}", java.nio.charset.StandardCharsets.UTF_8), owner.accessToken()).json();
        assertThat(sync.path("rooms").path("join").path(room).path("unread_notifications").path("notification_count").asInt())
                .isEqualTo(senders * each);
    }
}
