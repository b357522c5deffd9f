package org.lightweb.server.rooms.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.lightweb.core.MatrixException;

class RoomListPagesTest {
    /** Seven rooms: !r0 has 7 members, !r1 6, ... !r6 1, so the directory order is !r0 .. !r6. */
    private static final List<DirectoryEntry> ROOMS = IntStream.range(0, 7).mapToObj(i -> entry("!r" + i, 7 - i)).toList();

    private static DirectoryEntry entry(String roomId, long members) {
        return new DirectoryEntry(roomId, members, null, null, null, null, false, false, "public", null);
    }

    private static List<String> ids(RoomListPages.Page page) {
        return page.chunk().stream().map(DirectoryEntry::roomId).toList();
    }

    @Test
    void pageShouldWalkForwardsAndBackWhenFollowingTokens() {
        var first = RoomListPages.page(ROOMS, 3, null);
        assertThat(ids(first)).containsExactly("!r0", "!r1", "!r2");
        assertThat(first.prevBatch()).isNull();
        assertThat(first.total()).isEqualTo(7);

        var second = RoomListPages.page(ROOMS, 3, first.nextBatch());
        assertThat(ids(second)).containsExactly("!r3", "!r4", "!r5");
        var third = RoomListPages.page(ROOMS, 3, second.nextBatch());
        assertThat(ids(third)).containsExactly("!r6");
        assertThat(third.nextBatch()).isNull();

        var back = RoomListPages.page(ROOMS, 3, third.prevBatch());
        assertThat(ids(back)).containsExactly("!r3", "!r4", "!r5");
        var start = RoomListPages.page(ROOMS, 3, back.prevBatch());
        assertThat(ids(start)).containsExactly("!r0", "!r1", "!r2");
        assertThat(start.prevBatch()).isNull();
        assertThat(start.nextBatch()).isNotNull();
    }

    @Test
    void pageShouldNeitherRepeatNorSkipRoomsWhenARoomIsRemovedBetweenPages() {
        var first = RoomListPages.page(ROOMS, 3, null);
        List<DirectoryEntry> fewer = new ArrayList<>(ROOMS);
        fewer.remove(2);                                     // the last room of the first page goes away
        assertThat(ids(RoomListPages.page(fewer, 3, first.nextBatch()))).containsExactly("!r3", "!r4", "!r5");
    }

    @Test
    void pageShouldOrderTiesByRoomIdWhenMemberCountsAreEqual() {
        List<DirectoryEntry> tied = new ArrayList<>(List.of(entry("!b", 2), entry("!a", 2), entry("!c", 5)));
        tied.sort(RoomListPages.ORDER);
        var first = RoomListPages.page(tied, 2, null);
        assertThat(ids(first)).containsExactly("!c", "!a");
        assertThat(ids(RoomListPages.page(tied, 2, first.nextBatch()))).containsExactly("!b");
    }

    @Test
    void pageShouldOfferAWayBackWhenAForwardPageIsEmpty() {
        var last = RoomListPages.page(ROOMS, 7, null);
        assertThat(last.nextBatch()).isNull();
        String beyond = new RoomListPages.Token(true, 0, "!zz").encode();
        var empty = RoomListPages.page(ROOMS, 3, beyond);
        assertThat(empty.chunk()).isEmpty();
        assertThat(ids(RoomListPages.page(ROOMS, 3, empty.prevBatch()))).containsExactly("!r4", "!r5", "!r6");
    }

    @Test
    void pageShouldCapTheLimitWhenItIsZeroOrTooLarge() {
        List<DirectoryEntry> many = IntStream.range(0, 150).mapToObj(i -> entry("!m" + (1000 + i), 1)).toList();
        assertThat(RoomListPages.page(many, 0, null).chunk()).hasSize(RoomListPages.MAX_LIMIT);
        assertThat(RoomListPages.page(many, 500, null).chunk()).hasSize(RoomListPages.MAX_LIMIT);
        assertThat(RoomListPages.page(many, null, null).chunk()).hasSize(RoomListPages.MAX_LIMIT);
    }

    @Test
    void pageShouldFailWithInvalidParamWhenTokenOrLimitIsBad() {
        for (String bad : List.of("nonsense!", "Zm9v", "eDF8IXI=")) {
            assertThatThrownBy(() -> RoomListPages.page(ROOMS, 3, bad)).isInstanceOfSatisfying(MatrixException.class,
                    e -> assertThat(e.errcode().name()).isEqualTo("M_INVALID_PARAM"));
        }
        assertThatThrownBy(() -> RoomListPages.page(ROOMS, -1, null)).isInstanceOf(MatrixException.class);
    }
}
