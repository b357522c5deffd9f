package org.lightweb.server.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lightweb.core.Json;
import org.lightweb.federation.protocol.RoomVersion;

class UpgradePowerLevelsTest {
    private static final String ALICE = "@alice:kaslo.example";
    private static final String BOB = "@bob:kaslo.example";

    /** What createRoom gives a v11 room, plus Bob as a moderator. */
    private static ObjectNode v11Levels() {
        ObjectNode pl = PowerLevelDefaults.forNewRoom(RoomVersion.V11,
                org.lightweb.core.UserId.parse(ALICE).orElseThrow(), java.util.List.of(), true);
        ((ObjectNode) pl.get("users")).put(BOB, 50);
        return pl;
    }

    @Test
    void whileCopyingShouldRaiseTheUpgraderToTheHighestLevelWhenTheirsIsLower() {
        ObjectNode old = v11Levels();
        ((ObjectNode) old.get("events")).put("m.room.server_acl", 120);
        ((ObjectNode) old.get("users")).put(BOB, 100);

        ObjectNode pl = UpgradePowerLevels.whileCopying(old, BOB, Set.of(), RoomVersion.V11);

        assertThat(pl.path("users").path(BOB).asLong()).isEqualTo(120);
        assertThat(old.path("users").path(BOB).asLong()).as("the old content is not changed").isEqualTo(100);
    }

    @Test
    void whileCopyingShouldKeepTheUpgradersLevelWhenItIsHighEnough() {
        ObjectNode pl = UpgradePowerLevels.whileCopying(v11Levels(), ALICE, Set.of(), RoomVersion.V11);

        assertThat(pl).isEqualTo(v11Levels());
    }

    @Test
    void whileCopyingShouldCountBanAndStateDefaultWhenTheyAreTheHighest() {
        ObjectNode old = Json.object().put("ban", 75).put("state_default", 60);
        old.putObject("users").put(ALICE, 40);

        ObjectNode pl = UpgradePowerLevels.whileCopying(old, ALICE, Set.of(), RoomVersion.V11);

        assertThat(pl.path("users").path(ALICE).asLong()).isEqualTo(75);
    }

    @Test
    void whileCopyingShouldLeaveCreatorsOutOfUsersWhenTheNewVersionIsV12() {
        ObjectNode pl = UpgradePowerLevels.whileCopying(v11Levels(), ALICE, Set.of(ALICE, BOB), RoomVersion.V12);

        assertThat(pl.path("users").has(ALICE)).isFalse();
        assertThat(pl.path("users").has(BOB)).isFalse();
    }

    @Test
    void afterCopyingShouldBeTheOldLevelsWhenTheNewVersionIsBeforeV12() {
        assertThat(UpgradePowerLevels.afterCopying(v11Levels(), Set.of(), RoomVersion.V11)).isEqualTo(v11Levels());
    }

    @Test
    void afterCopyingShouldKeepAnOldTombstoneLevelWhenItIsAboveStateDefault() {
        ObjectNode pl = UpgradePowerLevels.afterCopying(v11Levels(), Set.of(ALICE), RoomVersion.V12);

        assertThat(pl.path("events").path("m.room.tombstone").asLong()).isEqualTo(100);
        assertThat(pl.path("users").has(ALICE)).isFalse();
        assertThat(pl.path("users").path(BOB).asLong()).isEqualTo(50);
    }

    @Test
    void afterCopyingShouldRaiseTheTombstoneAboveStateDefaultWhenTheNewVersionIsV12() {
        ObjectNode old = Json.object().put("state_default", 50);
        ObjectNode pl = UpgradePowerLevels.afterCopying(old, Set.of(ALICE), RoomVersion.V12);
        assertThat(pl.path("events").path("m.room.tombstone").asLong()).isEqualTo(150);

        ObjectNode high = Json.object().put("state_default", 200);
        high.putObject("events").put("m.room.tombstone", 200);
        assertThat(UpgradePowerLevels.afterCopying(high, Set.of(ALICE), RoomVersion.V12)
                .path("events").path("m.room.tombstone").asLong()).isEqualTo(201);
    }

    @Test
    void lockedDownShouldRaiseEventsDefaultAndInviteToModeratorWhenUsersDefaultIsZero() {
        ObjectNode pl = UpgradePowerLevels.lockedDown(v11Levels()).orElseThrow();

        assertThat(pl.path("events_default").asLong()).isEqualTo(50);
        assertThat(pl.path("invite").asLong()).isEqualTo(50);
        assertThat(pl.path("users")).isEqualTo(v11Levels().path("users"));
    }

    @Test
    void lockedDownShouldGoAboveUsersDefaultWhenUsersDefaultIsHigh() {
        ObjectNode old = Json.object().put("users_default", 60).put("invite", 0);

        ObjectNode pl = UpgradePowerLevels.lockedDown(old).orElseThrow();

        assertThat(pl.path("events_default").asLong()).isEqualTo(61);
        assertThat(pl.path("invite").asLong()).isEqualTo(61);
    }

    @Test
    void lockedDownShouldChangeNothingWhenTheRoomIsLockedAlready() {
        ObjectNode old = Json.object().put("events_default", 50).put("invite", 100);

        assertThat(UpgradePowerLevels.lockedDown(old)).isEmpty();
    }
}
