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
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.RoomVersion;

/** Rule 5.3 (v10/v11: 4.3): joins. */
class JoinMembershipRulesTest {
    private static String r(RoomVersion v, String sub) { return rule(v, "5.3" + sub, "4.3" + sub); }

    private static TestRoom room(RoomVersion v, String joinRule) {
        TestRoom room = TestRoom.standard(v);
        room.setJoinRule(joinRule);
        return room;
    }

    /** Bob's join via {@code authoriser}, signed by the authoriser's server as well as Bob's. */
    private static Pdu restrictedJoin(TestRoom room, String authoriser, String signingServer) {
        return room.member(BOB, BOB, "join")
                .content("{\"membership\": \"join\", \"join_authorised_via_users_server\": \"" + authoriser + "\"}")
                .alsoSignedBy(signingServer).build();
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void joinShouldBeAllowedWhenTheCreatorJoinsRightAfterTheCreateEvent(RoomVersion v) {  // 5.3.1
        TestRoom room = TestRoom.created(v);
        assertAllowedBy(room.check(room.member(ALICE, ALICE, "join").build()), r(v, ".1"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void joinShouldBeRejectedWhenSomeoneElseJoinsRightAfterTheCreateEvent(RoomVersion v) {  // 5.3.1 does not apply
        TestRoom room = TestRoom.created(v);
        assertRejectedBy(room.check(room.member(BOB, BOB, "join").build()), r(v, ".7"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void creatorsJoinShouldNotBeTheFirstJoinWhenItHasOtherPrevEvents(RoomVersion v) {  // 5.3.1 does not apply
        TestRoom room = TestRoom.created(v);
        Pdu other = room.add(room.event(ALICE, "m.room.topic", "").content("{\"topic\": \"t\"}").build());
        Pdu join = room.member(ALICE, ALICE, "join").prevEvents(room.create().eventId(), other.eventId()).build();
        assertRejectedBy(room.check(join), r(v, ".7"));
    }

    @Test
    void creatorsFirstJoinShouldFollowContentCreatorInV10() {  // 5.3.1 (v10: "the state_key is the creator")
        TestRoom room = TestRoom.created(RoomVersion.V10, TestRoom.JSON.objectNode().put("creator", BOB));
        assertAllowedBy(room.check(room.member(BOB, BOB, "join").build()), "4.3.1");
        assertRejectedBy(room.check(room.member(ALICE, ALICE, "join").build()), "4.3.7");
    }

    @ParameterizedTest
    @EnumSource(value = RoomVersion.class, names = {"V11", "V12"})
    void creatorsFirstJoinShouldFollowTheCreateEventsSenderFromV11(RoomVersion v) {  // 5.3.1 (v11+: the sender)
        TestRoom room = TestRoom.created(v, TestRoom.JSON.objectNode().put("creator", BOB));
        assertAllowedBy(room.check(room.member(ALICE, ALICE, "join").build()), r(v, ".1"));
        assertRejectedBy(room.check(room.member(BOB, BOB, "join").build()), r(v, ".7"));
    }

    @Test
    void additionalCreatorsJoinShouldNotBeTheFirstJoinInV12() {  // 5.3.1 names only the create event's sender
        TestRoom room = TestRoom.created(RoomVersion.V12, TestRoom.JSON.objectNode().set("additional_creators",
                TestRoom.JSON.arrayNode().add(BOB)));
        assertRejectedBy(room.check(room.member(BOB, BOB, "join").build()), "5.3.7");
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void joinShouldBeRejectedWhenSenderIsNotTheStateKey(RoomVersion v) {  // 5.3.2
        TestRoom room = room(v, "public");
        assertRejectedBy(room.check(room.member(ALICE, BOB, "join").build()), r(v, ".2"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void joinShouldBeRejectedWhenSenderIsBanned(RoomVersion v) {  // 5.3.3
        TestRoom room = room(v, "public");
        room.send(room.member(ALICE, BOB, "ban"));
        assertRejectedBy(room.check(room.member(BOB, BOB, "join").build()), r(v, ".3"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void joinShouldBeAllowedWhenSenderWasKickedFromAPublicRoom(RoomVersion v) {  // 5.3.3 passes, 5.3.6
        TestRoom room = room(v, "public");
        room.forceMembership(BOB, "join");
        room.send(room.member(ALICE, BOB, "leave"));
        assertAllowedBy(room.check(room.member(BOB, BOB, "join").build()), r(v, ".6"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void joinShouldBeAllowedWhenJoinRuleIsInviteOrKnockAndSenderIsInvitedOrJoined(RoomVersion v) {  // 5.3.4
        for (String joinRule : new String[] {"invite", "knock"}) {
            TestRoom room = room(v, joinRule);
            room.send(room.member(ALICE, BOB, "invite"));
            assertAllowedBy(room.check(room.member(BOB, BOB, "join").build()), r(v, ".4"));
            room.forceMembership(BOB, "join");
            assertAllowedBy(room.check(room.member(BOB, BOB, "join").build()), r(v, ".4"));
        }
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void joinShouldBeRejectedWhenJoinRuleIsInviteOrKnockAndSenderIsNotInvited(RoomVersion v) {  // 5.3.4, then 5.3.7
        for (String joinRule : new String[] {"invite", "knock"}) {
            TestRoom room = room(v, joinRule);
            assertRejectedBy(room.check(room.member(BOB, BOB, "join").build()), r(v, ".7"));
            room.forceMembership(BOB, "knock");
            assertRejectedBy(room.check(room.member(BOB, BOB, "join").build()), r(v, ".7"));
        }
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void joinShouldBeAllowedWhenRoomIsRestrictedAndSenderIsInvitedOrJoined(RoomVersion v) {  // 5.3.5.1
        for (String joinRule : new String[] {"restricted", "knock_restricted"}) {
            TestRoom room = room(v, joinRule);
            room.send(room.member(ALICE, BOB, "invite"));
            assertAllowedBy(room.check(room.member(BOB, BOB, "join").build()), r(v, ".5.1"));
            room.forceMembership(BOB, "join");
            assertAllowedBy(room.check(room.member(BOB, BOB, "join").build()), r(v, ".5.1"));
        }
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void joinShouldBeRejectedWhenRoomIsRestrictedAndNoUserAuthorisedIt(RoomVersion v) {  // 5.3.5.2
        for (String joinRule : new String[] {"restricted", "knock_restricted"}) {
            TestRoom room = room(v, joinRule);
            assertRejectedBy(room.check(room.member(BOB, BOB, "join").build()), r(v, ".5.2"));
        }
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void joinShouldBeRejectedWhenTheAuthorisingUserIsNotJoined(RoomVersion v) {  // 5.3.5.2
        TestRoom room = room(v, "restricted");
        room.send(room.member(ALICE, CAROL, "invite"));
        assertRejectedBy(room.check(restrictedJoin(room, CAROL, "c.example")), r(v, ".5.2"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void joinShouldBeRejectedWhenTheAuthorisingUserMayNotInvite(RoomVersion v) {  // 5.3.5.2
        TestRoom room = room(v, "restricted");
        room.setPowerLevels(room.powerLevels(DAVE, 49).put("invite", 50));
        room.forceMembership(DAVE, "join");
        assertRejectedBy(room.check(restrictedJoin(room, DAVE, "a.example")), r(v, ".5.2"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void joinShouldBeAllowedWhenAJoinedUserWhoMayInviteAuthorisedIt(RoomVersion v) {  // 5.3.5.3
        for (String joinRule : new String[] {"restricted", "knock_restricted"}) {
            TestRoom room = room(v, joinRule);
            room.setPowerLevels(room.powerLevels(DAVE, 50).put("invite", 50));
            room.forceMembership(DAVE, "join");
            assertAllowedBy(room.check(restrictedJoin(room, DAVE, "a.example")), r(v, ".5.3"));
        }
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void joinShouldBeAllowedWhenJoinRuleIsPublic(RoomVersion v) {  // 5.3.6
        TestRoom room = room(v, "public");
        assertAllowedBy(room.check(room.member(BOB, BOB, "join").build()), r(v, ".6"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void joinShouldBeRejectedWhenJoinRuleIsUnknown(RoomVersion v) {  // 5.3.7
        TestRoom room = room(v, "private");
        room.send(room.member(ALICE, BOB, "invite"));
        assertRejectedBy(room.check(room.member(BOB, BOB, "join").build()), r(v, ".7"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void joinShouldTreatAMissingJoinRulesEventAsInviteWhenSenderIsInvited(RoomVersion v) {  // Synapse's default
        TestRoom room = TestRoom.created(v);
        room.send(room.member(ALICE, ALICE, "join"));
        assertRejectedBy(room.check(room.member(BOB, BOB, "join").build()), r(v, ".7"));
        room.send(room.member(ALICE, BOB, "invite"));
        assertAllowedBy(room.check(room.member(BOB, BOB, "join").build()), r(v, ".4"));
    }
}
