package org.lightweb.storage.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.storage.jooq.Tables.BLOCKED_ROOMS;
import static org.lightweb.storage.jooq.Tables.CURRENT_STATE;
import static org.lightweb.storage.jooq.Tables.EVENTS;
import static org.lightweb.storage.jooq.Tables.EVENT_EDGES;
import static org.lightweb.storage.jooq.Tables.ROOMS;
import static org.lightweb.storage.jooq.Tables.ROOM_ALIASES;
import static org.lightweb.storage.jooq.Tables.ROOM_MEMBERSHIPS;
import static org.lightweb.storage.jooq.Tables.STATE_GROUPS;
import static org.lightweb.storage.jooq.Tables.STATE_GROUP_ENTRIES;

import java.util.List;
import java.util.Optional;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.lightweb.core.UserId;
import org.lightweb.storage.accounts.NewAccount;
import org.lightweb.storage.admin.AdminRepository.UserQuery;
import org.lightweb.storage.admin.AdminRepository.UserRow;
import org.lightweb.storage.testing.StorageContract;
import org.lightweb.storage.testing.TestStorage;

/** The admin API's reads and writes: the user list with profiles, room counts, blocks and the room purge. */
public interface AdminRepositoryContract extends StorageContract {
    default AdminRepository admin() { return new JooqAdminRepository(storage().db()); }

    private UserId user(String localpart, String displayName, boolean admin, boolean guest) {
        UserId id = UserId.of(localpart, SERVER);
        await(storage().accounts().register(new NewAccount(id, "$argon2id$x", admin, guest, null, null, displayName,
                Optional.empty(), Optional.empty(), Optional.empty())));
        return id;
    }

    private static UserQuery query(String name, long from, int limit, boolean backwards) {
        return new UserQuery(from, limit, name, null, true, false, null, "name", backwards);
    }

    @Test
    default void usersShouldPageAndSearchByLocalpartOrDisplayName() {
        String tag = TestStorage.freshName("pg").toLowerCase();
        UserId a = user(tag + "a", "Anna", false, false);
        UserId b = user(tag + "b", "Bo", true, false);
        UserId c = user("zz" + TestStorage.freshName("c").toLowerCase(), "Friend of " + tag, false, true);
        var first = await(admin().users(query(tag, 0, 2, false)));
        assertThat(first.total()).isEqualTo(3);
        assertThat(first.items()).extracting(UserRow::userId).containsExactly(a, b);
        assertThat(first.items().get(0).displayName()).isEqualTo("Anna");
        assertThat(await(admin().users(query(tag, 2, 2, false))).items()).extracting(UserRow::userId).containsExactly(c);
        assertThat(await(admin().users(query(tag, 0, 1, true))).items()).extracting(UserRow::userId).containsExactly(c);
        var noGuests = new UserQuery(0, 10, tag, null, false, false, null, "name", false);
        assertThat(await(admin().users(noGuests)).items()).extracting(UserRow::userId).containsExactly(a, b);
        var admins = new UserQuery(0, 10, tag, null, true, false, true, "name", false);
        assertThat(await(admin().users(admins)).items()).extracting(UserRow::userId).containsExactly(b);
        var byName = new UserQuery(0, 10, tag, null, true, false, null, "displayname", false);
        assertThat(await(admin().users(byName)).items()).extracting(UserRow::displayName)
                .containsExactly("Anna", "Bo", "Friend of " + tag);
    }

    @Test
    default void deactivatedUsersShouldBeListedOnlyWhenAskedAndReactivated() {
        String tag = TestStorage.freshName("de").toLowerCase();
        UserId gone = user(tag, null, false, false);
        await(storage().accounts().deactivate(gone, false));
        assertThat(await(admin().users(query(tag, 0, 10, false))).total()).isZero();
        var withDeactivated = new UserQuery(0, 10, tag, null, true, true, null, "name", false);
        assertThat(await(admin().users(withDeactivated)).items().get(0).deactivated()).isTrue();
        await(admin().reactivate(gone, "$argon2id$new"));
        UserRow back = await(admin().user(gone)).orElseThrow();
        assertThat(back.deactivated()).isFalse();
        assertThat(await(storage().accounts().find(gone)).orElseThrow().passwordHash()).isEqualTo("$argon2id$new");
    }

