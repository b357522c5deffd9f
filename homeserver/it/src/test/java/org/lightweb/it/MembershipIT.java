package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/** Joining, inviting, leaving, kicking, banning, knocking and forgetting, with the auth rules deciding. */
class MembershipIT {
    @RegisterExtension
    static final TestNode node = TestNode.create();

    private final RoomSteps rooms = new RoomSteps(node.client());

    private TestClient.Account user(String name) {
        return node.client().register(name, "password123");
    }

    @Test
    void joinShouldSucceedInAPublicRoomAndBeForbiddenInAPrivateOneWithoutInvite() {
        var ann = user("ann");
        var ben = user("ben");
        String open = rooms.createRoom(ann, "public_chat");
        String closed = rooms.createRoom(ann, "private_chat");
        rooms.join(ben, open);
        assertThat(rooms.membership(ann, open, ben.userId())).isEqualTo("join");
        var refused = node.client().post(RoomSteps.path(closed, "/join"), ben.accessToken(), Json.object());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.errcode()).isEqualTo("M_FORBIDDEN");
        rooms.invite(ann, closed, ben);
        assertThat(rooms.membership(ann, closed, ben.userId())).isEqualTo("invite");
        rooms.join(ben, closed);
        assertThat(node.client().get("/_matrix/client/v3/joined_rooms", ben.accessToken()).json().path("joined_rooms")
                .findValuesAsText("")).isEmpty();
        assertThat(node.client().get("/_matrix/client/v3/joined_rooms", ben.accessToken()).json().path("joined_rooms").toString())
                .contains(open).contains(closed);
    }

    @Test
    void inviteShouldBeForbiddenWhenSenderIsNotInTheRoomOrTargetAlreadyJoined() {
        var cal = user("cal");
        var dee = user("dee");
        var eve = user("eve");
        String room = rooms.createRoom(cal, "public_chat");
        var outsider = node.client().post(RoomSteps.path(room, "/invite"), dee.accessToken(), Json.object().put("user_id", eve.userId()));
        assertThat(outsider.status()).isEqualTo(403);
        rooms.join(dee, room);
        var already = node.client().post(RoomSteps.path(room, "/invite"), cal.accessToken(), Json.object().put("user_id", dee.userId()));
        assertThat(already.status()).isEqualTo(403);
        var malformed = node.client().post(RoomSteps.path(room, "/invite"), cal.accessToken(), Json.object().put("user_id", "nobody"));
        assertThat(malformed.errcode()).isEqualTo("M_INVALID_PARAM");
    }

    @Test
    void leaveShouldEndMembershipAndRejectAnInvite() {
        var fay = user("fay");
        var gus = user("gus");
        String room = rooms.createRoom(fay, "private_chat");
        rooms.invite(fay, room, gus);
        assertThat(node.client().post(RoomSteps.path(room, "/leave"), gus.accessToken(), Json.object()).status()).isEqualTo(200);
        assertThat(rooms.membership(fay, room, gus.userId())).isEqualTo("leave");
        assertThat(node.client().post(RoomSteps.path(room, "/join"), gus.accessToken(), Json.object()).status()).isEqualTo(403);
    }

    @Test
    void kickShouldNeedTheKickLevelAndLetThePersonRejoinAPublicRoom() {
        var hal = user("hal");
        var ida = user("ida");
        var jon = user("jon");
        String room = rooms.createRoom(hal, "public_chat");
        rooms.join(ida, room);
        rooms.join(jon, room);
        var byMember = node.client().post(RoomSteps.path(room, "/kick"), ida.accessToken(), Json.object().put("user_id", jon.userId()));
        assertThat(byMember.status()).isEqualTo(403);
        var byCreator = node.client().post(RoomSteps.path(room, "/kick"), hal.accessToken(),
                Json.object().put("user_id", jon.userId()).put("reason", "spam"));
        assertThat(byCreator.status()).as(byCreator.body()).isEqualTo(200);
        var member = node.client().get(RoomSteps.path(room, "/state/m.room.member/" + jon.userId()), hal.accessToken()).json();
        assertThat(member.path("membership").asText()).isEqualTo("leave");
        assertThat(member.path("reason").asText()).isEqualTo("spam");
        rooms.join(jon, room);
        var notThere = node.client().post(RoomSteps.path(room, "/kick"), hal.accessToken(), Json.object().put("user_id", "@nobody:localhost"));
        assertThat(notThere.status()).isEqualTo(403);
    }

    @Test
    void banShouldKeepThePersonOutUntilUnbanned() {
        var kit = user("kit");
        var lou = user("lou");
        String room = rooms.createRoom(kit, "public_chat");
        rooms.join(lou, room);
        assertThat(node.client().post(RoomSteps.path(room, "/ban"), lou.accessToken(), Json.object().put("user_id", kit.userId()))
                .status()).isEqualTo(403);
        assertThat(node.client().post(RoomSteps.path(room, "/ban"), kit.accessToken(), Json.object().put("user_id", lou.userId()))
                .status()).isEqualTo(200);
        assertThat(node.client().post(RoomSteps.path(room, "/join"), lou.accessToken(), Json.object()).status()).isEqualTo(403);
        assertThat(node.client().put(RoomSteps.path(room, "/send/m.room.message/t1"), lou.accessToken(),
                Json.object().put("body", "still here?")).status()).isEqualTo(403);
        assertThat(node.client().post(RoomSteps.path(room, "/unban"), kit.accessToken(), Json.object().put("user_id", lou.userId()))
                .status()).isEqualTo(200);
        rooms.join(lou, room);
        assertThat(node.client().post(RoomSteps.path(room, "/unban"), kit.accessToken(), Json.object().put("user_id", lou.userId()))
                .status()).isEqualTo(403);
    }

    @Test
    void knockShouldWorkOnlyWhereTheJoinRuleAllowsIt() {
        var max = user("maxk");
        var ned = user("ned");
        String room = rooms.createRoom(max, "private_chat");
        var refused = node.client().post("/_matrix/client/v3/knock/" + room, ned.accessToken(), Json.object());
        assertThat(refused.status()).isEqualTo(403);
        rooms.setState(max, room, "m.room.join_rules", "", Json.object().put("join_rule", "knock"));
        var knocked = node.client().post("/_matrix/client/v3/knock/" + room, ned.accessToken(), Json.object().put("reason", "hi"));
        assertThat(knocked.status()).as(knocked.body()).isEqualTo(200);
        assertThat(knocked.json().path("room_id").asText()).isEqualTo(room);
        assertThat(rooms.membership(max, room, ned.userId())).isEqualTo("knock");
        rooms.invite(max, room, ned);
        rooms.join(ned, room);
    }

    @Test
    void forgetShouldNeedTheUserToHaveLeft() {
        var oli = user("olif");
        String room = rooms.createRoom(oli, "public_chat");
        var still = node.client().post(RoomSteps.path(room, "/forget"), oli.accessToken(), Json.object());
        assertThat(still.status()).isEqualTo(400);
        node.client().post(RoomSteps.path(room, "/leave"), oli.accessToken(), Json.object());
        assertThat(node.client().post(RoomSteps.path(room, "/forget"), oli.accessToken(), Json.object()).status()).isEqualTo(200);
    }

    @Test
    void restrictedJoinShouldAdmitMembersOfTheAllowedRoomOnly() {
        var pam = user("pam");
        var quin = user("quin");
        var rex = user("rex");
        String space = rooms.createRoom(pam, "public_chat");
        String room = rooms.createRoom(pam, "private_chat");
        var rules = Json.object().put("join_rule", "restricted");
        rules.putArray("allow").addObject().put("type", "m.room_membership").put("room_id", space);
        rooms.setState(pam, room, "m.room.join_rules", "", rules);
        rooms.join(quin, space);
        rooms.join(quin, room);
        var member = node.client().get(RoomSteps.path(room, "/state/m.room.member/" + quin.userId()), pam.accessToken()).json();
        assertThat(member.path("join_authorised_via_users_server").asText()).isEqualTo(pam.userId());
        assertThat(node.client().post(RoomSteps.path(room, "/join"), rex.accessToken(), Json.object()).status()).isEqualTo(403);
    }

    @Test
    void deactivationShouldLeaveEveryRoom() {
        var sue = user("sue");
        var tom = user("tomd");
        String room = rooms.createRoom(sue, "public_chat");
        rooms.join(tom, room);
        var body = Json.object();
        body.putObject("auth").put("type", "m.login.password").put("password", "password123")
                .putObject("identifier").put("type", "m.id.user").put("user", "tomd");
        assertThat(node.client().post("/_matrix/client/v3/account/deactivate", tom.accessToken(), body).status()).isEqualTo(200);
        assertThat(rooms.membership(sue, room, tom.userId())).isEqualTo("leave");
    }

    @Test
    void membersShouldFilterByMembershipAndJoinedMembersShouldGiveProfiles() {
        var uma = user("umam");
        var vic = user("vicm");
        var wes = user("wesm");
        String room = rooms.createRoom(uma, "public_chat");
        rooms.join(vic, room);
        rooms.invite(uma, room, wes);
        var all = node.client().get(RoomSteps.path(room, "/members"), uma.accessToken()).json().path("chunk");
        assertThat(all.findValuesAsText("state_key")).containsExactlyInAnyOrder(uma.userId(), vic.userId(), wes.userId());
        var joined = node.client().get(RoomSteps.path(room, "/members?membership=join"), uma.accessToken()).json().path("chunk");
        assertThat(joined.findValuesAsText("state_key")).containsExactlyInAnyOrder(uma.userId(), vic.userId());
        var notJoined = node.client().get(RoomSteps.path(room, "/members?not_membership=join"), uma.accessToken()).json().path("chunk");
        assertThat(notJoined.findValuesAsText("state_key")).containsExactly(wes.userId());
        var jm = node.client().get(RoomSteps.path(room, "/joined_members"), vic.accessToken()).json().path("joined");
        assertThat(jm.path(uma.userId()).path("display_name").asText()).isEqualTo("umam");
        assertThat(node.client().get(RoomSteps.path(room, "/joined_members"), wes.accessToken()).status()).isEqualTo(403);
        assertThat(node.client().get(RoomSteps.path(room, "/members?membership=lurking"), uma.accessToken()).errcode())
                .isEqualTo("M_INVALID_PARAM");
    }

    @Test
    void displayNameChangeShouldReachTheMemberEventInEveryJoinedRoom() {
        var xia = user("xia");
        String one = rooms.createRoom(xia, "public_chat");
        String two = rooms.createRoom(xia, "private_chat");
        assertThat(node.client().put("/_matrix/client/v3/profile/" + xia.userId() + "/displayname", xia.accessToken(),
                Json.object().put("displayname", "Xia of Nelson")).status()).isEqualTo(200);
        for (String room : new String[] {one, two}) {
            var member = node.client().get(RoomSteps.path(room, "/state/m.room.member/" + xia.userId()), xia.accessToken()).json();
            assertThat(member.path("displayname").asText()).isEqualTo("Xia of Nelson");
            assertThat(member.path("membership").asText()).isEqualTo("join");
        }
    }

    @Test
    void membersAtASyncTokenShouldListTheMembersOfThatMoment() {
        var ari = user("arim");
        var bel = user("belm");
        String room = rooms.createRoom(ari, "public_chat");
        String before = node.client().get("/_matrix/client/v3/sync", ari.accessToken()).json().path("next_batch").asText();
        rooms.join(bel, room);
        var then = node.client().get(RoomSteps.path(room, "/members?at=" + before), ari.accessToken()).json().path("chunk");
        assertThat(then.findValuesAsText("state_key")).containsExactly(ari.userId());
        var now = node.client().get(RoomSteps.path(room, "/members"), ari.accessToken()).json().path("chunk");
        assertThat(now.findValuesAsText("state_key")).containsExactlyInAnyOrder(ari.userId(), bel.userId());
        assertThat(node.client().get(RoomSteps.path(room, "/members?at=nonsense"), ari.accessToken()).errcode())
                .isEqualTo("M_INVALID_PARAM");
    }
}
