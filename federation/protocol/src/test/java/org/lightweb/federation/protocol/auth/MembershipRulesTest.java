package org.lightweb.federation.protocol.auth;

import static org.lightweb.federation.protocol.auth.AuthAssertions.assertAllowedBy;
import static org.lightweb.federation.protocol.auth.AuthAssertions.assertRejectedBy;
import static org.lightweb.federation.protocol.auth.AuthAssertions.rule;
import static org.lightweb.federation.protocol.auth.TestRoom.ALICE;
import static org.lightweb.federation.protocol.auth.TestRoom.BOB;
import static org.lightweb.federation.protocol.auth.TestRoom.CAROL;
import static org.lightweb.federation.protocol.auth.TestRoom.DAVE;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lightweb.federation.protocol.RoomVersion;

/** Rule 5 (v10/v11: 4): 5.1, 5.2, leave (5.5), ban (5.6), knock (5.7) and unknown memberships (5.8). */
class MembershipRulesTest {
    private static String r(RoomVersion v, String sub) { return rule(v, "5" + sub, "4" + sub); }

    /** The standard room with Bob joined, Dave at 50 and joined, and the given extra levels. */
    private static TestRoom room(RoomVersion v, String key, int level) {
        TestRoom room = TestRoom.standard(v);
        room.setPowerLevels(room.powerLevels(DAVE, 50).put(key, level));
        room.forceMembership(BOB, "join");
        room.forceMembership(DAVE, "join");
        return room;
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void memberEventShouldBeRejectedWhenItHasNoStateKeyOrNoMembership(RoomVersion v) {  // 5.1
        TestRoom room = TestRoom.standard(v);
        assertRejectedBy(room.check(room.member(ALICE, BOB, "invite").tweak(e -> e.remove("state_key")).build()), r(v, ".1"));
        assertRejectedBy(room.check(room.member(ALICE, BOB, "invite").content("{\"displayname\": \"B\"}").build()), r(v, ".1"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void memberEventShouldPassTheShapeRuleWhenItHasStateKeyAndMembership(RoomVersion v) {  // 5.1
        TestRoom room = TestRoom.standard(v);
        assertAllowedBy(room.check(room.member(ALICE, BOB, "invite").build()), r(v, ".4.4"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void memberEventShouldBeRejectedWhenTheAuthorisingServerDidNotSignIt(RoomVersion v) {  // 5.2.1
        TestRoom room = room(v, "invite", 0);
        room.setJoinRule("restricted");
        String via = "{\"membership\": \"join\", \"join_authorised_via_users_server\": \"" + DAVE + "\"}";
        assertRejectedBy(room.check(room.member(CAROL, CAROL, "join").content(via).build()), r(v, ".2.1"));
        assertRejectedBy(room.check(room.member(CAROL, CAROL, "join").content(via).alsoSignedBy("b.example").build()),
                r(v, ".2.1"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void memberEventShouldBeRejectedWhenTheAuthorisingUserIsNotAUserId(RoomVersion v) {  // 5.2.1
        TestRoom room = room(v, "invite", 0);
        room.setJoinRule("restricted");
        assertRejectedBy(room.check(room.member(CAROL, CAROL, "join").alsoSignedBy("a.example")
                .content("{\"membership\": \"join\", \"join_authorised_via_users_server\": \"a.example\"}").build()),
                r(v, ".2.1"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void memberEventShouldBeCheckedForTheAuthorisingSignatureWhateverItsMembership(RoomVersion v) {  // 5.2.1
        TestRoom room = room(v, "invite", 0);
        String leave = "{\"membership\": \"leave\", \"join_authorised_via_users_server\": \"" + DAVE + "\"}";
        assertRejectedBy(room.check(room.member(BOB, BOB, "leave").content(leave).build()), r(v, ".2.1"));
        assertAllowedBy(room.check(room.member(BOB, BOB, "leave").content(leave).alsoSignedBy("a.example").build()),
                r(v, ".5.1"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void leaveShouldBeAllowedWhenSenderLeavesFromInviteJoinOrKnock(RoomVersion v) {  // 5.5.1
        for (String from : new String[] {"invite", "join", "knock"}) {
            TestRoom room = TestRoom.standard(v);
            room.forceMembership(BOB, from);
            assertAllowedBy(room.check(room.member(BOB, BOB, "leave").build()), r(v, ".5.1"));
        }
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void leaveShouldBeRejectedWhenSenderLeavesFromBanLeaveOrNothing(RoomVersion v) {  // 5.5.1
        TestRoom room = TestRoom.standard(v);
        assertRejectedBy(room.check(room.member(BOB, BOB, "leave").build()), r(v, ".5.1"));
        for (String from : new String[] {"ban", "leave"}) {
            room.forceMembership(BOB, from);
            assertRejectedBy(room.check(room.member(BOB, BOB, "leave").build()), r(v, ".5.1"));
        }
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void kickShouldBeRejectedWhenSenderIsNotJoined(RoomVersion v) {  // 5.5.2
        TestRoom room = room(v, "kick", 0);
        room.forceMembership(CAROL, "invite");
        assertRejectedBy(room.check(room.member(CAROL, BOB, "leave").build()), r(v, ".5.2"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void unbanShouldBeRejectedWhenSenderIsBelowTheBanLevel(RoomVersion v) {  // 5.5.3
        TestRoom room = room(v, "ban", 51);
        room.forceMembership(CAROL, "ban");
        assertRejectedBy(room.check(room.member(DAVE, CAROL, "leave").build()), r(v, ".5.3"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void unbanShouldBeAllowedWhenSenderReachesTheBanAndKickLevels(RoomVersion v) {  // 5.5.3 passes, 5.5.4
        TestRoom room = room(v, "ban", 50);
        room.forceMembership(CAROL, "ban");
        assertAllowedBy(room.check(room.member(DAVE, CAROL, "leave").build()), r(v, ".5.4"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void kickShouldBeAllowedWhenSenderReachesKickLevelAndOutranksTarget(RoomVersion v) {  // 5.5.4
        TestRoom room = room(v, "kick", 50);
        assertAllowedBy(room.check(room.member(DAVE, BOB, "leave").build()), r(v, ".5.4"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void kickShouldBeRejectedWhenSenderIsBelowKickLevelOrDoesNotOutrankTarget(RoomVersion v) {  // 5.5.5
        TestRoom room = room(v, "kick", 51);
        assertRejectedBy(room.check(room.member(DAVE, BOB, "leave").build()), r(v, ".5.5"));
        TestRoom equals = room(v, "kick", 0);
        equals.setPowerLevels(equals.powerLevels(DAVE, 50, BOB, 50));
        assertRejectedBy(equals.check(equals.member(DAVE, BOB, "leave").build()), r(v, ".5.5"));
    }

    @Test
    void kickShouldBeRejectedWhenTargetIsAnotherCreatorInV12() {  // 5.5.5: infinite is not below infinite
        TestRoom room = TestRoom.created(RoomVersion.V12, TestRoom.JSON.objectNode()
                .set("additional_creators", TestRoom.JSON.arrayNode().add(BOB)));
        room.send(room.member(ALICE, ALICE, "join"));
        room.forceMembership(BOB, "join");
        assertRejectedBy(room.check(room.member(ALICE, BOB, "leave").build()), "5.5.5");
        assertRejectedBy(room.check(room.member(BOB, ALICE, "ban").build()), "5.6.3");
        assertAllowedBy(room.check(room.member(BOB, DAVE, "ban").build()), "5.6.2");
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void banShouldBeRejectedWhenSenderIsNotJoined(RoomVersion v) {  // 5.6.1
        TestRoom room = room(v, "ban", 0);
        room.forceMembership(DAVE, "leave");
        assertRejectedBy(room.check(room.member(DAVE, BOB, "ban").build()), r(v, ".6.1"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void banShouldBeAllowedWhenSenderReachesBanLevelAndOutranksTarget(RoomVersion v) {  // 5.6.2
        TestRoom room = room(v, "ban", 50);
        assertAllowedBy(room.check(room.member(DAVE, BOB, "ban").build()), r(v, ".6.2"));
        assertAllowedBy(room.check(room.member(DAVE, CAROL, "ban").build()), r(v, ".6.2"));  // not in the room
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void banShouldBeRejectedWhenSenderIsBelowBanLevelOrDoesNotOutrankTarget(RoomVersion v) {  // 5.6.3
        TestRoom room = room(v, "ban", 51);
        assertRejectedBy(room.check(room.member(DAVE, BOB, "ban").build()), r(v, ".6.3"));
        assertRejectedBy(room.check(room.member(DAVE, ALICE, "ban").build()), r(v, ".6.3"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void knockShouldBeRejectedWhenJoinRuleIsNotKnockOrKnockRestricted(RoomVersion v) {  // 5.7.1
        for (String joinRule : new String[] {"invite", "public", "restricted"}) {
            TestRoom room = TestRoom.standard(v);
            room.setJoinRule(joinRule);
            assertRejectedBy(room.check(room.member(BOB, BOB, "knock").build()), r(v, ".7.1"));
        }
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void knockShouldBeAllowedWhenJoinRuleAllowsItAndSenderHasNoMembership(RoomVersion v) {  // 5.7.1, 5.7.3
        for (String joinRule : new String[] {"knock", "knock_restricted"}) {
            TestRoom room = TestRoom.standard(v);
            room.setJoinRule(joinRule);
            assertAllowedBy(room.check(room.member(BOB, BOB, "knock").build()), r(v, ".7.3"));
            room.forceMembership(BOB, "leave");
            assertAllowedBy(room.check(room.member(BOB, BOB, "knock").build()), r(v, ".7.3"));
        }
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void knockShouldBeRejectedWhenSenderKnocksForSomeoneElse(RoomVersion v) {  // 5.7.2
        TestRoom room = TestRoom.standard(v);
        room.setJoinRule("knock");
        assertRejectedBy(room.check(room.member(ALICE, BOB, "knock").build()), r(v, ".7.2"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void knockShouldBeRejectedWhenSenderIsBannedInvitedOrJoined(RoomVersion v) {  // 5.7.4
        for (String from : new String[] {"ban", "invite", "join"}) {
            TestRoom room = TestRoom.standard(v);
            room.setJoinRule("knock");
            room.forceMembership(BOB, from);
            assertRejectedBy(room.check(room.member(BOB, BOB, "knock").build()), r(v, ".7.4"));
        }
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void memberEventShouldBeRejectedWhenMembershipIsUnknown(RoomVersion v) {  // 5.8
        TestRoom room = TestRoom.standard(v);
        assertRejectedBy(room.check(room.member(ALICE, ALICE, "dance").build()), r(v, ".8"));
        assertRejectedBy(room.check(room.member(ALICE, ALICE, "JOIN").build()), r(v, ".8"));
    }
}
