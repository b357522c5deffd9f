package org.lightweb.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;
import org.lightweb.storage.testing.StorageContract;
import org.lightweb.storage.testing.TestStorage;

/** What {@link Jdbc} promises, on every database: its SQL runs as written, binds what it is given, fails as jOOQ does. */
public interface JdbcContract extends StorageContract {
    String INSERT_ROOM = "INSERT INTO rooms (room_id, room_version, creator, created_ts, is_public, state_group) "
            + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

    record Room(String id, boolean isPublic, Long stateGroup, long created) {}

    private List<Room> rooms(List<String> ids) {
        return await(storage().db().read(ctx -> Jdbc.query(ctx, "SELECT room_id, is_public, state_group, created_ts FROM rooms "
                + "WHERE room_id IN (" + Jdbc.marks(ids.size()) + ") ORDER BY room_id", rs -> new Room(rs.getString(1),
                rs.getBoolean(2), Jdbc.nullableLong(rs, "state_group"), rs.getLong(4)), ids.toArray())));
    }

    @Test
    default void valuesShouldRoundTripWhenBoundAsStringsLongsBooleansAndNulls() {
        String a = "!" + TestStorage.freshName("a") + ":x";
        String b = "!" + TestStorage.freshName("b") + ":x";
        await(storage().db().write(tx -> Jdbc.update(tx, INSERT_ROOM, a, "10", "@c:x", 5L, true, null)
                + Jdbc.update(tx, INSERT_ROOM, b, "10", "@c:x", 6L, false, 42L)));

        assertThat(rooms(List.of(a, b))).containsExactly(new Room(a, true, null, 5), new Room(b, false, 42L, 6));
        String none = await(storage().db().read(ctx -> Jdbc.first(ctx, "SELECT room_id FROM rooms WHERE room_id = ?",
                rs -> rs.getString(1), "!nowhere:x")));
        assertThat(none).isNull();
    }

    @Test
    default void aBatchShouldSayWhichRowsItStoredWhenSomeConflict() {
        String a = "!" + TestStorage.freshName("a") + ":x";
        String b = "!" + TestStorage.freshName("b") + ":x";
        int[] counts = await(storage().db().write(tx -> Jdbc.batch(tx, INSERT_ROOM, List.of(
                new Object[] {a, "10", "@c:x", 1L, false, null},
                new Object[] {a, "10", "@c:x", 2L, false, null},
                new Object[] {b, "10", "@c:x", 3L, false, null}))));

        assertThat(counts).containsExactly(1, 0, 1);
        assertThat(rooms(List.of(a, b))).extracting(Room::created).containsExactly(1L, 3L);
    }

    @Test
    default void aFailedStatementShouldThrowJooqsExceptionWithTheCauseAndRollTheTransactionBack() {
        String a = "!" + TestStorage.freshName("a") + ":x";
        String plain = "INSERT INTO rooms (room_id, room_version, creator, created_ts) VALUES (?, ?, ?, ?)";

        assertThatThrownBy(() -> await(storage().db().write(tx -> {
            Jdbc.update(tx, plain, a, "10", "@c:x", 1L);
            return Jdbc.update(tx, plain, a, "10", "@c:x", 2L);
        }))).isInstanceOf(DataAccessException.class).hasCauseInstanceOf(java.sql.SQLException.class);
        assertThat(rooms(List.of(a))).isEmpty();
    }

    @Test
    default void anInListShouldNeedAtLeastOneValue() {
        assertThat(Jdbc.marks(3)).isEqualTo("?, ?, ?");
        assertThatThrownBy(() -> Jdbc.marks(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Jdbc.args(List.of("b", "c"), "a")).containsExactly("a", "b", "c");
    }
}
