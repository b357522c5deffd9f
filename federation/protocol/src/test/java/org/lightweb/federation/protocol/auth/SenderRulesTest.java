package org.lightweb.federation.protocol.auth;

import static org.lightweb.federation.protocol.auth.AuthAssertions.assertAllowedBy;
import static org.lightweb.federation.protocol.auth.AuthAssertions.assertRejectedBy;
import static org.lightweb.federation.protocol.auth.AuthAssertions.rule;
import static org.lightweb.federation.protocol.auth.TestRoom.ALICE;
import static org.lightweb.federation.protocol.auth.TestRoom.BOB;
import static org.lightweb.federation.protocol.auth.TestRoom.DAVE;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.StateKey;

/** Rule 4 (m.federate), rule 6 (sender joined), rule 7 (m.room.third_party_invite); v10/v11: 3, 5, 6. */
class SenderRulesTest {
    /** A public room whose create event has {@code m.federate} set to {@code federate}, or no m.federate if null. */
    private static TestRoom publicRoom(RoomVersion v, Boolean federate) {
        ObjectNode content = TestRoom.JSON.objectNode();
        if (federate != null) content.put("m.federate", federate);
        TestRoom room = TestRoom.created(v, content);
        room.send(room.member(ALICE, ALICE, "join"));
        room.setPowerLevels(room.powerLevels());
        room.setJoinRule("public");
        return room;
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void joinShouldBeRejectedWhenRoomIsNotFederatedAndSenderIsFromAnotherServer(RoomVersion v) {  // 4
        TestRoom room = publicRoom(v, false);
        assertRejectedBy(room.check(room.member(BOB, BOB, "join").build()), rule(v, "4", "3"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void messageShouldBeRejectedWhenRoomIsNotFederatedAndSenderIsFromAnotherServer(RoomVersion v) {  // 4
        TestRoom room = publicRoom(v, false);
        room.forceMembership(BOB, "join");
        assertRejectedBy(room.check(room.message(BOB).build()), rule(v, "4", "3"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void joinShouldBeAllowedWhenRoomIsNotFederatedAndSenderIsOnTheCreatorsServer(RoomVersion v) {  // 4
        TestRoom room = publicRoom(v, false);
        assertAllowedBy(room.check(room.member(DAVE, DAVE, "join").build()), rule(v, "5.3.6", "4.3.6"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void joinShouldBeAllowedWhenRoomIsFederatedOrSaysNothing(RoomVersion v) {  // 4
        for (Boolean federate : new Boolean[] {true, null}) {
            TestRoom room = publicRoom(v, federate);
            assertAllowedBy(room.check(room.member(BOB, BOB, "join").build()), rule(v, "5.3.6", "4.3.6"));
        }
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void messageShouldBeRejectedWhenSenderIsNotJoined(RoomVersion v) {  // 6
        TestRoom room = TestRoom.standard(v);
        assertRejectedBy(room.check(room.message(BOB).build()), rule(v, "6", "5"));
        room.send(room.member(ALICE, BOB, "invite"));
        assertRejectedBy(room.check(room.message(BOB).build()), rule(v, "6", "5"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void messageShouldBeAllowedWhenSenderIsJoined(RoomVersion v) {  // 6
        TestRoom room = TestRoom.standard(v);
        room.forceMembership(BOB, "join");
        assertAllowedBy(room.check(room.message(BOB).build()), rule(v, "11", "10"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void thirdPartyInviteShouldBeAllowedWhenSenderReachesInviteLevel(RoomVersion v) {  // 7.1
        TestRoom room = TestRoom.standard(v);
        room.forceMembership(BOB, "join");
        // state_default (50) would stop Bob, but rule 7 decides before rule 8 reads it.
        assertAllowedBy(room.check(thirdPartyInvite(room, BOB)), rule(v, "7.1", "6.1"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void thirdPartyInviteShouldBeRejectedWhenSenderIsBelowInviteLevel(RoomVersion v) {  // 7.1
        TestRoom room = TestRoom.standard(v);
        room.setPowerLevels(room.powerLevels(BOB, 49).put("invite", 50));
        room.forceMembership(BOB, "join");
        assertRejectedBy(room.check(thirdPartyInvite(room, BOB)), rule(v, "7.1", "6.1"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void thirdPartyInviteShouldBeRejectedBySenderRuleWhenSenderIsNotJoined(RoomVersion v) {  // 6 before 7
        TestRoom room = TestRoom.standard(v);
        assertRejectedBy(room.check(thirdPartyInvite(room, BOB)), rule(v, "6", "5"));
    }

    private static Pdu thirdPartyInvite(TestRoom room, String sender) {
        return room.event(sender, StateKey.THIRD_PARTY_INVITE, "token")
                .content("{\"display_name\": \"b...@example.org\", \"public_key\": \"AAAA\"}").build();
    }
}
