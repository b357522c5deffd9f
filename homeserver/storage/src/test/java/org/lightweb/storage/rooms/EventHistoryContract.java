package org.lightweb.storage.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lightweb.storage.testing.StorageContract;
import org.lightweb.storage.testing.TestStorage;

/**
 * What {@link EventRepository} promises for reading history (pagination, stream-to-topological positions,
 * timestamp lookups), on every database. Each test builds its own room: a create event and messages m2..m6 at
 * depths 2..6, then "late" at depth 3, stored last as a backfilled event would be.
 */
public interface EventHistoryContract extends StorageContract {
    String ALICE = "@alice:example.org";

    default EventRepository events() {
        return new JooqEventRepository(storage().db(), storage().clock(), new StateGroups(50, 1000), 1000);
    }

    /** The room's id; events are named {@code <room>-create}, {@code <room>-m2} ... {@code <room>-late}. */
    private String room() {
        String roomId = "!" + TestStorage.freshName("r") + ":example.org";
        List<NewEvent> list = new ArrayList<>();
        list.add(new NewEvent(roomId + "-create", roomId, 1, "m.room.create", "", ALICE, 1000, "{}", List.of(),
                List.of(), null, null, null));
        for (int d = 2; d <= 6; d++) {
            list.add(new NewEvent(roomId + "-m" + d, roomId, d, "m.room.message", null, ALICE, 1000L * d, "{}",
                    List.of(list.get(list.size() - 1).eventId()), List.of(), null, null, null));
        }
        list.add(new NewEvent(roomId + "-late", roomId, 3, "m.room.message", null, ALICE, 3500, "{}",
                List.of(roomId + "-m2"), List.of(), null, null, null));
        await(events().append(new RoomRecord(roomId, "10", ALICE, 1000, false, null), roomId, null, list));
        return roomId;
    }

    @Test
    default void outliersShouldBeStoredWithTheirEdgesAndKnownOnesLeftAsTheyAre() {
        String roomId = "!" + TestStorage.freshName("o") + ":example.org";
        RemoteEventStore store = new RemoteEventStore((JooqEventRepository) events());
        NewEvent create = new NewEvent(roomId + "-create", roomId, 1, "m.room.create", "", ALICE, 1000, "{}", List.of(),
                List.of(), null, null, null);
        NewEvent join = new NewEvent(roomId + "-join", roomId, 2, "m.room.member", ALICE, ALICE, 2000, "{\"j\":1}",
                List.of(create.eventId()), List.of(create.eventId()), "join", null, null);
        NewEvent power = new NewEvent(roomId + "-power", roomId, 3, "m.room.power_levels", "", ALICE, 3000, "{}",
                List.of(join.eventId()), List.of(create.eventId(), join.eventId()), null, null, null);
        await(store.storeOutliers(List.of(create, join), java.util.Map.of()));
        // again, with one known (its rejection is not taken: known events stay as they are) and one new, rejected
        await(store.storeOutliers(List.of(join, power), java.util.Map.of(join.eventId(), "late", power.eventId(), "bad auth")));

        StoredEvent j = await(events().event(join.eventId())).orElseThrow();
        assertThat(j.outlier()).isTrue();
        assertThat(j.streamOrdering()).isNull();
        assertThat(j.rejectedReason()).isNull();
        assertThat(j.membership()).isEqualTo("join");
        assertThat(j.json()).isEqualTo("{\"j\":1}");
        assertThat(await(events().event(power.eventId())).orElseThrow().rejectedReason()).isEqualTo("bad auth");
        int[] edges = await(storage().db().read(ctx -> new int[] {
                ctx.fetchCount(org.lightweb.storage.jooq.Tables.EVENT_EDGES,
                        org.lightweb.storage.jooq.Tables.EVENT_EDGES.EVENT_ID.startsWith(roomId)),
                ctx.fetchCount(org.lightweb.storage.jooq.Tables.EVENT_AUTH_EDGES,
                        org.lightweb.storage.jooq.Tables.EVENT_AUTH_EDGES.EVENT_ID.startsWith(roomId))}));
        assertThat(edges).containsExactly(2, 3);   // prev: join->create, power->join; auth: 1 + 2
        assertThat(await(events().forwardExtremities(roomId))).as("outliers are never extremities").isEmpty();
    }

