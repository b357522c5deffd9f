package org.lightweb.server.federation.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.server.federation.send.EduFixture.fresh;
import static org.lightweb.server.federation.send.EduFixture.user;
import static org.lightweb.storage.testing.TestStorage.await;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lightweb.core.Json;
import org.lightweb.storage.rooms.StoredEvent;

class PduFanOutTest {
    private final EduFixture f = new EduFixture();
    private final org.lightweb.storage.federation.JooqFederationQueueRepository queue =
            new org.lightweb.storage.federation.JooqFederationQueueRepository(f.storage.db());
    private final PduFanOut fanOut = new PduFanOut(EduFixture.US, f.rooms, f.sender, queue, f.events);
    private final String room = "!" + fresh("r") + ":kaslo.test";
    private final String alice = user(fresh("alice"), "kaslo.test");

    @AfterEach
    void close() { f.close(); }

    private static StoredEvent event(String room, String sender, String type, String stateKey, String membership) {
        String json = Json.write(Json.object().put("type", type).put("sender", sender).put("room_id", room)
                .put("marker", fresh("e")));
        return new StoredEvent("$" + fresh("e"), room, 10L, 1, type, stateKey, sender, 0, json, false, null, null, null,
                null, membership);
    }

    private void roomWithRemoteMembers() {
        f.member(room, alice, "join");
        f.member(room, user("bob", "nelson.test"), "join");
        f.member(room, user("bea", "nelson.test"), "join");
        f.member(room, user("carol", "third.test"), "join");
        f.member(room, user("dan", "gone.test"), "leave");
        f.member(room, user("eve", "invited.test"), "invite");
    }

    @Test
    void catchUpShouldStartAtTheNewestEventOnAFreshDatabaseAndRecordThePositionAfterQueueing() {
        roomWithRemoteMembers();
        await(fanOut.catchUp());
        long start = await(queue.fanOutPosition()).orElseThrow();
        assertThat(start).isEqualTo(await(f.events.maxStreamOrdering()));
        assertThat(f.sender.pdus).as("nothing of the past is sent").isEmpty();
        fanOut.onEvents(room, List.of(new StoredEvent("$" + fresh("e"), room, start + 7, 1, "m.room.message", null, alice, 0,
                Json.write(Json.object().put("type", "m.room.message").put("sender", alice)), false, null, null, null, null, null)));
        await(fanOut.idle());
        assertThat(await(queue.fanOutPosition())).contains(start + 7);
    }

    @Test
    void aLocalEventShouldGoToEveryOtherJoinedServerOnceWhenTheRoomHasRemoteMembers() {
        roomWithRemoteMembers();
        var e = event(room, alice, "m.room.message", null, null);
        fanOut.onEvents(room, List.of(e));
        await(fanOut.idle());
        assertThat(f.sender.pdus).extracting(EduFixture.Sent::destination).containsExactlyInAnyOrder("nelson.test", "third.test");
        assertThat(f.sender.pdus.get(0).content().path("marker").asText())
                .isEqualTo(Json.parse(e.json()).path("marker").asText());
    }

    @Test
    void aRemoteEventShouldNotBeSentOnWhenFederationStoredIt() {
        roomWithRemoteMembers();
        fanOut.onEvents(room, List.of(event(room, user("bob", "nelson.test"), "m.room.message", null, null)));
        await(fanOut.idle());
        assertThat(f.sender.pdus).isEmpty();
    }

    @Test
    void aMembershipEventAboutARemoteUserShouldAlsoGoToTheirServerExceptAnInvite() {
        roomWithRemoteMembers();
        String dan = user("dan", "gone.test");
        fanOut.onEvents(room, List.of(event(room, alice, "m.room.member", dan, "ban")));
        String frank = user("frank", "new.test");
        fanOut.onEvents(room, List.of(event(room, alice, "m.room.member", frank, "invite")));
        await(fanOut.idle());
        assertThat(f.sender.pdus).extracting(EduFixture.Sent::destination)
                .containsExactlyInAnyOrder("nelson.test", "third.test", "gone.test", "nelson.test", "third.test");
    }

    @Test
    void nothingShouldBeSentWhenEveryMemberIsLocal() {
        f.member(room, alice, "join");
        f.member(room, user(fresh("x"), "kaslo.test"), "join");
        fanOut.onEvents(room, List.of(event(room, alice, "m.room.message", null, null)));
        await(fanOut.idle());
        assertThat(f.sender.pdus).isEmpty();
    }

    @Test
    void eventsShouldBeQueuedInTheOrderTheyWereAnnounced() {
        roomWithRemoteMembers();
        List<StoredEvent> sent = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            var e = event(room, alice, "m.room.message", null, null);
            sent.add(e);
            fanOut.onEvents(room, List.of(e));
        }
        await(fanOut.idle());
        List<String> toNelson = f.sender.pdus.stream().filter(s -> s.destination().equals("nelson.test"))
                .map(s -> s.content().path("marker").asText()).toList();
        assertThat(toNelson).containsExactlyElementsOf(sent.stream()
                .map(e -> Json.parse(e.json()).path("marker").asText()).toList());
    }

    @Test
    void aBurstOfEventsShouldEndWithThePositionOfTheLastOneRecorded() {
        roomWithRemoteMembers();
        await(fanOut.catchUp());
        long start = await(queue.fanOutPosition()).orElseThrow();
        for (int i = 1; i <= 20; i++) {
            String json = Json.write(Json.object().put("type", "m.room.message").put("sender", alice).put("marker", "m" + i));
            fanOut.onEvents(room, List.of(new StoredEvent("$" + fresh("e"), room, start + i, 1, "m.room.message", null, alice, 0,
                    json, false, null, null, null, null, null)));
        }
        await(fanOut.idle());
        assertThat(await(queue.fanOutPosition())).contains(start + 20);
        assertThat(f.sender.pdus.stream().filter(s -> s.destination().equals("nelson.test"))).hasSize(20);
    }
}
