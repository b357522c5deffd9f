package org.lightweb.federation.protocol.auth;

import static org.lightweb.federation.protocol.auth.AuthAssertions.assertAllowedBy;
import static org.lightweb.federation.protocol.auth.AuthAssertions.assertRejectedBy;
import static org.lightweb.federation.protocol.auth.AuthAssertions.rule;
import static org.lightweb.federation.protocol.auth.TestRoom.ALICE;
import static org.lightweb.federation.protocol.auth.TestRoom.BOB;
import static org.lightweb.federation.protocol.auth.TestRoom.CAROL;
import static org.lightweb.federation.protocol.auth.TestRoom.DAVE;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lightweb.federation.protocol.CanonicalJson;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.StateKey;

/** Rule 10 (v10/v11: 9): m.room.power_levels events. Dave, at 50, changes levels set up beyond his reach. */
class PowerLevelsEventRulesTest {
    private static final List<String> LEVELS = List.of("users_default", "events_default", "state_default", "ban",
            "redact", "kick", "invite");

    private static String allowed(RoomVersion v) { return rule(v, "10.11", "9.10"); }

    /** The standard room, Dave joined at 50, with {@code current} merged (users too) into its levels unchecked. */
    private static TestRoom room(RoomVersion v, String current) {
        TestRoom room = TestRoom.standard(v);
        ObjectNode levels = room.powerLevels(DAVE, 50);
        ObjectNode extra = (ObjectNode) CanonicalJson.parse(current);
        if (extra.has("users")) ((ObjectNode) levels.get("users")).setAll((ObjectNode) extra.remove("users"));
        levels.setAll(extra);
        room.forcePowerLevels(levels);
        room.forceMembership(DAVE, "join");
        return room;
    }

    /** {@code sender}'s power levels: the current content, changed by {@code change}. */
    private static Pdu change(TestRoom room, String sender, Consumer<ObjectNode> change) {
        ObjectNode next = room.stateOf(StateKey.powerLevels()).orElseThrow().content().deepCopy();
        change.accept(next);
        return room.event(sender, StateKey.POWER_LEVELS, "").content(next).build();
    }

    private static Pdu change(TestRoom room, Consumer<ObjectNode> change) { return change(room, DAVE, change); }

