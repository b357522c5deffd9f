package org.lightweb.server.federation.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.server.federation.send.EduFixture.fresh;
import static org.lightweb.server.federation.send.EduFixture.user;
import static org.lightweb.storage.testing.TestStorage.await;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lightweb.core.Json;
import org.lightweb.storage.rooms.NewEvent;
import org.lightweb.storage.rooms.RoomRecord;
import org.lightweb.storage.rooms.StoredEvent;

class PduFanOutTest {
    private final EduFixture f = new EduFixture();
    private final org.lightweb.storage.federation.JooqFederationQueueRepository queue =
            new org.lightweb.storage.federation.JooqFederationQueueRepository(f.storage.db());
    private final PduFanOut fanOut = new PduFanOut(EduFixture.US, f.rooms, f.sender, queue, f.events);
    private final String alice = user(fresh("alice"), "kaslo.test");
    private final String room = freshRoom();

    @AfterEach
    void close() { f.close(); }

    @BeforeEach
    void start() {
        await(fanOut.catchUp());
    }

    /** A new room with nothing in it. */
    private String freshRoom() {
        String id = "!" + fresh("r") + ":kaslo.test";
        await(f.events.append(new RoomRecord(id, "11", alice, 1, false, null), id, null, List.of()));
        return id;
    }

    /** Stores an event as the room's next (as a send does) and reads it back, without announcing it. */
    private StoredEvent store(String room, String sender, String type, String stateKey, String membership) {
        String id = "$" + fresh("e");
        var json = Json.object().put("event_id", id).put("type", type).put("sender", sender).put("room_id", room)
                .put("marker", fresh("m"));
        if (stateKey != null) json.put("state_key", stateKey);
        Long stateGroup = await(f.rooms.room(room)).orElseThrow().stateGroup();
        await(f.events.append(null, room, stateGroup, List.of(new NewEvent(id, room, 1, type, stateKey, sender, 1,
                Json.write(json), List.of(), List.of(), membership, null, null))));
        return await(f.events.event(id)).orElseThrow();
    }

    private StoredEvent sent(String room, String sender, String type, String stateKey, String membership) {
        StoredEvent e = store(room, sender, type, stateKey, membership);
        fanOut.onEvents(room, List.of(e));
        return e;
    }

    private StoredEvent message(String room) { return sent(room, alice, "m.room.message", null, null); }

    private static String marker(StoredEvent e) { return Json.parse(e.json()).path("marker").asText(); }

    private List<String> markersTo(String destination) {
        return f.sender.pdus.stream().filter(s -> s.destination().equals(destination))
                .map(s -> s.content().path("marker").asText()).toList();
    }

    private void roomWithRemoteMembers() { withRemoteMembers(room); }

    private void withRemoteMembers(String room) {
        f.member(room, alice, "join");
        f.member(room, user("bob", "nelson.test"), "join");
        f.member(room, user("bea", "nelson.test"), "join");
        f.member(room, user("carol", "third.test"), "join");
        f.member(room, user("dan", "gone.test"), "leave");
        f.member(room, user("eve", "invited.test"), "invite");
    }

    @Test
    void catchUpShouldStartAtTheNewestEventOnAFreshDatabaseAndRecordThePositionAfterQueueing() {
        long start = await(queue.fanOutPosition()).orElseThrow();
        assertThat(start).isEqualTo(await(f.events.maxStreamOrdering()));
        assertThat(f.sender.pdus).as("nothing of the past is sent").isEmpty();
        roomWithRemoteMembers();
        StoredEvent e = message(room);
        await(fanOut.idle());
        assertThat(await(queue.fanOutPosition())).contains(e.streamOrdering());
        assertThat(markersTo("nelson.test")).containsExactly(marker(e));
    }

    @Test
    void aLocalEventShouldGoToEveryOtherJoinedServerOnceWhenTheRoomHasRemoteMembers() {
        roomWithRemoteMembers();
        var e = message(room);
        await(fanOut.idle());
        assertThat(f.sender.pdus).extracting(EduFixture.Sent::destination).containsExactlyInAnyOrder("nelson.test", "third.test");
        assertThat(f.sender.pdus.get(0).content().path("marker").asText()).isEqualTo(marker(e));
    }

