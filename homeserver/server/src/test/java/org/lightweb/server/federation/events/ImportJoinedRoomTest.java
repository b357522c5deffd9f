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

    @Test
    void joinedRoomShouldBecomeKnownWithItsStateWhenTheJoinIsImported() {
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
        List<ObjectNode> state = List.of(create, carolJoin, levels, rules);

        StoredEvent stored = await(fixture.receiver.importJoinedRoom(REMOTE, V, join, state, state));

        assertThat(stored.eventId()).isEqualTo(id(join));
        assertThat(await(fixture.rooms.room(roomId))).isPresent();
        assertThat(await(fixture.rooms.membership(roomId, ALICE.toString())).orElseThrow().membership()).isEqualTo("join");
        assertThat(await(fixture.events.currentState(roomId))).hasSize(5);
        assertThat(await(fixture.events.event(id(create))).orElseThrow().outlier()).isTrue();
        assertThat(fixture.announced).extracting(StoredEvent::eventId).containsExactly(id(join));

        // the room now takes PDUs like any other
        ObjectNode hello = buildIn(roomId, "m.room.message", null, carol, content("body", "welcome"), List.of(id(join)),
                List.of(id(create), id(levels), id(carolJoin)), 6, REMOTE, key);
        assertThat(await(fixture.receiver.receive(REMOTE, hello)).accepted()).isTrue();
        assertThat(await(fixture.events.timeline(roomId, 0, Long.MAX_VALUE, 10))).extracting(StoredEvent::eventId)
                .containsExactly(id(join), id(hello));
    }
}
