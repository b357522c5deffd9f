package org.lightweb.server.federation.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.server.federation.events.RemoteRoom.ALICE;
import static org.lightweb.server.federation.events.RemoteRoom.BOB;
import static org.lightweb.server.federation.events.RemoteRoom.REMOTE;
import static org.lightweb.server.federation.events.RemoteRoom.V;
import static org.lightweb.server.federation.events.RemoteRoom.content;
import static org.lightweb.server.federation.events.RemoteRoom.id;
import static org.lightweb.storage.testing.TestStorage.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;
import org.lightweb.federation.protocol.CanonicalJson;
import org.lightweb.federation.protocol.JsonSigning;
import org.lightweb.server.rooms.EventDraft;
import org.lightweb.storage.rooms.StoredEvent;
import org.lightweb.storage.testing.TestStorage;

/**
 * A hostile federation partner (issue #15), driven straight into the receive path: events with forged timestamps,
 * depths out of range or far ahead, too many auth events, and power regained by citing an old power_levels event.
 * Each event is correctly signed by the remote server, so only the checks under test can refuse it.
 */
class FederationAdversaryTest {
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

    /** Changes a built event and signs it again under the remote server's key: a well-signed hostile event. */
    private ObjectNode resigned(ObjectNode pdu, Consumer<ObjectNode> change) {
        ObjectNode copy = pdu.deepCopy();
        copy.remove("signatures");
        copy.remove("hashes");
        change.accept(copy);
        return JsonSigning.hashAndSignEvent(copy, V, REMOTE, room.remoteKey);
    }

    private List<String> timeline() {
        return await(room.events.timeline(room.roomId, 0, Long.MAX_VALUE, 100)).stream().map(StoredEvent::eventId).toList();
    }

    @Test
    void eventShouldBeAcceptedButOrderedByArrivalWhenItsOriginServerTsIsForged() {
        String join = joinBob();
        long year3000 = 32_503_680_000_000L;
        ObjectNode future = resigned(room.bobMessage("from the future", List.of(join)), e -> e.put("origin_server_ts", year3000));
        room.remember(future);
        ObjectNode past = resigned(room.bobMessage("from 1970", List.of(id(future))), e -> e.put("origin_server_ts", 0L));

        assertThat(room.receive(future).accepted()).isTrue();
        assertThat(room.receive(past).accepted()).isTrue();
        StoredEvent local = await(room.roomEvents.send(room.roomId,
                EventDraft.message("m.room.message", ALICE, content("body", "now")), null));

        // Like Synapse: the claimed time is kept as sent (it is signed), but the order is the order of arrival, and
        // the next local event neither inherits the future time nor sorts before the past one.
        assertThat(timeline()).endsWith(join, id(future), id(past), local.eventId());
        assertThat(await(room.events.event(id(future))).orElseThrow().originServerTs()).isEqualTo(year3000);
        assertThat(local.originServerTs()).isLessThan(year3000).isGreaterThan(0L);
    }

    @Test
    void eventShouldBeDroppedWhenItsDepthIsOutsideTheCanonicalIntegerRange() {
        String join = joinBob();
        List<BigInteger> depths = List.of(BigInteger.TWO.pow(53), BigInteger.TWO.pow(63).subtract(BigInteger.ONE),
                BigInteger.TWO.pow(63), BigInteger.TWO.pow(64).add(BigInteger.TEN), BigInteger.ONE.negate());
        for (BigInteger depth : depths) {
            ObjectNode flood = resigned(room.bobMessage("deep " + depth, List.of(join)), e -> e.put("depth", depth));

            var outcome = room.receive(flood);

            assertThat(outcome.error()).as("depth %s", depth).contains("depth");
            assertThat(await(room.events.event(id(flood)))).as("depth %s", depth).isEmpty();
        }
        assertThat(timeline()).endsWith(join);
    }