    @Test
    void aRemoteEventShouldNotBeSentOnWhenFederationStoredIt() {
        roomWithRemoteMembers();
        sent(room, user("bob", "nelson.test"), "m.room.message", null, null);
        message(freshRoom());
        await(fanOut.idle());
        assertThat(f.sender.pdus).isEmpty();
    }

    @Test
    void aMembershipEventAboutARemoteUserShouldAlsoGoToTheirServerExceptAnInvite() {
        roomWithRemoteMembers();
        sent(room, alice, "m.room.member", user("dan", "gone.test"), "ban");
        sent(room, alice, "m.room.member", user("frank", "new.test"), "invite");
        await(fanOut.idle());
        assertThat(f.sender.pdus).extracting(EduFixture.Sent::destination)
                .containsExactlyInAnyOrder("nelson.test", "third.test", "gone.test", "nelson.test", "third.test");
    }

    @Test
    void nothingShouldBeSentWhenEveryMemberIsLocal() {
        f.member(room, alice, "join");
        f.member(room, user(fresh("x"), "kaslo.test"), "join");
        message(room);
        await(fanOut.idle());
        assertThat(f.sender.pdus).isEmpty();
    }

    @Test
    void eventsShouldBeQueuedInTheOrderTheyWereStored() {
        roomWithRemoteMembers();
        List<StoredEvent> sent = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) sent.add(message(room));
        await(fanOut.idle());
        assertThat(markersTo("nelson.test")).containsExactlyElementsOf(sent.stream().map(PduFanOutTest::marker).toList());
    }

    @Test
    void aBurstOfEventsShouldEndWithThePositionOfTheLastOneRecorded() {
        roomWithRemoteMembers();
        StoredEvent last = null;
        for (int i = 1; i <= 20; i++) last = message(room);
        await(fanOut.idle());
        assertThat(await(queue.fanOutPosition())).contains(last.streamOrdering());
        assertThat(markersTo("nelson.test")).hasSize(20);
    }

    @Test
    void anEarlierEventOfAnotherRoomHeardLaterShouldBeQueuedBeforeThePositionPassesIt() {
        // Rooms announce independently: the second room's event can be heard before the first's. Hearing it must
        // not record a position past the first room's event while that is not queued, or a crash before it is
        // heard loses it: catchUp at the next start begins after the position.
        String other = freshRoom();
        roomWithRemoteMembers();
        withRemoteMembers(other);
        StoredEvent earlier = store(room, alice, "m.room.message", null, null);
        StoredEvent later = sent(other, alice, "m.room.message", null, null);
        await(fanOut.idle());

        var restarted = new PduFanOut(EduFixture.US, f.rooms, f.sender, queue, f.events);
        await(restarted.catchUp());
        assertThat(markersTo("nelson.test")).containsExactlyInAnyOrder(marker(earlier), marker(later));

        fanOut.onEvents(room, List.of(earlier));
        await(fanOut.idle());
        assertThat(markersTo("nelson.test")).as("queued once").hasSize(2);
    }

    @Test
    void eventsStoredWhileNoOneListenedShouldBeQueuedByTheCatchUp() {
        roomWithRemoteMembers();
        StoredEvent missed = store(room, alice, "m.room.message", null, null);
        await(fanOut.catchUp());
        assertThat(markersTo("nelson.test")).containsExactly(marker(missed));
        assertThat(await(queue.fanOutPosition())).contains(missed.streamOrdering());
    }

    @Test
    void roundsThatQueueNothingShouldRecordThePositionOnlyWhenFarAheadOrAtAStop() {
        long start = await(queue.fanOutPosition()).orElseThrow();
        f.member(room, alice, "join");
        f.member(room, user(fresh("x"), "kaslo.test"), "join");
        StoredEvent e = message(room);
        await(fanOut.idle());
        assertThat(await(queue.fanOutPosition())).as("nothing was queued: no write").contains(start);

        await(fanOut.flush());
        assertThat(await(queue.fanOutPosition())).contains(e.streamOrdering());
    }

    @Test
    void eventsAnotherProcessStoredShouldBeQueuedWhenItSaysSo() {
        roomWithRemoteMembers();
        StoredEvent elsewhere = store(room, alice, "m.room.message", null, null);
        await(fanOut.storedElsewhere());
        assertThat(markersTo("nelson.test")).containsExactly(marker(elsewhere));
    }
}