    @Test
    default void aSendsBasisShouldBeTheRoomItsCurrentStateOfTheKeysAndItsExtremitiesOrTheEarlierEventOfTheTxn() {
        String roomId = room();   // m6 and late are the extremities
        NewEvent.Txn txn = new NewEvent.Txn(ALICE, "DEV", TestStorage.freshName("t"));
        EventRepository repo = events();
        long group = await(repo.event(roomId + "-create")).orElseThrow().stateAfter();
        await(repo.append(null, roomId, group, List.of(new NewEvent(roomId + "-name", roomId, 7, "m.room.name", "", ALICE, 7000,
                "{\"n\":1}", List.of(roomId + "-m6", roomId + "-late"), List.of(roomId + "-create"), null, null, txn))));

        var keys = List.of(new StateKeyId("m.room.create", ""), new StateKeyId("m.room.name", ""),
                new StateKeyId("m.room.topic", ""));
        var basis = await(repo.sendBasis(roomId, keys, new NewEvent.Txn(ALICE, "DEV", "unused")));
        assertThat(basis.earlier()).isEmpty();
        assertThat(basis.room().orElseThrow().roomVersion()).isEqualTo("10");
        assertThat(basis.room().orElseThrow().stateGroup()).isNotNull().isNotEqualTo(group);
        assertThat(basis.state()).containsOnlyKeys(keys.get(0), keys.get(1));
        assertThat(basis.state().get(keys.get(1)).json()).isEqualTo("{\"n\":1}");
        assertThat(basis.extremities()).containsExactly(java.util.Map.entry(roomId + "-name", 7L));

        var again = await(repo.sendBasis(roomId, keys, txn));
        assertThat(again.earlier()).contains(roomId + "-name");
        assertThat(await(repo.sendBasis("!nowhere:example.org", keys, null)).room()).isEmpty();
    }

    private List<String> names(String roomId, List<StoredEvent> list) {
        return list.stream().map(e -> e.eventId().substring(roomId.length() + 1)).toList();
    }

    private StoredEvent event(String roomId, String name) {
        return await(events().event(roomId + "-" + name)).orElseThrow();
    }

    @Test
    default void roomEventsShouldPageBackwardsInTopologicalOrderWhenStreamOrderDiffers() {
        String roomId = room();
        RoomPosition end = await(events().positionAtStream(roomId, Long.MAX_VALUE));

        List<StoredEvent> first = await(events().roomEvents(roomId, end, null, true, 3));
        assertThat(names(roomId, first)).containsExactly("m6", "m5", "m4");
        List<StoredEvent> rest = await(events().roomEvents(roomId, RoomPosition.before(first.get(2)), null, true, 10));
        assertThat(names(roomId, rest)).containsExactly("late", "m3", "m2", "create");
    }

    @Test
    default void roomEventsShouldPageForwardsAfterThePointUpToTheBound() {
        String roomId = room();
        RoomPosition afterM2 = RoomPosition.after(event(roomId, "m2"));
        RoomPosition afterLate = RoomPosition.after(event(roomId, "late"));

        assertThat(names(roomId, await(events().roomEvents(roomId, afterM2, afterLate, false, 10))))
                .containsExactly("m3", "late");
        assertThat(names(roomId, await(events().roomEvents(roomId, afterLate, null, false, 10))))
                .containsExactly("m4", "m5", "m6");
        assertThat(await(events().roomEvents(roomId, afterLate, afterM2, true, 10))).extracting(StoredEvent::eventId)
                .containsExactly(roomId + "-late", roomId + "-m3");
    }

    @Test
    default void positionAtStreamShouldBeAfterTheLastEventAtOrBeforeTheStreamPosition() {
        String roomId = room();
        StoredEvent m4 = event(roomId, "m4");
        StoredEvent late = event(roomId, "late");

        assertThat(await(events().positionAtStream(roomId, m4.streamOrdering()))).isEqualTo(RoomPosition.after(m4));
        assertThat(await(events().positionAtStream(roomId, late.streamOrdering())))
                .isEqualTo(RoomPosition.after(event(roomId, "m6")));
        assertThat(await(events().positionAtStream(roomId, event(roomId, "create").streamOrdering() - 1)))
                .isEqualTo(RoomPosition.START);
        assertThat(await(events().roomEvents(roomId, RoomPosition.START, null, true, 10))).isEmpty();
    }

    @Test
    default void eventsFromTimestampShouldWalkOutwardsFromTheTimestampInEitherDirection() {
        String roomId = room();

        List<StoredEvent> forwards = await(events().eventsFromTimestamp(roomId, 3000, null, true, 2));
        assertThat(names(roomId, forwards)).containsExactly("m3", "late");
        assertThat(names(roomId, await(events().eventsFromTimestamp(roomId, 3000, forwards.get(1), true, 2))))
                .containsExactly("m4", "m5");
        List<StoredEvent> backwards = await(events().eventsFromTimestamp(roomId, 3400, null, false, 2));
        assertThat(names(roomId, backwards)).containsExactly("m3", "m2");
        assertThat(names(roomId, await(events().eventsFromTimestamp(roomId, 3400, backwards.get(1), false, 5))))
                .containsExactly("create");
        assertThat(await(events().eventsFromTimestamp(roomId, 7000, null, true, 5))).isEmpty();
    }
}