    private static ObjectNode at(ObjectNode content, String map) {
        return content.has(map) ? (ObjectNode) content.get(map) : content.putObject(map);
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void powerLevelsShouldBeRejectedWhenALevelIsNotAnInteger(RoomVersion v) {  // 10.1
        TestRoom room = room(v, "{}");
        for (String key : LEVELS) {
            assertRejectedBy(room.check(change(room, c -> c.put(key, "0"))), rule(v, "10.1", "9.1"));
            assertRejectedBy(room.check(change(room, c -> c.putNull(key))), rule(v, "10.1", "9.1"));
            assertRejectedBy(room.check(change(room, c -> c.put(key, true))), rule(v, "10.1", "9.1"));
        }
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void powerLevelsShouldBeAllowedWhenEveryLevelIsAnInteger(RoomVersion v) {  // 10.1
        TestRoom room = room(v, "{}");
        assertAllowedBy(room.check(change(room, c -> LEVELS.forEach(k -> c.put(k, k.equals("users_default") ? 0 : 50)))),
                allowed(v));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void powerLevelsShouldBeRejectedWhenEventsOrNotificationsAreNotObjectsOfIntegers(RoomVersion v) {  // 10.2
        TestRoom room = room(v, "{}");
        for (String map : new String[] {"events", "notifications"}) {
            assertRejectedBy(room.check(change(room, c -> c.put(map, 50))), rule(v, "10.2", "9.2"));
            assertRejectedBy(room.check(change(room, c -> c.putArray(map))), rule(v, "10.2", "9.2"));
            assertRejectedBy(room.check(change(room, c -> at(c, map).put("room", "50"))), rule(v, "10.2", "9.2"));
        }
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void powerLevelsShouldBeAllowedWhenEventsAndNotificationsAreObjectsOfIntegers(RoomVersion v) {  // 10.2
        TestRoom room = room(v, "{}");
        assertAllowedBy(room.check(change(room, c -> {
            at(c, "events").put("m.room.name", 50);
            at(c, "notifications").put("room", 20);
        })), allowed(v));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void powerLevelsShouldBeRejectedWhenUsersIsNotAMapOfUserIdsToIntegers(RoomVersion v) {  // 10.3
        TestRoom room = room(v, "{}");
        assertRejectedBy(room.check(change(room, c -> at(c, "users").put("bob", 10))), rule(v, "10.3", "9.3"));
        assertRejectedBy(room.check(change(room, c -> at(c, "users").put("@bob:b.example/x", 10))), rule(v, "10.3", "9.3"));
        assertRejectedBy(room.check(change(room, c -> at(c, "users").put(BOB, "10"))), rule(v, "10.3", "9.3"));
        assertRejectedBy(room.check(change(room, c -> c.putArray("users"))), rule(v, "10.3", "9.3"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void powerLevelsShouldBeAllowedWhenUsersMapsUserIdsToIntegersOrIsAbsent(RoomVersion v) {  // 10.3
        TestRoom room = room(v, "{}");
        assertAllowedBy(room.check(change(room, c -> at(c, "users").put("@Old=Style:b.example", 10))), allowed(v));
        TestRoom fresh = TestRoom.created(v);
        fresh.send(fresh.member(ALICE, ALICE, "join"));
        assertAllowedBy(fresh.check(fresh.event(ALICE, StateKey.POWER_LEVELS, "").content("{\"ban\": 50}").build()),
                rule(v, "10.5", "9.4"));
    }

    @Test
    void powerLevelsShouldBeRejectedWhenUsersListsACreatorInV12() {  // 10.4
        TestRoom room = TestRoom.created(RoomVersion.V12, TestRoom.JSON.objectNode()
                .set("additional_creators", TestRoom.JSON.arrayNode().add(BOB)));
        room.send(room.member(ALICE, ALICE, "join"));
        room.send(room.event(ALICE, StateKey.POWER_LEVELS, "").content(room.powerLevels(DAVE, 50)));
        assertRejectedBy(room.check(change(room, ALICE, c -> at(c, "users").put(ALICE, 100))), "10.4");
        assertRejectedBy(room.check(change(room, ALICE, c -> at(c, "users").put(BOB, 100))), "10.4");
        assertAllowedBy(room.check(change(room, ALICE, c -> at(c, "users").put(CAROL, 100))), "10.11");
    }

    @ParameterizedTest
    @EnumSource(value = RoomVersion.class, names = {"V10", "V11"})
    void powerLevelsShouldBeAllowedWhenUsersListsTheCreatorBeforeV12(RoomVersion v) {  // no 10.4 before v12
        TestRoom room = room(v, "{}");
        assertAllowedBy(room.check(change(room, ALICE, c -> at(c, "users").put(ALICE, 100))), "9.10");
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void powerLevelsShouldBeAllowedWhateverTheyGrantWhenTheRoomHasNone(RoomVersion v) {  // 10.5
        TestRoom room = TestRoom.created(v);
        room.send(room.member(ALICE, ALICE, "join"));
        ObjectNode generous = room.powerLevels(BOB, 9000).put("ban", 9000);
        assertAllowedBy(room.check(room.event(ALICE, StateKey.POWER_LEVELS, "").content(generous).build()),
                rule(v, "10.5", "9.4"));
    }

    @ParameterizedTest
    @EnumSource(value = RoomVersion.class, names = {"V10", "V11"})
    void powerLevelsShouldBeCheckedForChangesWhenTheRoomHasSome(RoomVersion v) {  // 10.5 does not apply
        TestRoom room = TestRoom.standard(v);
        ObjectNode generous = room.powerLevels(BOB, 9000).put("ban", 9000);
        assertRejectedBy(room.check(room.event(ALICE, StateKey.POWER_LEVELS, "").content(generous).build()), "9.5.2");
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void powerLevelsShouldBeRejectedWhenChangingOrRemovingALevelAboveTheSender(RoomVersion v) {  // 10.6.1
        for (String key : LEVELS) {
            // events pins the power levels event's own level, so that state_default 51 does not stop Dave at rule 8.
            TestRoom room = room(v, "{\"" + key + "\": 51, \"events\": {\"m.room.power_levels\": 50}}");
            assertRejectedBy(room.check(change(room, c -> c.put(key, 40))), rule(v, "10.6.1", "9.5.1"));
            assertRejectedBy(room.check(change(room, c -> c.remove(key))), rule(v, "10.6.1", "9.5.1"));
        }
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void powerLevelsShouldBeAllowedWhenChangingOrRemovingALevelUpToTheSender(RoomVersion v) {  // 10.6.1
        for (String key : LEVELS) {
            TestRoom room = room(v, "{\"" + key + "\": 50}");
            assertAllowedBy(room.check(change(room, c -> c.put(key, 40))), allowed(v));
            assertAllowedBy(room.check(change(room, c -> c.remove(key))), allowed(v));
        }
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void powerLevelsShouldBeRejectedWhenAddingOrRaisingALevelAboveTheSender(RoomVersion v) {  // 10.6.2
        for (String key : LEVELS) {
            TestRoom room = room(v, "{}");
            assertRejectedBy(room.check(change(room, c -> c.put(key, 51))), rule(v, "10.6.2", "9.5.2"));
            TestRoom set = room(v, "{\"" + key + "\": 10}");
            assertRejectedBy(set.check(change(set, c -> c.put(key, 51))), rule(v, "10.6.2", "9.5.2"));
        }
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void powerLevelsShouldBeAllowedWhenAddingALevelUpToTheSender(RoomVersion v) {  // 10.6.2
        for (String key : LEVELS) {
            TestRoom room = room(v, "{}");
            assertAllowedBy(room.check(change(room, c -> c.put(key, 50))), allowed(v));
        }
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void powerLevelsShouldBeRejectedWhenChangingOrRemovingAnEntryAboveTheSender(RoomVersion v) {  // 10.7.1
        for (String map : new String[] {"events", "notifications"}) {
            TestRoom room = room(v, "{\"" + map + "\": {\"m.x\": 51}}");
            assertRejectedBy(room.check(change(room, c -> at(c, map).put("m.x", 10))), rule(v, "10.7.1", "9.6.1"));
            assertRejectedBy(room.check(change(room, c -> at(c, map).remove("m.x"))), rule(v, "10.7.1", "9.6.1"));
        }
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void powerLevelsShouldBeAllowedWhenEntriesAboveTheSenderStayAsTheyAre(RoomVersion v) {  // 10.7.1
        for (String map : new String[] {"events", "notifications"}) {
            TestRoom room = room(v, "{\"" + map + "\": {\"m.x\": 51, \"m.y\": 50}}");
            assertAllowedBy(room.check(change(room, c -> at(c, map).put("m.y", 10))), allowed(v));
            assertAllowedBy(room.check(change(room, c -> at(c, map).remove("m.y"))), allowed(v));
        }
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void powerLevelsShouldBeRejectedWhenAddingOrRaisingAnEntryAboveTheSender(RoomVersion v) {  // 10.8.1
        for (String map : new String[] {"events", "notifications"}) {
            TestRoom room = room(v, "{\"" + map + "\": {\"m.x\": 10}}");
            assertRejectedBy(room.check(change(room, c -> at(c, map).put("m.y", 51))), rule(v, "10.8.1", "9.7.1"));
            assertRejectedBy(room.check(change(room, c -> at(c, map).put("m.x", 51))), rule(v, "10.8.1", "9.7.1"));
        }
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void powerLevelsShouldBeAllowedWhenAddingOrRaisingAnEntryUpToTheSender(RoomVersion v) {  // 10.8.1
        for (String map : new String[] {"events", "notifications"}) {
            TestRoom room = room(v, "{\"" + map + "\": {\"m.x\": 10}}");
            assertAllowedBy(room.check(change(room, c -> at(c, map).put("m.y", 50).put("m.x", 50))), allowed(v));
        }
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void powerLevelsShouldBeRejectedWhenChangingOrRemovingAUserNotBelowTheSender(RoomVersion v) {  // 10.9.1
        TestRoom room = room(v, "{\"users\": {\"" + CAROL + "\": 50, \"" + BOB + "\": 60}}");
        assertRejectedBy(room.check(change(room, c -> at(c, "users").put(CAROL, 10))), rule(v, "10.9.1", "9.8.1"));
        assertRejectedBy(room.check(change(room, c -> at(c, "users").remove(CAROL))), rule(v, "10.9.1", "9.8.1"));
        assertRejectedBy(room.check(change(room, c -> at(c, "users").put(BOB, 50))), rule(v, "10.9.1", "9.8.1"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void powerLevelsShouldBeAllowedWhenChangingUsersBelowTheSenderOrTheSendersOwnEntry(RoomVersion v) {  // 10.9.1
        TestRoom room = room(v, "{\"users\": {\"" + BOB + "\": 49}}");
        assertAllowedBy(room.check(change(room, c -> at(c, "users").put(BOB, 10))), allowed(v));
        assertAllowedBy(room.check(change(room, c -> at(c, "users").remove(BOB))), allowed(v));
        assertAllowedBy(room.check(change(room, c -> at(c, "users").put(DAVE, 10))), allowed(v));
        assertAllowedBy(room.check(change(room, c -> at(c, "users").remove(DAVE))), allowed(v));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void powerLevelsShouldBeRejectedWhenGivingAUserMoreThanTheSender(RoomVersion v) {  // 10.10.1
        TestRoom room = room(v, "{\"users\": {\"" + BOB + "\": 10}}");
        assertRejectedBy(room.check(change(room, c -> at(c, "users").put(BOB, 51))), rule(v, "10.10.1", "9.9.1"));
        assertRejectedBy(room.check(change(room, c -> at(c, "users").put(CAROL, 51))), rule(v, "10.10.1", "9.9.1"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void powerLevelsShouldBeAllowedWhenGivingAUserUpToTheSender(RoomVersion v) {  // 10.10.1, then 10.11
        TestRoom room = room(v, "{\"users\": {\"" + BOB + "\": 10}}");
        assertAllowedBy(room.check(change(room, c -> at(c, "users").put(BOB, 50).put(CAROL, 50))), allowed(v));
    }

    @Test
    void powerLevelsShouldBeAllowedWhenACreatorSetsAnyLevelInV12() {  // 10.6-10.10 with infinite power
        TestRoom room = room(RoomVersion.V12, "{\"ban\": 9007199254740991, \"users\": {\"" + DAVE + "\": 9007199254740991}}");
        assertAllowedBy(room.check(change(room, ALICE, c -> {
            c.put("ban", 0).put("kick", 9007199254740991L);
            at(c, "users").remove(DAVE);
            at(c, "events").put("m.room.tombstone", 9007199254740991L);
        })), "10.11");
    }
}
