package org.lightweb.server.federation.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.server.federation.events.RemoteRoom.BOB;
import static org.lightweb.server.federation.events.RemoteRoom.content;
import static org.lightweb.server.federation.events.RemoteRoom.id;
import static org.lightweb.storage.testing.TestStorage.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;
import org.lightweb.federation.protocol.SigningKey;
import org.lightweb.server.rooms.EventDraft;
import org.lightweb.storage.rooms.StateKeyId;
import org.lightweb.storage.rooms.StoredEvent;
import org.lightweb.storage.testing.TestStorage;

class EventReceiverTest {
    @RegisterExtension
    static final TestStorage storage = TestStorage.sqlite();

    private RemoteRoom room;

    @BeforeEach
    void setUp() {
        room = new RemoteRoom(storage);
    }

    @AfterEach
    void tearDown() {
        room.close();
    }

    private String joinBob() {
        return room.joinBob();
    }

    private List<StoredEvent> timeline() {
        return await(room.events.timeline(room.roomId, 0, Long.MAX_VALUE, 100));
    }

    @Test
    void acceptedEventShouldUpdateTimelineStateAndSyncWhenSignedByItsServer() {
        long head = await(room.events.maxStreamOrdering());
        String join = joinBob();

        // what a woken sync reads: the rooms that changed and whose memberships changed since its token
        assertThat(await(room.events.roomsChanged(head, Long.MAX_VALUE))).containsExactly(room.roomId);
        assertThat(await(room.rooms.roomsWithMemberChanges(head, Long.MAX_VALUE))).containsExactly(room.roomId);
        assertThat(await(room.rooms.membershipsOf(BOB))).filteredOn(m -> m.roomId().equals(room.roomId))
                .extracting(m -> m.membership()).containsExactly("join");

        assertThat(room.state("m.room.member", BOB)).isEqualTo(join);
        assertThat(await(room.rooms.membership(room.roomId, BOB)).orElseThrow().membership()).isEqualTo("join");
        assertThat(await(room.rooms.members(room.roomId))).extracting(m -> m.userId()).contains(BOB);
        assertThat(await(room.events.forwardExtremities(room.roomId)).keySet()).containsExactly(join);

        ObjectNode message = room.bobMessage("hello", List.of(join));
        assertThat(room.receive(message).accepted()).isTrue();
        assertThat(timeline()).extracting(StoredEvent::eventId).endsWith(join, id(message));
        assertThat(room.announcedOnce(join, id(message))).containsExactly(join, id(message));
        assertThat(await(room.events.forwardExtremities(room.roomId)).keySet()).containsExactly(id(message));
        // the same PDU again is accepted and stored once
        assertThat(room.receive(message).accepted()).isTrue();
        assertThat(timeline()).extracting(StoredEvent::eventId).filteredOn(id(message)::equals).hasSize(1);
        assertThat(room.announcedOnce()).hasSize(2);
    }

    @Test
    void eventShouldBeDroppedWhenItsSignatureIsForged() {
        String prev = await(room.events.forwardExtremities(room.roomId)).keySet().iterator().next();
        ObjectNode forged = room.build("m.room.member", BOB, BOB, content("membership", "join"), List.of(prev),
                List.of(room.state("m.room.create", ""), room.state("m.room.power_levels", ""),
                        room.state("m.room.join_rules", "")), room.depthOf(prev) + 1, SigningKey.generate());
        // a key under the same key id as the real one, but another key
        ObjectNode sigs = (ObjectNode) forged.get("signatures").get(RemoteRoom.REMOTE);
        String sig = sigs.elements().next().asText();
        sigs.removeAll();
        sigs.put(room.remoteKey.keyId(), sig);

        var outcome = room.receive(forged);

        assertThat(outcome.error()).contains("signature");
        assertThat(await(room.events.event(id(forged)))).isEmpty();
        assertThat(room.state("m.room.member", BOB)).isNull();
    }

    @Test
    void eventShouldBeStoredRedactedWhenItsContentHashIsWrong() {
        String join = joinBob();
        ObjectNode message = room.bobMessage("original", List.of(join));
        ((ObjectNode) message.get("content")).put("body", "tampered");   // the signature covers the redacted form only

        var outcome = room.receive(message);

        assertThat(outcome.accepted()).isTrue();
        StoredEvent stored = await(room.events.event(id(message))).orElseThrow();
        assertThat(Json.parse(stored.json()).get("content").size()).isZero();
        assertThat(stored.streamOrdering()).isNotNull();
    }