    private void seedRoom(String roomId, String event, long group, long stream) {
        storage().db().write(tx -> {
            tx.insertInto(ROOMS).set(ROOMS.ROOM_ID, roomId).set(ROOMS.ROOM_VERSION, "11").set(ROOMS.CREATOR, "@a:example.org")
                    .set(ROOMS.CREATED_TS, 1L).set(ROOMS.STATE_GROUP, group).execute();
            tx.insertInto(EVENTS).set(EVENTS.EVENT_ID, event).set(EVENTS.ROOM_ID, roomId).set(EVENTS.STREAM_ORDERING, stream)
                    .set(EVENTS.DEPTH, 1L).set(EVENTS.TYPE, "m.room.member").set(EVENTS.STATE_KEY, "@a:example.org")
                    .set(EVENTS.SENDER, "@a:example.org").set(EVENTS.ORIGIN_SERVER_TS, 1L).set(EVENTS.RECEIVED_TS, 1L)
                    .set(EVENTS.JSON, "{\"content\":{\"avatar_url\":\"mxc://example.org/abc\"}}").execute();
            tx.insertInto(EVENT_EDGES).set(EVENT_EDGES.EVENT_ID, event).set(EVENT_EDGES.PREV_EVENT_ID, "$prev").execute();
            tx.insertInto(STATE_GROUPS).set(STATE_GROUPS.STATE_GROUP, group).set(STATE_GROUPS.ROOM_ID, roomId)
                    .set(STATE_GROUPS.CHAIN_LENGTH, 0).execute();
            tx.insertInto(STATE_GROUP_ENTRIES).set(STATE_GROUP_ENTRIES.STATE_GROUP, group)
                    .set(STATE_GROUP_ENTRIES.TYPE, "m.room.member").set(STATE_GROUP_ENTRIES.STATE_KEY, "@a:example.org")
                    .set(STATE_GROUP_ENTRIES.EVENT_ID, event).execute();
            tx.insertInto(CURRENT_STATE).set(CURRENT_STATE.ROOM_ID, roomId).set(CURRENT_STATE.TYPE, "m.room.member")
                    .set(CURRENT_STATE.STATE_KEY, "@a:example.org").set(CURRENT_STATE.EVENT_ID, event).execute();
            tx.insertInto(ROOM_MEMBERSHIPS).set(ROOM_MEMBERSHIPS.ROOM_ID, roomId).set(ROOM_MEMBERSHIPS.USER_ID, "@a:example.org")
                    .set(ROOM_MEMBERSHIPS.MEMBERSHIP, "join").set(ROOM_MEMBERSHIPS.EVENT_ID, event)
                    .set(ROOM_MEMBERSHIPS.STREAM_ORDERING, stream).execute();
            tx.insertInto(ROOM_MEMBERSHIPS).set(ROOM_MEMBERSHIPS.ROOM_ID, roomId).set(ROOM_MEMBERSHIPS.USER_ID, "@b:other.org")
                    .set(ROOM_MEMBERSHIPS.MEMBERSHIP, "join").set(ROOM_MEMBERSHIPS.EVENT_ID, event + "b")
                    .set(ROOM_MEMBERSHIPS.STREAM_ORDERING, stream).execute();
            tx.insertInto(ROOM_ALIASES).set(ROOM_ALIASES.ROOM_ALIAS, "#" + event.substring(1) + ":example.org")
                    .set(ROOM_ALIASES.ROOM_ID, roomId).set(ROOM_ALIASES.CREATOR, "@a:example.org")
                    .set(ROOM_ALIASES.CREATED_TS, 1L).execute();
            return null;
        }).toCompletionStage().toCompletableFuture().join();
    }

