package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.it.DirectorySteps.CLIENT;
import static org.lightweb.it.DirectorySteps.enc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;
import org.lightweb.it.TestClient.Response;

/** GET and PUT /directory/list/room/{roomId}: a room's visibility in the published room directory. */
class RoomVisibilityIT {
    @RegisterExtension
    static final TestNode node = TestNode.create(c -> c.with("registration").put("allow_guests", true));

    private final DirectorySteps steps = new DirectorySteps(node);

    private Response visibility(String roomId) {
        return node.client().get(CLIENT + "/directory/list/room/" + enc(roomId));      // no access token needed
    }

    private boolean listed(String roomId) {
        var res = node.client().get(CLIENT + "/publicRooms");
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.json().path("chunk").findValuesAsText("room_id").contains(roomId);
    }

    @Test
    void getRoomVisibilityOnDirectoryShouldFollowCreateRoomWhenVisibilityIsGiven() {
        var alice = node.client().register("visalice", "password123");
        String published = steps.createRoom(alice.accessToken(), Json.object().put("visibility", "public"));
        String unlisted = steps.createRoom(alice.accessToken(), Json.object());
        assertThat(visibility(published).json().path("visibility").asText()).isEqualTo("public");
        assertThat(visibility(unlisted).json().path("visibility").asText()).isEqualTo("private");
        assertThat(listed(published)).isTrue();
        assertThat(listed(unlisted)).isFalse();
    }

    @Test
    void getRoomVisibilityOnDirectoryShouldFailWithNotFoundWhenTheRoomIsUnknown() {
        var res = visibility("!unknown:localhost");
        assertThat(res.status()).isEqualTo(404);
        assertThat(res.errcode()).isEqualTo("M_NOT_FOUND");
        assertThat(visibility("not-a-room-id").errcode()).isEqualTo("M_INVALID_PARAM");
    }

    @Test
    void setRoomVisibilityOnDirectoryShouldPublishAndHideWhenTheUserMayChangeTheCanonicalAlias() {
        var bob = node.client().register("visbob", "password123");
        String room = steps.publicRoom(bob.accessToken());
        steps.publish(bob.accessToken(), room);
        assertThat(visibility(room).json().path("visibility").asText()).isEqualTo("public");
        assertThat(listed(room)).isTrue();

        var hide = steps.setVisibility(bob.accessToken(), room, "private");
        assertThat(hide.status()).as(hide.body()).isEqualTo(200);
        assertThat(visibility(room).json().path("visibility").asText()).isEqualTo("private");
        assertThat(listed(room)).isFalse();

        var byDefault = node.client().put(CLIENT + "/directory/list/room/" + enc(room), bob.accessToken(), Json.object());
        assertThat(byDefault.status()).isEqualTo(200);                     // visibility defaults to public
        assertThat(visibility(room).json().path("visibility").asText()).isEqualTo("public");
    }

    @Test
    void setRoomVisibilityOnDirectoryShouldBeForbiddenWhenTheUserLacksPowerOrIsNotInTheRoom() {
        var owner = node.client().register("visowner", "password123");
        var member = node.client().register("vismember", "password123");
        var outsider = node.client().register("visoutsider", "password123");
        String room = steps.publicRoom(owner.accessToken());
        steps.join(member.accessToken(), room);

        var byMember = steps.setVisibility(member.accessToken(), room, "public");
        assertThat(byMember.status()).isEqualTo(403);
        assertThat(byMember.errcode()).isEqualTo("M_FORBIDDEN");
        assertThat(steps.setVisibility(outsider.accessToken(), room, "public").status()).isEqualTo(403);
        assertThat(steps.setVisibility(null, room, "public").status()).isEqualTo(401);
        var guest = node.client().post(CLIENT + "/register?kind=guest", null, Json.object()).json().path("access_token").asText();
        assertThat(steps.setVisibility(guest, room, "public").errcode()).isEqualTo("M_GUEST_ACCESS_FORBIDDEN");
        assertThat(visibility(room).json().path("visibility").asText()).isEqualTo("private");

        ObjectNode levels = steps.state(owner.accessToken(), room, "m.room.power_levels");
        ((ObjectNode) levels.get("users")).put(member.userId(), 50);
        var promote = steps.putState(owner.accessToken(), room, "m.room.power_levels", levels);
        assertThat(promote.status()).as(promote.body()).isEqualTo(200);
        assertThat(steps.setVisibility(member.accessToken(), room, "public").status()).isEqualTo(200);
    }

    @Test
    void setRoomVisibilityOnDirectoryShouldSucceedWhenAnAdminIsNotInTheRoom() {
        var owner = node.client().register("visowner2", "password123");
        String admin = AdminIT.registerWithSharedSecret(node, "visadmin", "password123", true);
        String room = steps.publicRoom(owner.accessToken());
        var res = steps.setVisibility(admin, room, "public");
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        assertThat(visibility(room).json().path("visibility").asText()).isEqualTo("public");
    }

    @Test
    void setRoomVisibilityOnDirectoryShouldFailWhenTheRoomIsUnknownOrTheVisibilityInvalid() {
        var carol = node.client().register("viscarol", "password123");
        String room = steps.publicRoom(carol.accessToken());
        var invalid = steps.setVisibility(carol.accessToken(), room, "hidden");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.errcode()).isEqualTo("M_BAD_JSON");
        var unknown = steps.setVisibility(carol.accessToken(), "!unknown:localhost", "public");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errcode()).isEqualTo("M_NOT_FOUND");
    }
}