    @Test
    void eventShouldBeRejectedWhenTheAuthRulesRefuseIt() {
        String join = joinBob();
        ObjectNode pl = Json.object();
        pl.putObject("users").put(BOB, 100);
        ObjectNode takeover = room.build("m.room.power_levels", "", BOB, pl, List.of(join),
                List.of(room.state("m.room.create", ""), room.state("m.room.power_levels", ""), join));

        var outcome = room.receive(takeover);

        assertThat(outcome.error()).startsWith("rejected");
        StoredEvent stored = await(room.events.event(id(takeover))).orElseThrow();
        assertThat(stored.rejectedReason()).isNotNull();
        assertThat(room.state("m.room.power_levels", "")).isNotEqualTo(id(takeover));
        assertThat(timeline()).extracting(StoredEvent::eventId).doesNotContain(id(takeover));
    }

    @Test
    void eventShouldBeRejectedWhenItsSenderNeverJoined() {
        String prev = await(room.events.forwardExtremities(room.roomId)).keySet().iterator().next();
        ObjectNode message = room.build("m.room.message", null, "@carol:" + RemoteRoom.REMOTE, content("body", "hi"),
                List.of(prev), List.of(room.state("m.room.create", ""), room.state("m.room.power_levels", "")));

        assertThat(room.receive(message).error()).startsWith("rejected");
        assertThat(timeline()).extracting(StoredEvent::eventId).doesNotContain(id(message));
    }

    @Test
    void eventShouldBeDroppedWhenItHasMoreThanTwentyPrevEvents() {
        String join = joinBob();
        List<String> prevs = new ArrayList<>();
        prevs.add(join);
        for (int i = 0; i < 20; i++) prevs.add("$fake" + i);
        ObjectNode message = room.build("m.room.message", null, BOB, content("body", "x"), prevs,
                List.of(room.state("m.room.create", ""), room.state("m.room.power_levels", ""), join), 10, room.remoteKey);

        assertThat(room.receive(message).error()).contains("prev_events");
        assertThat(await(room.events.event(id(message)))).isEmpty();
    }

    @Test
    void eventShouldBeDroppedWhenLargerThan65536Bytes() {
        String join = joinBob();
        ObjectNode message = room.bobMessage("x".repeat(70_000), List.of(join));

        assertThat(room.receive(message).error()).contains("bytes");
        assertThat(await(room.events.event(id(message)))).isEmpty();
    }

    @Test
    void eventShouldSoftFailWhenItsSenderIsBannedInTheCurrentState() {
        String join = joinBob();
        ObjectNode ban = Json.object().put("membership", "ban");
        await(room.roomEvents.send(room.roomId, EventDraft.state("m.room.member", BOB, RemoteRoom.ALICE, ban), null));
        room.announced.clear();
        // built on the state before the ban, where bob is joined
        ObjectNode message = room.build("m.room.message", null, BOB, content("body", "sneaky"), List.of(join),
                List.of(room.state("m.room.create", ""), room.state("m.room.power_levels", ""), join));

        var outcome = room.receive(message);

        assertThat(outcome.accepted()).isTrue();
        StoredEvent stored = await(room.events.event(id(message))).orElseThrow();
        assertThat(stored.streamOrdering()).isNull();
        assertThat(stored.rejectedReason()).isNull();
        assertThat(timeline()).extracting(StoredEvent::eventId).doesNotContain(id(message));
        assertThat(await(room.events.forwardExtremities(room.roomId)).keySet()).doesNotContain(id(message));
        assertThat(room.announcedOnce()).doesNotContain(id(message));
    }

    @Test
    void stateShouldBeResolvedWhenAnEventJoinsTwoForks() {
        String join = joinBob();
        // local fork: alice sets the topic on top of bob's join
        StoredEvent topic = await(room.roomEvents.send(room.roomId,
                EventDraft.state("m.room.topic", "", RemoteRoom.ALICE, content("topic", "local")), null));
        // remote fork: bob changes his name, also on top of his join
        ObjectNode rename = room.build("m.room.member", BOB, BOB, Json.object().put("membership", "join")
                .put("displayname", "Bob"), List.of(join), List.of(room.state("m.room.create", ""),
                room.state("m.room.power_levels", ""), join));
        assertThat(room.receive(rename).accepted()).isTrue();
        assertThat(await(room.events.forwardExtremities(room.roomId)).keySet())
                .containsExactlyInAnyOrder(topic.eventId(), id(rename));
        // current state holds both forks already
        assertThat(room.state("m.room.topic", "")).isEqualTo(topic.eventId());
        assertThat(room.state("m.room.member", BOB)).isEqualTo(id(rename));

        ObjectNode merge = room.build("m.room.message", null, BOB, content("body", "merged"),
                List.of(topic.eventId(), id(rename)), List.of(room.state("m.room.create", ""),
                        room.state("m.room.power_levels", ""), id(rename)));
        assertThat(room.receive(merge).accepted()).isTrue();

        StoredEvent stored = await(room.events.event(id(merge))).orElseThrow();
        var before = await(room.events.stateOfGroup(stored.stateBefore()));
        assertThat(before.get(new StateKeyId("m.room.topic", ""))).isEqualTo(topic.eventId());
        assertThat(before.get(new StateKeyId("m.room.member", BOB))).isEqualTo(id(rename));
        assertThat(await(room.events.forwardExtremities(room.roomId)).keySet()).containsExactly(id(merge));
    }

