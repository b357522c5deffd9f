package org.lightweb.server.messages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lightweb.storage.rooms.RoomPosition;

class HistoryAccessTest {
    private final RoomPosition leave = new RoomPosition(10, 50);

    @Test
    void clampShouldMoveAPointBackToTheLeaveWhenThePointIsAfterIt() {
        var grant = new HistoryAccess.Grant(Optional.of(leave));
        assertThat(grant.clamp(new RoomPosition(12, 60))).isEqualTo(leave);
        assertThat(grant.clamp(new RoomPosition(10, 51))).isEqualTo(leave);
    }

    @Test
    void clampShouldKeepThePointWhenItIsBeforeTheLeaveOrThereIsNone() {
        var grant = new HistoryAccess.Grant(Optional.of(leave));
        assertThat(grant.clamp(new RoomPosition(9, 70))).isEqualTo(new RoomPosition(9, 70));
        assertThat(new HistoryAccess.Grant(Optional.empty()).clamp(new RoomPosition(99, 99))).isEqualTo(new RoomPosition(99, 99));
    }
}
