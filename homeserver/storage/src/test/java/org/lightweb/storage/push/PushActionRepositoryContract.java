package org.lightweb.storage.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.storage.jooq.Tables.EVENTS;
import static org.lightweb.storage.jooq.Tables.RECEIPTS;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.lightweb.storage.Db;
import org.lightweb.storage.push.PushActionRepository.Counts;
import org.lightweb.storage.push.PushActionRepository.NewAction;

/**
 * Unread counts and notifications against read receipts, written straight into the receipts table (the
 * receipts API is another feature): m.read and m.read.private, the further one wins; threaded receipts per thread.
 */
public interface PushActionRepositoryContract {
    String ME = "@me:kaslo.example";
    String ROOM = "!r:kaslo.example";

    Db db();

    PushActionRepository repo();

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void notify(String room, long ordering, String thread, boolean highlight) throws Exception {
        await(repo().add(List.of(new NewAction(ME, room, "$e" + ordering, ordering, thread, "[\"notify\"]", highlight, ordering))));
    }

    private void receipt(String room, String type, String thread, long ordering, long streamId, boolean knownStream) throws Exception {
        await(db().write(tx -> {
            tx.insertInto(RECEIPTS).set(RECEIPTS.ROOM_ID, room).set(RECEIPTS.RECEIPT_TYPE, type).set(RECEIPTS.USER_ID, ME)
                    .set(RECEIPTS.THREAD_ID, thread).set(RECEIPTS.EVENT_ID, "$e" + ordering)
                    .set(RECEIPTS.EVENT_STREAM, knownStream ? ordering : null).set(RECEIPTS.TS, 1L)
                    .set(RECEIPTS.STREAM_ID, streamId)
                    .onConflict(RECEIPTS.ROOM_ID, RECEIPTS.RECEIPT_TYPE, RECEIPTS.USER_ID, RECEIPTS.THREAD_ID).doUpdate()
                    .set(RECEIPTS.EVENT_ID, "$e" + ordering).set(RECEIPTS.EVENT_STREAM, knownStream ? ordering : null)
                    .set(RECEIPTS.STREAM_ID, streamId).execute();
            return null;
        }));
    }

    private void event(String room, long ordering) throws Exception {
        await(db().write(tx -> tx.insertInto(EVENTS).set(EVENTS.EVENT_ID, "$e" + ordering).set(EVENTS.ROOM_ID, room)
                .set(EVENTS.STREAM_ORDERING, ordering).set(EVENTS.DEPTH, ordering).set(EVENTS.TYPE, "m.room.message")
                .set(EVENTS.SENDER, "@you:kaslo.example").set(EVENTS.ORIGIN_SERVER_TS, 1L).set(EVENTS.RECEIVED_TS, 1L)
                .set(EVENTS.JSON, "{}").execute()));
    }

    @Test
    default void countsShouldIncludeEverythingWhenThereIsNoReceipt() throws Exception {
        String room = ROOM + "1";
        notify(room, 1, "main", false);
        notify(room, 2, "main", true);
        assertThat(await(repo().unread(ME, room))).isEqualTo(Map.of("main", new Counts(2, 1)));
    }

