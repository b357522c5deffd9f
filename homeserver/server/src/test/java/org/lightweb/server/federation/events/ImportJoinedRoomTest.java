package org.lightweb.server.federation.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.server.federation.events.RemoteRoom.ALICE;
import static org.lightweb.server.federation.events.RemoteRoom.LOCAL;
import static org.lightweb.server.federation.events.RemoteRoom.REMOTE;
import static org.lightweb.server.federation.events.RemoteRoom.V;
import static org.lightweb.server.federation.events.RemoteRoom.buildIn;
import static org.lightweb.server.federation.events.RemoteRoom.content;
import static org.lightweb.server.federation.events.RemoteRoom.id;
import static org.lightweb.storage.testing.TestStorage.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;
import org.lightweb.storage.rooms.StoredEvent;
import org.lightweb.storage.testing.TestStorage;

class ImportJoinedRoomTest {
    @RegisterExtension
    static final TestStorage storage = TestStorage.sqlite();

    private RemoteRoom fixture;

    @BeforeEach
    void setUp() {
        fixture = new RemoteRoom(storage);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    /** A room made on the remote server by carol: its create, carol's join, power levels, join rules; then alice's join. */
    private record Remote(String roomId, ObjectNode create, ObjectNode carolJoin, ObjectNode levels, ObjectNode rules,
                          ObjectNode join) {
        List<ObjectNode> state() { return List.of(create, carolJoin, levels, rules); }
    }

    private Remote remoteRoom() {
        String roomId = "!" + TestStorage.freshName("remote") + ":" + REMOTE;
        String carol = "@carol:" + REMOTE;
        var key = fixture.remoteKey;
        ObjectNode create = buildIn(roomId, "m.room.create", "", carol, content("room_version", V.id()), List.of(),
                List.of(), 1, REMOTE, key);
        ObjectNode carolJoin = buildIn(roomId, "m.room.member", carol, carol, content("membership", "join"),
                List.of(id(create)), List.of(id(create)), 2, REMOTE, key);
        ObjectNode pl = Json.object();
        pl.putObject("users").put(carol, 100);
        ObjectNode levels = buildIn(roomId, "m.room.power_levels", "", carol, pl, List.of(id(carolJoin)),
                List.of(id(create), id(carolJoin)), 3, REMOTE, key);
        ObjectNode rules = buildIn(roomId, "m.room.join_rules", "", carol, content("join_rule", "public"),
                List.of(id(levels)), List.of(id(create), id(carolJoin), id(levels)), 4, REMOTE, key);
        ObjectNode join = buildIn(roomId, "m.room.member", ALICE.toString(), ALICE.toString(), content("membership", "join"),
                List.of(id(rules)), List.of(id(create), id(levels), id(rules)), 5, LOCAL, fixture.localKey);
        return new Remote(roomId, create, carolJoin, levels, rules, join);
    }

    @Test
    void joinedRoomShouldBecomeKnownWithItsStateWhenTheJoinIsImported() {
        Remote r = remoteRoom();
        String roomId = r.roomId();
        String carol = "@carol:" + REMOTE;
        var key = fixture.remoteKey;
        ObjectNode create = r.create();
        ObjectNode carolJoin = r.carolJoin();
        ObjectNode levels = r.levels();
        ObjectNode join = r.join();
        List<ObjectNode> state = r.state();

        StoredEvent stored = await(fixture.receiver.importJoinedRoom(REMOTE, V, join, state, state));

        assertThat(stored.eventId()).isEqualTo(id(join));
        assertThat(await(fixture.rooms.room(roomId))).isPresent();
        assertThat(await(fixture.rooms.membership(roomId, ALICE.toString())).orElseThrow().membership()).isEqualTo("join");
        assertThat(await(fixture.events.currentState(roomId))).hasSize(5);
        assertThat(await(fixture.events.event(id(create))).orElseThrow().outlier()).isTrue();
        assertThat(fixture.announcedOnce(id(join))).containsExactly(id(join));

        // the room now takes PDUs like any other
        ObjectNode hello = buildIn(roomId, "m.room.message", null, carol, content("body", "welcome"), List.of(id(join)),
                List.of(id(create), id(levels), id(carolJoin)), 6, REMOTE, key);
        assertThat(await(fixture.receiver.receive(REMOTE, hello)).accepted()).isTrue();
        assertThat(await(fixture.events.timeline(roomId, 0, Long.MAX_VALUE, 10))).extracting(StoredEvent::eventId)
                .containsExactly(id(join), id(hello));
    }

    @Test
    void historyShouldBeBackfilledInTopologicalOrderWithoutReachingSyncWhenAClientPagesPastTheJoin() {
        Remote r = remoteRoom();
        String roomId = r.roomId();
        await(fixture.receiver.importJoinedRoom(REMOTE, V, r.join(), r.state(), r.state()));
        fixture.client.handlers.put("GET /_matrix/federation/v1/backfill/", body -> {
            ObjectNode answer = Json.object();
            var pdus = answer.putArray("pdus");
            List.of(r.rules(), r.levels(), r.carolJoin(), r.create()).forEach(pdus::add);
            return answer;
        });
        var backfiller = new Backfiller(LOCAL, fixture.receiver, fixture.events, fixture.rooms, fixture.roomEvents,
                fixture.client, 100);
        long head = await(fixture.events.maxStreamOrdering());
        assertThat(await(backfiller.backwardExtremities(roomId))).containsExactly(id(r.rules()));

        assertThat(await(backfiller.backfill(roomId, 10))).isTrue();

        assertThat(fixture.client.requests).anyMatch(q -> q.contains("limit=10") && q.contains("v=" + id(r.rules())));
        var end = await(fixture.events.positionAtStream(roomId, Long.MAX_VALUE));
        assertThat(await(fixture.events.roomEvents(roomId, end, null, true, 10))).extracting(StoredEvent::eventId)
                .containsExactly(id(r.join()), id(r.rules()), id(r.levels()), id(r.carolJoin()), id(r.create()));
        StoredEvent create = await(fixture.events.event(id(r.create()))).orElseThrow();
        assertThat(create.outlier()).isFalse();
        assertThat(create.streamOrdering()).isNegative();
        // a sync sees nothing new, and there is nothing older left to ask for
        assertThat(await(fixture.events.timeline(roomId, head, Long.MAX_VALUE, 10))).isEmpty();
        assertThat(await(fixture.events.maxStreamOrdering())).isEqualTo(head);
        assertThat(await(backfiller.backwardExtremities(roomId))).isEmpty();
        assertThat(fixture.announcedOnce(id(r.join()))).containsExactly(id(r.join()));
    }
}
