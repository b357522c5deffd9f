package org.lightweb.federation.protocol.auth;

import static org.lightweb.federation.protocol.auth.AuthAssertions.assertAllowedBy;
import static org.lightweb.federation.protocol.auth.AuthAssertions.assertRejectedBy;
import static org.lightweb.federation.protocol.auth.AuthAssertions.rule;
import static org.lightweb.federation.protocol.auth.TestRoom.ALICE;
import static org.lightweb.federation.protocol.auth.TestRoom.BOB;
import static org.lightweb.federation.protocol.auth.TestRoom.CAROL;
import static org.lightweb.federation.protocol.auth.TestRoom.DAVE;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lightweb.federation.protocol.JsonSigning;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.SigningKey;
import org.lightweb.federation.protocol.StateKey;

/** Rule 5.4 (v10/v11: 4.4): invites, third-party invites (5.4.1) included. */
class InviteMembershipRulesTest {
    private static final SigningKey IDENTITY_KEY = SigningKey.generate();
    private static final SigningKey OTHER_IDENTITY_KEY = SigningKey.generate();
    private static final SigningKey UNRELATED_KEY = SigningKey.generate();

    private static String r(RoomVersion v, String sub) { return rule(v, "5.4" + sub, "4.4" + sub); }

    /** The standard room with Bob and Dave joined, and Alice's m.room.third_party_invite for token "tok". */
    private static TestRoom room(RoomVersion v) {
        TestRoom room = TestRoom.standard(v);
        room.forceMembership(BOB, "join");
        room.forceMembership(DAVE, "join");
        ObjectNode invite = TestRoom.JSON.objectNode().put("display_name", "c...@example.org")
                .put("key_validity_url", "https://id.example/_matrix/identity/v2/pubkey/isvalid")
                .put("public_key", IDENTITY_KEY.publicKeyBase64());
        invite.putArray("public_keys").addObject().put("public_key", OTHER_IDENTITY_KEY.publicKeyBase64());
        room.send(room.event(ALICE, StateKey.THIRD_PARTY_INVITE, "tok").content(invite));
        return room;
    }

    /** {@code sender}'s invite of Carol redeeming token "tok", its signed object signed by {@code key}. */
    private static Pdu thirdPartyInvite(TestRoom room, String sender, SigningKey key, Consumer<ObjectNode> change) {
        ObjectNode signed = TestRoom.JSON.objectNode().put("mxid", CAROL).put("token", "tok");
        JsonSigning.sign(signed, "id.example", key);
        ObjectNode content = TestRoom.JSON.objectNode().put("membership", "invite");
        content.putObject("third_party_invite").put("display_name", "c...@example.org").set("signed", signed);
        change.accept(content);
        return room.member(sender, CAROL, "invite").content(content).build();
    }

    private static Pdu thirdPartyInvite(TestRoom room, Consumer<ObjectNode> change) {
        return thirdPartyInvite(room, ALICE, IDENTITY_KEY, change);
    }

