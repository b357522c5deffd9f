package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/** State, power levels, redactions, history visibility and bad input on the room API. */
class RoomEventsIT {
    @RegisterExtension
    static final TestNode node = TestNode.create();

    private final RoomSteps rooms = new RoomSteps(node.client());

    private TestClient.Account user(String name) {
        return node.client().register(name, "password123");
    }

    @Test
    void stateShouldNeedThePowerLevelTheRoomAsksFor() {
        var ada = user("ada");
        var bea = user("bea");
        String room = rooms.createRoom(ada, "public_chat");
        rooms.join(bea, room);
        var topic = node.client().put(RoomSteps.path(room, "/state/m.room.topic/"), bea.accessToken(), Json.object().put("topic", "mine"));
        assertThat(topic.status()).isEqualTo(403);
        assertThat(topic.errcode()).isEqualTo("M_FORBIDDEN");
        var pl = node.client().get(RoomSteps.path(room, "/state/m.room.power_levels/"), ada.accessToken()).json().deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) pl.path("users")).put(bea.userId(), 50);
        rooms.setState(ada, room, "m.room.power_levels", "", (com.fasterxml.jackson.databind.node.ObjectNode) pl);
        rooms.setState(bea, room, "m.room.topic", "", Json.object().put("topic", "mine now"));
        assertThat(node.client().get(RoomSteps.path(room, "/state/m.room.topic"), ada.accessToken()).json().path("topic").asText())
                .isEqualTo("mine now");
        // Nobody may raise someone above their own level.
        ((com.fasterxml.jackson.databind.node.ObjectNode) pl.path("users")).put(bea.userId(), 100);
        assertThat(node.client().put(RoomSteps.path(room, "/state/m.room.power_levels/"), bea.accessToken(), pl).status()).isEqualTo(403);
    }

    @Test
    void stateKeysNamingAnotherUserShouldBeForbidden() {
        var cat = user("cat");
        var dan = user("dan");
        String room = rooms.createRoom(cat, "public_chat");
        rooms.join(dan, room);
        var res = node.client().put(RoomSteps.path(room, "/state/org.example.status/" + cat.userId()), dan.accessToken(),
                Json.object().put("status", "mine"));
        assertThat(res.status()).isEqualTo(403);
        var own = node.client().put(RoomSteps.path(room, "/state/m.room.topic/" + dan.userId()), dan.accessToken(), Json.object());
        assertThat(own.status()).isEqualTo(403);   // state_default is 50: Dan has 0
    }

    @Test
    void stateShouldBeReadableOnlyByMembersOfAPrivateRoom() {
        var eli = user("eli");
        var fin = user("fin");
        String room = rooms.createRoom(eli, "private_chat");
        assertThat(node.client().get(RoomSteps.path(room, "/state"), fin.accessToken()).status()).isEqualTo(403);
        assertThat(node.client().get(RoomSteps.path(room, "/state/m.room.name"), eli.accessToken()).status()).isEqualTo(404);
        rooms.setState(eli, room, "m.room.history_visibility", "", Json.object().put("history_visibility", "world_readable"));
        assertThat(node.client().get(RoomSteps.path(room, "/state"), fin.accessToken()).status()).isEqualTo(200);
    }

    @Test
    void formerMembersShouldSeeTheStateAsItWasWhenTheyLeft() {
        var gia = user("gia");
        var hob = user("hob");
        String room = rooms.createRoom(gia, "public_chat");
        rooms.join(hob, room);
        rooms.setState(gia, room, "m.room.name", "", Json.object().put("name", "Before"));
        node.client().post(RoomSteps.path(room, "/leave"), hob.accessToken(), Json.object());
        rooms.setState(gia, room, "m.room.name", "", Json.object().put("name", "After"));
        assertThat(node.client().get(RoomSteps.path(room, "/state/m.room.name"), hob.accessToken()).json().path("name").asText())
                .isEqualTo("Before");
    }

    @Test
    void redactShouldStripContentForOwnEventsAndNeedPowerForOthers() {
        var ivy = user("ivy");
        var jay = user("jay");
        String room = rooms.createRoom(ivy, "public_chat");
        rooms.join(jay, room);
        String mine = rooms.send(jay, room, "oops");
        String theirs = rooms.send(ivy, room, "by ivy");
        var refused = node.client().put(RoomSteps.path(room, "/redact/" + theirs + "/r1"), jay.accessToken(), Json.object());
        assertThat(refused.status()).isEqualTo(403);
        var own = node.client().put(RoomSteps.path(room, "/redact/" + mine + "/r2"), jay.accessToken(), Json.object().put("reason", "typo"));
        assertThat(own.status()).as(own.body()).isEqualTo(200);
        var event = node.client().get(RoomSteps.path(room, "/event/" + mine), ivy.accessToken()).json();
        assertThat(event.path("content").size()).isZero();
        assertThat(event.path("unsigned").path("redacted_because").path("content").path("reason").asText()).isEqualTo("typo");
        assertThat(node.client().put(RoomSteps.path(room, "/redact/" + mine + "/r3"), ivy.accessToken(), Json.object()).status())
                .isEqualTo(200);   // a moderator may redact anyone's
        assertThat(node.client().put(RoomSteps.path(room, "/redact/$nope/r4"), ivy.accessToken(), Json.object()).status())
                .isEqualTo(404);
    }

    @Test
    void historyVisibilityJoinedShouldHideWhatWasSaidBeforeAJoin() {
        var kay = user("kay");
        var lev = user("lev");
        String room = rooms.createRoom(kay, "public_chat");
        rooms.setState(kay, room, "m.room.history_visibility", "", Json.object().put("history_visibility", "joined"));
        String before = rooms.send(kay, room, "before lev");
        rooms.join(lev, room);
        String after = rooms.send(kay, room, "after lev");
        assertThat(node.client().get(RoomSteps.path(room, "/event/" + before), lev.accessToken()).status()).isEqualTo(404);
        assertThat(node.client().get(RoomSteps.path(room, "/event/" + after), lev.accessToken()).status()).isEqualTo(200);
    }

    @Test
    void historyVisibilitySharedShouldShowEarlierHistoryToThoseWhoJoinLater() {
        var mia = user("mia");
        var nat = user("nat");
        String room = rooms.createRoom(mia, "public_chat");
        String before = rooms.send(mia, room, "before nat");
        assertThat(node.client().get(RoomSteps.path(room, "/event/" + before), nat.accessToken()).status()).isEqualTo(404);
        rooms.join(nat, room);
        assertThat(node.client().get(RoomSteps.path(room, "/event/" + before), nat.accessToken()).status()).isEqualTo(200);
    }

    @Test
    void historyVisibilityInvitedShouldShowEventsFromTheInviteOn() {
        var oz = user("oz");
        var pia = user("pia");
        String room = rooms.createRoom(oz, "private_chat");
        rooms.setState(oz, room, "m.room.history_visibility", "", Json.object().put("history_visibility", "invited"));
        String early = rooms.send(oz, room, "before the invite");
        rooms.invite(oz, room, pia);
        String invited = rooms.send(oz, room, "while invited");
        assertThat(node.client().get(RoomSteps.path(room, "/event/" + invited), pia.accessToken()).status()).isEqualTo(200);
        assertThat(node.client().get(RoomSteps.path(room, "/event/" + early), pia.accessToken()).status()).isEqualTo(404);
    }

    @Test
    void worldReadableRoomsShouldBeReadableByAnyone() {
        var quo = user("quo");
        var ray = user("ray");
        String room = rooms.createRoom(quo, "private_chat");
        rooms.setState(quo, room, "m.room.history_visibility", "", Json.object().put("history_visibility", "world_readable"));
        String msg = rooms.send(quo, room, "for everyone");
        assertThat(node.client().get(RoomSteps.path(room, "/event/" + msg), ray.accessToken()).json().path("content")
                .path("body").asText()).isEqualTo("for everyone");
    }

    @Test
    void badInputShouldGetTheSpecErrorsAndLeaveTheRoomUnchanged() {
        var sam = user("samr");
        String room = rooms.createRoom(sam, "public_chat");
        assertThat(node.client().put("/_matrix/client/v3/rooms/not-a-room/send/m.room.message/x", sam.accessToken(),
                Json.object()).errcode()).isEqualTo("M_INVALID_PARAM");
        assertThat(node.client().put(RoomSteps.path(room, "/send/m.room.message/x1"), sam.accessToken(), "[1]").errcode())
                .isEqualTo("M_BAD_JSON");
        assertThat(node.client().put(RoomSteps.path(room, "/send/m.room.message/x2"), sam.accessToken(), "{oops").errcode())
                .isEqualTo("M_NOT_JSON");
        var big = node.client().put(RoomSteps.path(room, "/send/m.room.message/x3"), sam.accessToken(),
                Json.object().put("body", "x".repeat(70_000)));
        assertThat(big.status()).isEqualTo(413);
        assertThat(big.errcode()).isEqualTo("M_TOO_LARGE");
        var unknown = node.client().put("/_matrix/client/v3/rooms/!unknown:localhost/send/m.room.message/x4", sam.accessToken(),
                Json.object());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(node.client().put(RoomSteps.path(room, "/state/m.room.create/"), sam.accessToken(), Json.object()).status())
                .isEqualTo(403);
        var unsupported = node.client().post("/_matrix/client/v3/createRoom", sam.accessToken(), Json.object().put("room_version", "9"));
        assertThat(unsupported.errcode()).isEqualTo("M_UNSUPPORTED_ROOM_VERSION");
        var state = node.client().get(RoomSteps.path(room, "/state"), sam.accessToken()).json();
        assertThat(state.size()).isEqualTo(6);
    }
}