    @Test
    void depthJumpShouldBeAcceptedAndLocalDepthsStayInRangeWhenARemoteEventClaimsTheLargestDepth() {
        String join = joinBob();
        ObjectNode jump = room.build("m.room.message", null, BOB, content("body", "jump"), List.of(join),
                List.of(room.state("m.room.create", ""), room.state("m.room.power_levels", ""), join),
                CanonicalJson.MAX_SAFE_INTEGER, room.remoteKey);

        assertThat(room.receive(jump).accepted()).isTrue();
        StoredEvent first = await(room.roomEvents.send(room.roomId,
                EventDraft.message("m.room.message", ALICE, content("body", "after the jump")), null));
        StoredEvent second = await(room.roomEvents.send(room.roomId,
                EventDraft.message("m.room.message", ALICE, content("body", "and again")), null));

        // depth only orders what the partner sent; the room goes on, its depths capped at the canonical maximum
        assertThat(first.depth()).isEqualTo(CanonicalJson.MAX_SAFE_INTEGER);
        assertThat(second.depth()).isEqualTo(CanonicalJson.MAX_SAFE_INTEGER);
        assertThat(timeline()).endsWith(join, id(jump), first.eventId(), second.eventId());
    }

    @Test
    void eventShouldBeDroppedWhenItCitesMoreThanTenAuthEvents() {
        String join = joinBob();
        List<String> auth = new ArrayList<>(List.of(room.state("m.room.create", ""), room.state("m.room.power_levels", ""), join));
        for (int i = 0; auth.size() <= PduFormat.MAX_AUTH_EVENTS; i++) auth.add("$unknown" + i);
        ObjectNode message = room.build("m.room.message", null, BOB, content("body", "x"), List.of(join), auth);

        assertThat(room.receive(message).error()).contains("auth_events");
        assertThat(timeline()).doesNotContain(id(message));
    }

    private StoredEvent powerLevels(int bobLevel) {
        ObjectNode pl = Json.object();
        pl.putObject("users").put(ALICE.toString(), 100).put(BOB, bobLevel);
        pl.put("state_default", 50).put("events_default", 0).put("ban", 50).put("kick", 50).put("redact", 50)
                .put("invite", 0).put("users_default", 0);
        return await(room.roomEvents.send(room.roomId, EventDraft.state("m.room.power_levels", "", ALICE, pl), null));
    }

    private ObjectNode takeover(List<String> prev, String citedPowerLevels, String join) {
        // what a moderator at 50 may do (nothing above his own level): open every state change to everyone
        ObjectNode pl = Json.object();
        pl.putObject("users").put(ALICE.toString(), 100).put(BOB, 50);
        pl.put("state_default", 0).put("events_default", 0).put("ban", 50).put("kick", 50).put("redact", 50)
                .put("invite", 0).put("users_default", 0);
        return room.build("m.room.power_levels", "", BOB, pl, prev, List.of(room.state("m.room.create", ""), citedPowerLevels, join));
    }

    private boolean tookEffect(ObjectNode pdu) {
        Optional<StoredEvent> stored = await(room.events.event(id(pdu)));
        return stored.isPresent() && stored.get().rejectedReason() == null && stored.get().streamOrdering() != null;
    }

    @Test
    void powerShouldNotBeRegainedWhenAnEventCitesAnOldPowerLevelsOnTheCurrentState() {
        String join = joinBob();
        StoredEvent promoted = powerLevels(50);
        StoredEvent demoted = powerLevels(0);

        // bob's auth chain says he is a moderator (the old event), his prev_events say the state is today's
        ObjectNode takeover = takeover(List.of(demoted.eventId()), promoted.eventId(), join);
        var outcome = room.receive(takeover);

        assertThat(outcome.accepted()).as("refused or rejected, never applied: %s", outcome.error()).isFalse();
        assertThat(tookEffect(takeover)).isFalse();
        assertThat(room.state("m.room.power_levels", "")).isEqualTo(demoted.eventId());
    }

    @Test
    void powerShouldNotBeRegainedWhenAnEventForksFromBeforeTheDemotion() {
        String join = joinBob();
        StoredEvent promoted = powerLevels(50);
        StoredEvent demoted = powerLevels(0);
        room.announced.clear();

        // a fork from the moment bob was a moderator: valid there, but the current state has demoted him (soft failure)
        ObjectNode takeover = takeover(List.of(promoted.eventId()), promoted.eventId(), join);
        room.receive(takeover);

        assertThat(tookEffect(takeover)).isFalse();
        assertThat(room.state("m.room.power_levels", "")).isEqualTo(demoted.eventId());
        assertThat(await(room.events.forwardExtremities(room.roomId)).keySet()).doesNotContain(id(takeover));
        assertThat(room.announcedOnce()).doesNotContain(id(takeover));
    }
}
