package org.lightweb.storage.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.storage.jooq.Tables.ROOMS;
import static org.lightweb.storage.jooq.Tables.ROOM_MEMBERSHIPS;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lightweb.core.UserId;
import org.lightweb.storage.search.UserDirectoryRepository.Entry;
import org.lightweb.storage.testing.StorageContract;
import org.lightweb.storage.testing.TestStorage;

/** What {@link UserDirectoryRepository} promises on every database. Memberships are written straight to the table. */
public interface UserDirectoryRepositoryContract extends StorageContract {

    default UserDirectoryRepository directory() { return new JooqUserDirectoryRepository(storage().db()); }

    default String freshRoom() { return "!" + TestStorage.freshName("r") + ":example.org"; }

    default void member(String roomId, String userId, String membership) {
        var M = ROOM_MEMBERSHIPS;
        await(storage().db().write(tx -> tx.insertInto(M).set(M.ROOM_ID, roomId).set(M.USER_ID, userId)
                .set(M.MEMBERSHIP, membership).set(M.EVENT_ID, "$" + TestStorage.freshName("m")).set(M.STREAM_ORDERING, 1L)
                .onConflict(M.ROOM_ID, M.USER_ID).doUpdate().set(M.MEMBERSHIP, membership).execute()));
    }

    default List<String> found(UserId searcher, String term) {
        return await(directory().search(searcher.toString(), SearchWords.of(term, 10), 10)).users().stream()
                .map(Entry::userId).toList();
    }

    @Test
    default void isEmptyShouldBeFalseOnceAUserIsIn() {
        await(directory().put(registeredUser().toString(), "Someone", null));

        assertThat(await(directory().isEmpty())).isFalse();
    }

    @Test
    default void searchShouldFindARoomMateByAWordPrefixOfTheDisplayNameInAnyCase() {
        UserId me = registeredUser();
        UserId mate = registeredUser();
        String room = freshRoom();
        member(room, me.toString(), "join");
        member(room, mate.toString(), "join");
        await(directory().put(mate.toString(), "Zebulon Quartermaine", null));

        assertThat(found(me, "quarter")).containsExactly(mate.toString());
        assertThat(found(me, "ZEB QUA")).containsExactly(mate.toString());
        assertThat(found(me, "ulon")).isEmpty();
        assertThat(found(me, mate.localpart())).containsExactly(mate.toString());
    }

    @Test
    default void searchShouldNotFindAUserWhoSharesNoRoomAndIsInNoPublicRoom() {
        UserId me = registeredUser();
        UserId stranger = registeredUser();
        String mine = freshRoom();
        String theirs = freshRoom();
        member(mine, me.toString(), "join");
        member(theirs, stranger.toString(), "join");
        member(mine, stranger.toString(), "leave");
        await(directory().put(stranger.toString(), "Xanthippe Stranger", null));

        assertThat(found(me, "xanthippe")).isEmpty();
    }

    @Test
    default void searchShouldFindAMemberOfAPublicRoomWhenTheSearcherSharesNoRoom() {
        UserId me = registeredUser();
        UserId other = registeredUser();
        String room = freshRoom();
        member(room, other.toString(), "join");
        await(directory().put(other.toString(), "Yolanda Publica", null));

        await(directory().setPublicRoom(room, true));
        assertThat(found(me, "yolanda")).containsExactly(other.toString());

        await(directory().setPublicRoom(room, false));
        assertThat(found(me, "yolanda")).isEmpty();
    }

    @Test
    default void searchShouldFindAMemberOfARoomPublishedInTheDirectory() {
        UserId me = registeredUser();
        UserId other = registeredUser();
        String room = freshRoom();
        await(storage().db().write(tx -> tx.insertInto(ROOMS).set(ROOMS.ROOM_ID, room).set(ROOMS.ROOM_VERSION, "10")
                .set(ROOMS.CREATOR, other.toString()).set(ROOMS.CREATED_TS, 1L).set(ROOMS.IS_PUBLIC, true).execute()));
        member(room, other.toString(), "join");
        await(directory().put(other.toString(), "Wilhelmina Listed", null));

        assertThat(found(me, "wilhelmina")).containsExactly(other.toString());
    }

    @Test
    default void searchShouldNotFindADeactivatedUser() {
        UserId me = registeredUser();
        UserId gone = registeredUser();
        String room = freshRoom();
        member(room, me.toString(), "join");
        member(room, gone.toString(), "join");
        await(directory().put(gone.toString(), "Vercingetorix Gone", null));
        assertThat(found(me, "vercingetorix")).containsExactly(gone.toString());

        await(storage().accounts().deactivate(gone, false));

        assertThat(found(me, "vercingetorix")).isEmpty();
    }

    @Test
    default void searchShouldSayLimitedWhenMoreUsersMatchThanTheLimit() {
        UserId me = registeredUser();
        String room = freshRoom();
        member(room, me.toString(), "join");
        for (int i = 0; i < 3; i++) {
            UserId u = registeredUser();
            member(room, u.toString(), "join");
            await(directory().put(u.toString(), "Ulrike " + i, null));
        }

        var two = await(directory().search(me.toString(), List.of("ulrike"), 2));
        var all = await(directory().search(me.toString(), List.of("ulrike"), 3));

        assertThat(two.users()).extracting(Entry::displayName).containsExactly("Ulrike 0", "Ulrike 1");
        assertThat(two.limited()).isTrue();
        assertThat(all.limited()).isFalse();
    }

    @Test
    default void putShouldReplaceTheNameWhenTheProfileChanges() {
        UserId me = registeredUser();
        UserId mate = registeredUser();
        String room = freshRoom();
        member(room, me.toString(), "join");
        member(room, mate.toString(), "join");
        await(directory().put(mate.toString(), "Tiberius Old", null));

        await(directory().put(mate.toString(), "Tiberius New", "mxc://example.org/a"));

        var users = await(directory().search(me.toString(), List.of("tiberius"), 10)).users();
        assertThat(users).containsExactly(new Entry(mate.toString(), "Tiberius New", "mxc://example.org/a"));
        assertThat(found(me, "old")).isEmpty();
    }

    @Test
    default void joinedUsersShouldListJoinedMembersOnlyWhenRebuilding() {
        UserId joined = registeredUser();
        UserId left = registeredUser();
        String room = freshRoom();
        member(room, joined.toString(), "join");
        member(room, left.toString(), "leave");

        var users = await(directory().joinedUsers());

        assertThat(users).containsKey(joined.toString()).doesNotContainKey(left.toString());
    }
}