    private int rows(Table<?> table, org.jooq.Condition where) {
        return await(storage().db().read(ctx -> ctx.fetchCount(table, where)));
    }

    @Test
    default void roomsShouldCountJoinedAndLocalMembersAndState() {
        String room = "!" + TestStorage.freshName("count") + ":example.org";
        seedRoom(room, "$" + TestStorage.freshName("e"), 9_100_000L + System.nanoTime() % 100_000, 9_000_000L + System.nanoTime() % 100_000);
        var row = await(admin().room(room, "example.org")).orElseThrow();
        assertThat(row.joinedMembers()).isEqualTo(2);
        assertThat(row.joinedLocalMembers()).isEqualTo(1);
        assertThat(row.stateEvents()).isEqualTo(1);
        assertThat(await(admin().rooms("example.org"))).extracting(AdminRepository.RoomRow::roomId).contains(room);
        assertThat(await(admin().eventsWithMedia(room))).hasSize(1);
    }

    @Test
    default void purgeShouldDeleteEveryRowOfTheRoomAndKeepTheBlockAndOtherRooms() {
        long base = 8_000_000L + System.nanoTime() % 100_000;
        String doomed = "!" + TestStorage.freshName("doomed") + ":example.org";
        String kept = "!" + TestStorage.freshName("kept") + ":example.org";
        String doomedEvent = "$" + TestStorage.freshName("d");
        String keptEvent = "$" + TestStorage.freshName("k");
        seedRoom(doomed, doomedEvent, base, base);
        seedRoom(kept, keptEvent, base + 1, base + 1);
        await(admin().block(doomed, "@admin:example.org", 5));

        assertThat(await(admin().purgeRoom(doomed))).isGreaterThanOrEqualTo(9);

        for (Table<?> t : List.of(ROOMS, EVENTS, STATE_GROUPS, CURRENT_STATE, ROOM_MEMBERSHIPS, ROOM_ALIASES)) {
            @SuppressWarnings("unchecked")
            var roomId = (org.jooq.Field<String>) t.field("room_id");
            assertThat(rows(t, roomId.eq(doomed))).as(t.getName()).isZero();
            assertThat(rows(t, roomId.eq(kept))).as(t.getName()).isPositive();
        }
        assertThat(rows(EVENT_EDGES, EVENT_EDGES.EVENT_ID.eq(doomedEvent))).isZero();
        assertThat(rows(EVENT_EDGES, EVENT_EDGES.EVENT_ID.eq(keptEvent))).isEqualTo(1);
        assertThat(rows(STATE_GROUP_ENTRIES, STATE_GROUP_ENTRIES.STATE_GROUP.eq(base))).isZero();
        assertThat(rows(STATE_GROUP_ENTRIES, STATE_GROUP_ENTRIES.STATE_GROUP.eq(base + 1))).isEqualTo(1);
        assertThat(rows(BLOCKED_ROOMS, DSL.trueCondition().and(BLOCKED_ROOMS.ROOM_ID.eq(doomed)))).isEqualTo(1);
        assertThat(await(admin().blockedBy(doomed))).contains("@admin:example.org");
        await(admin().unblock(doomed));
        assertThat(await(admin().blockedBy(doomed))).isEmpty();
    }

    @Test
    default void mediaUploadedByShouldListOnlyThatUsersUploads() {
        var media = new org.lightweb.storage.media.JooqMediaRepository(storage().db());
        String user = "@" + TestStorage.freshName("up") + ":example.org";
        String a = TestStorage.freshName("ma");
        String b = TestStorage.freshName("mb");
        var content = new org.lightweb.storage.media.MediaRepository.Content("text/plain", null, 1, "ab".repeat(32));
        await(media.addUploaded("example.org", a, user, content, 1, false));
        await(media.addUploaded("example.org", b, user, content, 2, false));
        await(media.addUploaded("example.org", TestStorage.freshName("mc"), "@other:example.org", content, 3, false));
        assertThat(await(admin().mediaUploadedBy(user))).containsExactly(List.of("example.org", a), List.of("example.org", b));
    }
}
