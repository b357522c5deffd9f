package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.it.DirectorySteps.CLIENT;
import static org.lightweb.it.DirectorySteps.enc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/** Room aliases: PUT, GET and DELETE /directory/room/{roomAlias}, GET /rooms/{roomId}/aliases, joining by alias. */
class RoomAliasIT {
    @RegisterExtension
    static final TestNode node = TestNode.create();

    private final DirectorySteps steps = new DirectorySteps(node);

    @Test
    void getRoomIdByAliasShouldAnswerTheRoomAndThisServerWhenAMemberCreatedTheAlias() {
        var alice = node.client().register("aliasalice", "password123");
        String room = steps.publicRoom(alice.accessToken());
        var put = steps.putAlias(alice.accessToken(), "#kaslo-coop:localhost", room);
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().size()).isZero();

        var got = steps.getAlias("#kaslo-coop:localhost");                  // no access token needed
        assertThat(got.status()).as(got.body()).isEqualTo(200);
        assertThat(got.json().path("room_id").asText()).isEqualTo(room);
        assertThat(got.json().path("servers").get(0).asText()).isEqualTo("localhost");
    }

    @Test
    void setRoomAliasShouldFailWithConflictWhenTheAliasIsTaken() {
        var bob = node.client().register("aliasbob", "password123");
        String first = steps.publicRoom(bob.accessToken());
        String second = steps.publicRoom(bob.accessToken());
        steps.createAlias(bob.accessToken(), "#taken:localhost", first);
        var again = steps.putAlias(bob.accessToken(), "#taken:localhost", second);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errcode()).isEqualTo("M_UNKNOWN");
        assertThat(steps.getAlias("#taken:localhost").json().path("room_id").asText()).isEqualTo(first);
    }

    @Test
    void setRoomAliasShouldFailWithInvalidParamWhenTheAliasIsMalformedOrNotLocal() {
        var carol = node.client().register("aliascarol", "password123");
        String room = steps.publicRoom(carol.accessToken());
        for (String bad : new String[] {"no-sigil:localhost", "#no-server", "#:localhost", "#white space:localhost",
                "#bad:not a server", "#elsewhere:example.org"}) {
            var res = steps.putAlias(carol.accessToken(), bad, room);
            assertThat(res.status()).as(bad + " " + res.body()).isEqualTo(400);
            assertThat(res.errcode()).as(bad).isEqualTo("M_INVALID_PARAM");
        }
        var tooLong = steps.putAlias(carol.accessToken(), "#" + "x".repeat(250) + ":localhost", room);
        assertThat(tooLong.errcode()).isEqualTo("M_INVALID_PARAM");
    }

    @Test
    void setRoomAliasShouldFailWhenTheBodyHasNoRoomIdOrTheRoomIsUnknown() {
        var dave = node.client().register("aliasdave", "password123");
        var missing = node.client().put(CLIENT + "/directory/room/" + enc("#nobody:localhost"), dave.accessToken(), Json.object());
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.errcode()).isEqualTo("M_MISSING_PARAM");
        var malformed = steps.putAlias(dave.accessToken(), "#nobody:localhost", "not-a-room");
        assertThat(malformed.errcode()).isEqualTo("M_INVALID_PARAM");
        var unknown = steps.putAlias(dave.accessToken(), "#nobody:localhost", "!unknown:localhost");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(steps.getAlias("#nobody:localhost").status()).isEqualTo(404);
    }

    @Test
    void setRoomAliasShouldBeForbiddenWhenTheUserIsNotInTheRoom() {
        var owner = node.client().register("aliasowner", "password123");
        var stranger = node.client().register("aliasstranger", "password123");
        String room = steps.publicRoom(owner.accessToken());
        var res = steps.putAlias(stranger.accessToken(), "#squat:localhost", room);
        assertThat(res.status()).isEqualTo(403);
        assertThat(res.errcode()).isEqualTo("M_FORBIDDEN");
        assertThat(node.client().put(CLIENT + "/directory/room/" + enc("#squat:localhost"), null,
                Json.object().put("room_id", room)).status()).isEqualTo(401);
    }

    @Test
    void setRoomAliasShouldSucceedWhenAnAdminIsNotInTheRoom() {
        var owner = node.client().register("aliasowner2", "password123");
        String admin = AdminIT.registerWithSharedSecret(node, "aliasadmin", "password123", true);
        String room = steps.publicRoom(owner.accessToken());
        steps.createAlias(admin, "#by-admin:localhost", room);
        assertThat(steps.getAlias("#by-admin:localhost").json().path("room_id").asText()).isEqualTo(room);
    }

    @Test
    void getRoomIdByAliasShouldFailWhenTheAliasIsUnknownUnreachableOrMalformed() {
        var unknown = steps.getAlias("#never-made:localhost");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errcode()).isEqualTo("M_NOT_FOUND");
        // Another server's alias is asked of that server; one that cannot be reached is 502, as in Synapse
        // (FederationFlows covers the remote found and not-found cases).
        var remote = steps.getAlias("#somewhere:example.org");
        assertThat(remote.status()).isEqualTo(502);
        assertThat(remote.errcode()).isNotNull();
        var malformed = steps.getAlias("missing-sigil:localhost");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.errcode()).isEqualTo("M_INVALID_PARAM");
    }

    @Test
    void joinRoomShouldJoinTheRoomWhenGivenItsAlias() {
        var erin = node.client().register("aliaserin", "password123");
        var frank = node.client().register("aliasfrank", "password123");
        String room = steps.publicRoom(erin.accessToken());
        steps.createAlias(erin.accessToken(), "#join-me:localhost", room);

        var joined = node.client().post(CLIENT + "/join/" + enc("#join-me:localhost"), frank.accessToken(), Json.object());
        assertThat(joined.status()).as(joined.body()).isEqualTo(200);
        assertThat(joined.json().path("room_id").asText()).isEqualTo(room);
        assertThat(node.client().get(CLIENT + "/joined_rooms", frank.accessToken()).json().path("joined_rooms")
                .get(0).asText()).isEqualTo(room);
        var resolved = steps.getAlias("#join-me:localhost");
        assertThat(resolved.json().path("servers")).hasSize(1);           // both members are on this server

        var unknown = node.client().post(CLIENT + "/join/" + enc("#no-such-room:localhost"), frank.accessToken(), Json.object());
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void createRoomShouldMakeTheAliasWhenRoomAliasNameIsGiven() {
        var gina = node.client().register("aliasgina", "password123");
        String room = steps.createRoom(gina.accessToken(), Json.object().put("room_alias_name", "from-create"));
        assertThat(steps.getAlias("#from-create:localhost").json().path("room_id").asText()).isEqualTo(room);
        assertThat(steps.state(gina.accessToken(), room, "m.room.canonical_alias").path("alias").asText())
                .isEqualTo("#from-create:localhost");
    }

    @Test
    void getLocalAliasesShouldListTheAliasesWhenTheUserIsAMember() {
        var hank = node.client().register("aliashank", "password123");
        String room = steps.publicRoom(hank.accessToken());
        steps.createAlias(hank.accessToken(), "#hank-b:localhost", room);
        steps.createAlias(hank.accessToken(), "#hank-a:localhost", room);
        var res = node.client().get(CLIENT + "/rooms/" + enc(room) + "/aliases", hank.accessToken());
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        assertThat(res.json().path("aliases")).extracting(n -> n.asText())
                .containsExactly("#hank-a:localhost", "#hank-b:localhost");
    }

    @Test
    void getLocalAliasesShouldBeForbiddenWhenTheUserIsNotInTheRoom() {
        var ivy = node.client().register("aliasivy", "password123");
        var outsider = node.client().register("aliasoutsider", "password123");
        String room = steps.publicRoom(ivy.accessToken());
        var res = node.client().get(CLIENT + "/rooms/" + enc(room) + "/aliases", outsider.accessToken());
        assertThat(res.status()).isEqualTo(403);
        assertThat(res.errcode()).isEqualTo("M_FORBIDDEN");
        var unknownRoom = node.client().get(CLIENT + "/rooms/" + enc("!nope:localhost") + "/aliases", outsider.accessToken());
        assertThat(unknownRoom.status()).isEqualTo(403);
    }

    @Test
    void getLocalAliasesShouldListTheAliasesWhenTheRoomIsWorldReadable() {
        var jack = node.client().register("aliasjack", "password123");
        var outsider = node.client().register("aliasoutsider2", "password123");
        String room = steps.publicRoom(jack.accessToken());
        steps.createAlias(jack.accessToken(), "#open-book:localhost", room);
        var hv = steps.putState(jack.accessToken(), room, "m.room.history_visibility",
                Json.object().put("history_visibility", "world_readable"));
        assertThat(hv.status()).as(hv.body()).isEqualTo(200);
        var res = node.client().get(CLIENT + "/rooms/" + enc(room) + "/aliases", outsider.accessToken());
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        assertThat(res.json().path("aliases").get(0).asText()).isEqualTo("#open-book:localhost");
    }
}