    @Test
    void gapShouldBeFilledWithGetMissingEventsWhenPrevEventsAreUnknown() {
        String join = joinBob();
        ObjectNode first = room.bobMessage("first", List.of(join));
        room.remember(first);
        ObjectNode second = room.bobMessage("second", List.of(id(first)));
        room.client.handlers.put("POST /_matrix/federation/v1/get_missing_events/", body -> {
            assertThat(body.get("latest_events").get(0).asText()).isEqualTo(id(second));
            ObjectNode answer = Json.object();
            answer.putArray("events").add(first);
            return answer;
        });

        assertThat(room.receive(second).accepted()).isTrue();

        assertThat(timeline()).extracting(StoredEvent::eventId).endsWith(id(first), id(second));
        assertThat(await(room.events.forwardExtremities(room.roomId)).keySet()).containsExactly(id(second));
    }

    @Test
    void stateShouldBeFetchedWithStateIdsWhenTheGapCannotBeFilled() {
        String join = joinBob();
        // an event this server never hears of directly: bob's name change, then a message on top of it
        ObjectNode rename = room.build("m.room.member", BOB, BOB, Json.object().put("membership", "join")
                .put("displayname", "Bobby"), List.of(join), List.of(room.state("m.room.create", ""),
                room.state("m.room.power_levels", ""), join));
        room.remember(rename);
        ObjectNode message = room.build("m.room.message", null, BOB, content("body", "after a gap"), List.of(id(rename)),
                List.of(room.state("m.room.create", ""), room.state("m.room.power_levels", ""), id(rename)));
        var state = await(room.events.currentState(room.roomId));
        room.client.handlers.put("GET /_matrix/federation/v1/state_ids/", body -> {
            ObjectNode answer = Json.object();
            state.values().forEach(answer.putArray("pdu_ids")::add);
            answer.putArray("auth_chain_ids");
            return answer;
        });
        room.client.handlers.put("GET /_matrix/federation/v1/event_auth/", body -> {
            ObjectNode answer = Json.object();
            answer.putArray("auth_chain").add(rename);
            return answer;
        });
        room.client.handlers.put("GET /_matrix/federation/v1/event/", body -> {
            ObjectNode answer = Json.object();
            answer.putArray("pdus").add(rename);
            return answer;
        });

        assertThat(room.receive(message).accepted()).isTrue();

        StoredEvent stored = await(room.events.event(id(message))).orElseThrow();
        assertThat(stored.streamOrdering()).isNotNull();
        var before = await(room.events.stateOfGroup(stored.stateBefore()));
        assertThat(before.get(new StateKeyId("m.room.member", BOB))).isEqualTo(id(rename));
        assertThat(await(room.events.event(id(rename))).orElseThrow().outlier()).isTrue();
        assertThat(room.client.requests).anyMatch(r -> r.startsWith("GET /_matrix/federation/v1/state_ids/"));

        // the outlier, sent later, becomes part of the room, behind the message that follows it
        assertThat(room.receive(rename).accepted()).isTrue();
        assertThat(await(room.events.event(id(rename))).orElseThrow().outlier()).isFalse();
        assertThat(await(room.events.event(id(rename))).orElseThrow().streamOrdering()).isNotNull();
        assertThat(await(room.events.forwardExtremities(room.roomId)).keySet()).containsExactly(id(message));
    }

    @Test
    void eventShouldBeRefusedWhenTheServerAclDeniesItsOrigin() {
        String join = joinBob();
        ObjectNode acl = Json.object();
        acl.putArray("allow").add("*");
        acl.putArray("deny").add("*.test");
        await(room.roomEvents.send(room.roomId, EventDraft.state("m.room.server_acl", "", RemoteRoom.ALICE, acl), null));
        ObjectNode message = room.bobMessage("hi", List.of(join));

        assertThat(room.receive(message).error()).contains("ACL");
        assertThat(await(room.events.event(id(message)))).isEmpty();
    }
}
