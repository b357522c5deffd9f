package org.lightweb.server.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.storage.testing.TestStorage.await;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;
import org.lightweb.core.ServerName;
import org.lightweb.core.UserId;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.SigningKey;
import org.lightweb.federation.protocol.auth.AuthRules;
import org.lightweb.federation.protocol.auth.SignatureChecker;
import org.lightweb.server.rooms.EventDraft;
import org.lightweb.server.rooms.EventFactory;
import org.lightweb.server.rooms.EventVisibility;
import org.lightweb.server.rooms.RoomEvents;
import org.lightweb.server.rooms.RoomLinearizer;
import org.lightweb.server.rooms.RoomVersions;
import org.lightweb.server.sync.SyncFilter;
import org.lightweb.storage.rooms.JooqEventRepository;
import org.lightweb.storage.rooms.JooqRoomRepository;
import org.lightweb.storage.rooms.StateGroups;
import org.lightweb.storage.testing.TestStorage;

class HistoryPagerBackfillTest {
    @RegisterExtension
    static final TestStorage storage = TestStorage.sqlite();

    private static final UserId ALICE = UserId.of("alice", new ServerName("kaslo.test"));

    @Test
    void remoteHistoryShouldBeAskedOnlyWhenABackwardsPageRunsOutOfEvents() {
        var events = new JooqEventRepository(storage.db(), storage.clock(), new StateGroups(5, 100), 100);
        var rooms = new JooqRoomRepository(storage.db());
        SigningKey key = SigningKey.generate();
        var rules = new AuthRules(SignatureChecker.withKeys(Map.of("kaslo.test", Map.of(key.keyId(), key.publicKey()))));
        var roomEvents = new RoomEvents(events, new RoomVersions(rooms),
                new EventFactory(new ServerName("kaslo.test"), key, rules, storage.clock()), new RoomLinearizer(), storage.clock());
        String roomId = "!" + TestStorage.freshName("r") + ":kaslo.test";
        var pl = Json.object();
        pl.putObject("users").put(ALICE.toString(), 100);
        await(roomEvents.create(RoomVersion.V11, roomId, List.of(
                EventDraft.state("m.room.create", "", ALICE, Json.object().put("room_version", "11")),
                EventDraft.state("m.room.member", ALICE.toString(), ALICE, Json.object().put("membership", "join")),
                EventDraft.state("m.room.power_levels", "", ALICE, pl))));
        List<Integer> asked = new CopyOnWriteArrayList<>();
        RemoteHistory remote = (room, limit) -> {
            asked.add(limit);
            return Future.succeededFuture(true);
        };
        var pager = new HistoryPager(events, new EventVisibility(events), 1000, remote);
        var all = SyncFilter.parseRoomEventFilter(Json.object());
        var end = await(events.positionAtStream(roomId, Long.MAX_VALUE));

        var full = await(pager.read(ALICE, roomId, end, null, true, 2, all, Set.of()));
        assertThat(full.events()).hasSize(2);
        assertThat(asked).isEmpty();

        var past = await(pager.read(ALICE, roomId, end, null, true, 10, all, Set.of()));
        assertThat(past.events()).hasSize(3);
        assertThat(asked).containsExactly(7);   // what the page still lacked

        await(pager.read(ALICE, roomId, end, null, false, 10, all, Set.of()));
        assertThat(asked).hasSize(1);          // forwards never asks
    }
}