    @Test
    default void actionsAddedAgainShouldCountOnceAndEveryMemberOfABatchShouldCount() throws Exception {
        String room = ROOM + "batch";
        List<NewAction> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            batch.add(new NewAction("@m" + i + ":kaslo.example", room, "$b1", 1, "main", "[\"notify\"]", i % 3 == 0, 1));
        }
        await(repo().unread("@m0:kaslo.example", room));   // a cached entry, which the adds must keep right
        await(repo().add(batch));
        await(repo().add(batch.subList(0, 10)));   // a retried announcement: the same rows again
        await(repo().add(List.of(new NewAction("@m1:kaslo.example", room, "$b2", 2, "main", "[\"notify\"]", false, 2))));
        assertThat(await(repo().unread("@m0:kaslo.example", room))).isEqualTo(Map.of("main", new Counts(1, 1)));
        assertThat(await(repo().unread("@m1:kaslo.example", room))).isEqualTo(Map.of("main", new Counts(2, 0)));
        assertThat(await(repo().unread("@m29:kaslo.example", room))).isEqualTo(Map.of("main", new Counts(1, 0)));
    }

    @Test
    default void countsShouldDropAfterTheFurthestOfReadAndPrivateReceipts() throws Exception {
        String room = ROOM + "2";
        for (long i = 1; i <= 4; i++) notify(room, i, "main", i == 4);
        receipt(room, "m.read", "", 3, 1, true);
        receipt(room, "m.read.private", "", 1, 2, true);
        assertThat(await(repo().unread(ME, room))).isEqualTo(Map.of("main", new Counts(1, 1)));
        receipt(room, "m.read.private", "", 4, 3, true);
        assertThat(await(repo().unread(ME, room))).isEmpty();
    }

    @Test
    default void receiptsShouldFindTheirEventsPositionWhenTheReceiptHasNone() throws Exception {
        String room = ROOM + "3";
        event(room, 101);
        notify(room, 101, "main", false);
        notify(room, 102, "main", false);
        receipt(room, "m.read", "", 101, 4, false);
        assertThat(await(repo().unread(ME, room))).isEqualTo(Map.of("main", new Counts(1, 0)));
    }

    @Test
    default void threadedReceiptsShouldOnlyReadTheirThread() throws Exception {
        String room = ROOM + "4";
        notify(room, 201, "main", false);
        notify(room, 202, "$root", false);
        notify(room, 203, "$root", true);
        notify(room, 204, "main", false);
        receipt(room, "m.read", "$root", 203, 5, true);
        assertThat(await(repo().unread(ME, room))).isEqualTo(Map.of("main", new Counts(2, 0)));
        receipt(room, "m.read", "main", 201, 6, true);
        assertThat(await(repo().unread(ME, room))).isEqualTo(Map.of("main", new Counts(1, 0)));
        receipt(room, "m.read", "", 202, 7, true);   // unthreaded: everything up to 202 in every thread
        assertThat(await(repo().unread(ME, room))).isEqualTo(Map.of("main", new Counts(1, 0)));
    }

    @Test
    default void notificationsShouldSayWhichAreReadAndPageBackwards() throws Exception {
        String room = ROOM + "5";
        notify(room, 301, "main", false);
        notify(room, 302, "main", true);
        notify(room, 303, "main", false);
        receipt(room, "m.read", "", 302, 8, true);
        var page = await(repo().notifications(ME, 304, 2, false));
        assertThat(page).extracting(PushActionRepository.Notification::eventId).containsExactly("$e303", "$e302");
        assertThat(page).extracting(PushActionRepository.Notification::read).containsExactly(false, true);
        assertThat(await(repo().notifications(ME, 302, 10, false))).extracting(PushActionRepository.Notification::eventId)
                .startsWith("$e301");
        assertThat(await(repo().notifications(ME, 304, 10, true))).extracting(PushActionRepository.Notification::eventId)
                .startsWith("$e302").doesNotContain("$e303", "$e301");
    }

    @Test
    default void roomsWithReceiptChangesShouldFollowTheReceiptsStream() throws Exception {
        String room = ROOM + "6";
        receipt(room, "m.read", "", 401, 50, true);
        assertThat(await(repo().roomsWithReceiptChanges(ME, 49, 50))).contains(room);
        assertThat(await(repo().roomsWithReceiptChanges(ME, 50, 60))).doesNotContain(room);
    }

    @Test
    default void notificationsAfterShouldListOldestFirstAndMarkTheReadOnes() throws Exception {
        String room = ROOM + "7";
        notify(room, 501, "main", false);
        notify(room, 502, "main", false);
        notify(room, 503, "main", false);
        receipt(room, "m.read", "", 501, 60, true);
        var page = await(repo().notificationsAfter(ME, 500, 2));
        assertThat(page).extracting(PushActionRepository.Notification::eventId).containsExactly("$e501", "$e502");
        assertThat(page).extracting(PushActionRepository.Notification::read).containsExactly(true, false);
        assertThat(await(repo().notificationsAfter(ME, 502, 10))).extracting(PushActionRepository.Notification::eventId)
                .containsExactly("$e503");
        assertThat(await(repo().isRead(ME, room, "main", 501))).isTrue();
        assertThat(await(repo().isRead(ME, room, "main", 502))).isFalse();
        receipt(room, "m.read", "main", 502, 61, true);
        assertThat(await(repo().isRead(ME, room, "main", 502))).as("threaded receipt of its thread").isTrue();
        assertThat(await(repo().isRead(ME, room, "$other", 503))).isFalse();
    }

    @Test
    default void roomsWithUnreadShouldCountJoinedRoomsWithUnreadNotifications() throws Exception {
        String user = "@badge:kaslo.example";
        var M = org.lightweb.storage.jooq.Tables.ROOM_MEMBERSHIPS;
        for (String room : List.of("!b1:k", "!b2:k", "!b3:k")) {
            await(db().write(tx -> tx.insertInto(M).set(M.ROOM_ID, room).set(M.USER_ID, user)
                    .set(M.MEMBERSHIP, room.equals("!b3:k") ? "leave" : "join").set(M.EVENT_ID, "$m" + room)
                    .set(M.STREAM_ORDERING, 1L).execute()));
        }
        assertThat(await(repo().roomsWithUnread(user))).isZero();
        await(repo().add(List.of(
                new NewAction(user, "!b1:k", "$e601", 601, "main", "[\"notify\"]", false, 1),
                new NewAction(user, "!b2:k", "$e602", 602, "main", "[\"notify\"]", false, 1),
                new NewAction(user, "!b3:k", "$e603", 603, "main", "[\"notify\"]", false, 1))));
        assertThat(await(repo().roomsWithUnread(user))).as("the room left does not count").isEqualTo(2);
        await(db().write(tx -> {
            var R = RECEIPTS;
            tx.insertInto(R).set(R.ROOM_ID, "!b1:k").set(R.RECEIPT_TYPE, "m.read").set(R.USER_ID, user)
                    .set(R.THREAD_ID, "").set(R.EVENT_ID, "$e601").set(R.EVENT_STREAM, 601L).set(R.TS, 1L)
                    .set(R.STREAM_ID, 70L).execute();
            return null;
        }));
        assertThat(await(repo().roomsWithUnread(user))).isEqualTo(1);
    }

    @Test
    default void actionsOverlappingStoredOnesShouldAddOnlyTheNewOnes() throws Exception {
        String user = "@overlap:kaslo.example";
        String room = ROOM + "overlap";
        await(repo().add(List.of(new NewAction(user, room, "$e701", 701, "main", "[\"notify\"]", false, 701))));
        await(repo().add(List.of(new NewAction(user, room, "$e701", 701, "main", "[\"notify\"]", false, 701),
                new NewAction(user, room, "$e702", 702, "main", "[\"notify\"]", true, 702),
                new NewAction(user, room, "$e702", 702, "main", "[\"notify\"]", true, 702))));
        await(repo().add(List.of(new NewAction(user, room, "$e702", 702, "main", "[\"notify\"]", true, 702),
                new NewAction(user, room, "$e703", 703, "$root", "[\"notify\"]", false, 703))));
        assertThat(await(repo().unread(user, room))).isEqualTo(Map.of("main", new Counts(2, 1), "$root", new Counts(1, 0)));
        assertThat(await(repo().notifications(user, 704, 10, false))).extracting(PushActionRepository.Notification::eventId)
                .containsExactly("$e703", "$e702", "$e701");
    }

    /**
     * Notifications stored in batches spanning three rooms, so that the runs of different rooms overlap: every page
     * of either list, at any position and size, is what one sorted list of all of them gives.
     */
    @Test
    default void notificationListsShouldBeInOrderAcrossOverlappingRunsOfManyRooms() throws Exception {
        String user = "@pager:kaslo.example";
        java.util.Random random = new java.util.Random(14);
        List<NewAction> all = new java.util.ArrayList<>();
        long position = 1000;
        for (int batch = 0; batch < 150; batch++) {
            List<NewAction> actions = new java.util.ArrayList<>();
            for (int i = 1 + random.nextInt(6); i > 0; i--) {
                position += 1 + random.nextInt(3);
                actions.add(new NewAction(user, "!page" + random.nextInt(3) + ":k", "$p" + position, position, "main",
                        "[\"notify\"]", random.nextInt(5) == 0, position));
            }
            await(repo().add(actions));
            all.addAll(actions);
        }
        for (int probe = 0; probe < 12; probe++) {
            long at = 1000 + random.nextInt((int) (position - 1000) + 10);
            int limit = List.of(1, 5, 70, 1000).get(probe % 4);
            boolean onlyHighlight = probe % 3 == 0;
            assertThat(await(repo().notifications(user, at, limit, onlyHighlight)))
                    .extracting(PushActionRepository.Notification::eventId)
                    .as("before %d, limit %d, highlights only %s", at, limit, onlyHighlight)
                    .containsExactlyElementsOf(all.stream()
                            .filter(a -> a.streamOrdering() < at && (!onlyHighlight || a.highlight()))
                            .sorted(java.util.Comparator.comparingLong(NewAction::streamOrdering).reversed())
                            .limit(limit).map(NewAction::eventId).toList());
            var after = await(repo().notificationsAfter(user, at, limit));
            assertThat(after).extracting(PushActionRepository.Notification::eventId).as("after %d, limit %d", at, limit)
                    .containsExactlyElementsOf(all.stream().filter(a -> a.streamOrdering() > at)
                            .sorted(java.util.Comparator.comparingLong(NewAction::streamOrdering))
                            .limit(limit).map(NewAction::eventId).toList());
            assertThat(after).allSatisfy(n -> assertThat(n.highlight())
                    .isEqualTo(all.stream().filter(a -> a.eventId().equals(n.eventId())).findFirst().orElseThrow().highlight()));
        }
    }
}