    private static ObjectNode signed(ObjectNode content) {
        return (ObjectNode) content.path("third_party_invite").path("signed");
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void thirdPartyInviteShouldBeRejectedWhenTargetIsBanned(RoomVersion v) {  // 5.4.1.1
        TestRoom room = room(v);
        room.send(room.member(ALICE, CAROL, "ban"));
        assertRejectedBy(room.check(thirdPartyInvite(room, c -> { })), r(v, ".1.1"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void thirdPartyInviteShouldBeRejectedWhenThereIsNoSignedObject(RoomVersion v) {  // 5.4.1.2
        TestRoom room = room(v);
        assertRejectedBy(room.check(thirdPartyInvite(room, c -> ((ObjectNode) c.get("third_party_invite"))
                .remove("signed"))), r(v, ".1.2"));
        assertRejectedBy(room.check(thirdPartyInvite(room, c -> ((ObjectNode) c.get("third_party_invite"))
                .put("signed", "mxid=" + CAROL))), r(v, ".1.2"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void thirdPartyInviteShouldBeRejectedWhenSignedLacksMxidOrToken(RoomVersion v) {  // 5.4.1.3
        TestRoom room = room(v);
        assertRejectedBy(room.check(thirdPartyInvite(room, c -> signed(c).remove("mxid"))), r(v, ".1.3"));
        assertRejectedBy(room.check(thirdPartyInvite(room, c -> signed(c).remove("token"))), r(v, ".1.3"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void thirdPartyInviteShouldBeRejectedWhenMxidIsNotTheStateKey(RoomVersion v) {  // 5.4.1.4
        TestRoom room = room(v);
        assertRejectedBy(room.check(thirdPartyInvite(room, c -> signed(c).put("mxid", BOB))), r(v, ".1.4"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void thirdPartyInviteShouldBeRejectedWhenNoThirdPartyInviteHasTheToken(RoomVersion v) {  // 5.4.1.5
        TestRoom room = room(v);
        assertRejectedBy(room.check(thirdPartyInvite(room, c -> signed(c).put("token", "other"))), r(v, ".1.5"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void thirdPartyInviteShouldBeRejectedWhenSenderDidNotSendTheThirdPartyInvite(RoomVersion v) {  // 5.4.1.6
        TestRoom room = room(v);
        assertRejectedBy(room.check(thirdPartyInvite(room, DAVE, IDENTITY_KEY, c -> { })), r(v, ".1.6"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void thirdPartyInviteShouldBeAllowedWhenSignedByTheKeyInPublicKey(RoomVersion v) {  // 5.4.1.7.1
        TestRoom room = room(v);
        assertAllowedBy(room.check(thirdPartyInvite(room, c -> { })), r(v, ".1.7"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void thirdPartyInviteShouldBeAllowedWhenSignedByAKeyInPublicKeys(RoomVersion v) {  // 5.4.1.7.2
        TestRoom room = room(v);
        assertAllowedBy(room.check(thirdPartyInvite(room, ALICE, OTHER_IDENTITY_KEY, c -> { })), r(v, ".1.7"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void thirdPartyInviteShouldBeRejectedWhenNoSignatureMatchesTheKeys(RoomVersion v) {  // 5.4.1.8
        TestRoom room = room(v);
        assertRejectedBy(room.check(thirdPartyInvite(room, ALICE, UNRELATED_KEY, c -> { })), r(v, ".1.8"));
        // Signed by the right key, but the signed object changed afterwards.
        assertRejectedBy(room.check(thirdPartyInvite(room, c -> signed(c).put("extra", "x"))), r(v, ".1.8"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void inviteShouldBeRejectedWhenSenderIsNotJoined(RoomVersion v) {  // 5.4.2
        TestRoom room = room(v);
        room.forceMembership(DAVE, "invite");
        assertRejectedBy(room.check(room.member(DAVE, CAROL, "invite").build()), r(v, ".2"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void inviteShouldBeRejectedWhenTargetIsJoinedOrBanned(RoomVersion v) {  // 5.4.3
        TestRoom room = room(v);
        assertRejectedBy(room.check(room.member(ALICE, BOB, "invite").build()), r(v, ".3"));
        room.send(room.member(ALICE, CAROL, "ban"));
        assertRejectedBy(room.check(room.member(ALICE, CAROL, "invite").build()), r(v, ".3"));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void inviteShouldBeAllowedWhenSenderReachesTheInviteLevel(RoomVersion v) {  // 5.4.4
        TestRoom room = room(v);
        assertAllowedBy(room.check(room.member(BOB, CAROL, "invite").build()), r(v, ".4"));  // invite level 0
        room.forceMembership(CAROL, "invite");
        assertAllowedBy(room.check(room.member(ALICE, CAROL, "invite").build()), r(v, ".4"));  // re-invite
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void inviteShouldBeRejectedWhenSenderIsBelowTheInviteLevel(RoomVersion v) {  // 5.4.5
        TestRoom room = room(v);
        room.setPowerLevels(room.powerLevels(DAVE, 50).put("invite", 51));
        assertRejectedBy(room.check(room.member(DAVE, CAROL, "invite").build()), r(v, ".5"));
    }
}
