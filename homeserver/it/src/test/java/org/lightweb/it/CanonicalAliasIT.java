package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;
import org.lightweb.it.TestClient.Response;

/** PUT /rooms/{roomId}/state/m.room.canonical_alias: the aliases it adds must be valid and point at the room. */
class CanonicalAliasIT {
    @RegisterExtension
    static final TestNode node = TestNode.create();

    private final DirectorySteps steps = new DirectorySteps(node);

    private static ObjectNode canonical(String alias, String... alt) {
        ObjectNode c = Json.object();
        if (alias != null) c.put("alias", alias);
        if (alt.length > 0) {
            var list = c.putArray("alt_aliases");
            for (String a : alt) list.add(a);
        }
        return c;
    }

    private Response send(String token, String room, ObjectNode content) {
        return steps.putState(token, room, "m.room.canonical_alias", content);
    }

    @Test
    void setRoomStateWithKeyShouldAcceptTheCanonicalAliasWhenEveryAliasPointsAtTheRoom() {
        var alice = node.client().register("canonalice", "password123");
        String room = steps.publicRoom(alice.accessToken());
        steps.createAlias(alice.accessToken(), "#canon-main:localhost", room);
        steps.createAlias(alice.accessToken(), "#canon-alt:localhost", room);
        var res = send(alice.accessToken(), room, canonical("#canon-main:localhost", "#canon-alt:localhost"));
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        assertThat(steps.state(alice.accessToken(), room, "m.room.canonical_alias").path("alt_aliases").get(0).asText())
                .isEqualTo("#canon-alt:localhost");
        assertThat(send(alice.accessToken(), room, canonical("")).status()).isEqualTo(200);   // no canonical alias
    }

    @Test
    void setRoomStateWithKeyShouldFailWithBadAliasWhenTheAliasDoesNotExist() {
        var bob = node.client().register("canonbob", "password123");
        String room = steps.publicRoom(bob.accessToken());
        var res = send(bob.accessToken(), room, canonical("#not-made:localhost"));
        assertThat(res.status()).isEqualTo(400);
        assertThat(res.errcode()).isEqualTo("M_BAD_ALIAS");
    }

    @Test
    void setRoomStateWithKeyShouldFailWithBadAliasWhenAnAliasPointsAtAnotherRoom() {
        var carol = node.client().register("canoncarol", "password123");
        String room = steps.publicRoom(carol.accessToken());
        String other = steps.publicRoom(carol.accessToken());
        steps.createAlias(carol.accessToken(), "#carols-room:localhost", room);
        steps.createAlias(carol.accessToken(), "#carols-other:localhost", other);
        var asAlias = send(carol.accessToken(), room, canonical("#carols-other:localhost"));
        assertThat(asAlias.status()).isEqualTo(400);
        assertThat(asAlias.errcode()).isEqualTo("M_BAD_ALIAS");
        var asAlt = send(carol.accessToken(), room, canonical("#carols-room:localhost", "#carols-other:localhost"));
        assertThat(asAlt.status()).isEqualTo(400);
        assertThat(asAlt.errcode()).isEqualTo("M_BAD_ALIAS");
        assertThat(node.client().get(DirectorySteps.CLIENT + "/rooms/" + DirectorySteps.enc(room) + "/state/m.room.canonical_alias/",
                carol.accessToken()).status()).isEqualTo(404);                          // nothing was sent
    }

    @Test
    void setRoomStateWithKeyShouldFailWithInvalidParamWhenTheContentIsMalformed() {
        var dave = node.client().register("canondave", "password123");
        String room = steps.publicRoom(dave.accessToken());
        for (ObjectNode bad : new ObjectNode[] {canonical("no-sigil"), canonical(null, "#bad:not a server"),
                Json.object().put("alias", 42), Json.object().put("alt_aliases", "#x:localhost")}) {
            var res = send(dave.accessToken(), room, bad);
            assertThat(res.status()).as(bad.toString()).isEqualTo(400);
            assertThat(res.errcode()).as(bad.toString()).isEqualTo("M_INVALID_PARAM");
        }
    }

    @Test
    void setRoomStateWithKeyShouldNotCheckAliasesAgainWhenTheReplacedEventListedThem() {
        var owner = node.client().register("canonowner", "password123");
        var member = node.client().register("canonmember", "password123");
        String room = steps.publicRoom(owner.accessToken());
        steps.join(member.accessToken(), room);
        steps.createAlias(member.accessToken(), "#fading:localhost", room);
        steps.createAlias(owner.accessToken(), "#lasting:localhost", room);
        assertThat(send(owner.accessToken(), room, canonical("#fading:localhost")).status()).isEqualTo(200);
        // The member deletes their alias but may not edit the event, which keeps naming it.
        assertThat(steps.deleteAlias(member.accessToken(), "#fading:localhost").status()).isEqualTo(200);

        var kept = send(owner.accessToken(), room, canonical("#fading:localhost", "#lasting:localhost"));
        assertThat(kept.status()).as(kept.body()).isEqualTo(200);
        var moved = send(owner.accessToken(), room, canonical("#lasting:localhost", "#fading:localhost"));
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
    }

    @Test
    void setRoomStateWithKeyShouldAcceptOtherServersAliasesWhenTheyAreWellFormed() {
        var erin = node.client().register("canonerin", "password123");
        String room = steps.publicRoom(erin.accessToken());
        var res = send(erin.accessToken(), room, canonical(null, "#elsewhere:example.org"));
        assertThat(res.status()).as(res.body()).isEqualTo(200);
    }

    @Test
    void setRoomStateWithKeyShouldBeForbiddenBeforeAliasesAreCheckedWhenTheSenderLacksPower() {
        var owner = node.client().register("canonowner2", "password123");
        var member = node.client().register("canonmember2", "password123");
        String room = steps.publicRoom(owner.accessToken());
        steps.join(member.accessToken(), room);
        steps.createAlias(member.accessToken(), "#member-pick:localhost", room);
        var valid = send(member.accessToken(), room, canonical("#member-pick:localhost"));
        assertThat(valid.status()).isEqualTo(403);
        assertThat(valid.errcode()).isEqualTo("M_FORBIDDEN");
        var invalid = send(member.accessToken(), room, canonical("#not-made:localhost"));
        assertThat(invalid.status()).isEqualTo(403);                               // the auth rules come first
    }

    @Test
    void createRoomShouldFailWithBadAliasWhenInitialStateNamesAnotherRoomsAlias() {
        var frank = node.client().register("canonfrank", "password123");
        String other = steps.publicRoom(frank.accessToken());
        steps.createAlias(frank.accessToken(), "#franks-other:localhost", other);
        ObjectNode body = Json.object();
        body.putArray("initial_state").addObject().put("type", "m.room.canonical_alias")
                .set("content", canonical("#franks-other:localhost"));
        var res = node.client().post(DirectorySteps.CLIENT + "/createRoom", frank.accessToken(), body);
        assertThat(res.status()).isEqualTo(400);
        assertThat(res.errcode()).isEqualTo("M_BAD_ALIAS");

        ObjectNode own = Json.object().put("room_alias_name", "franks-new");
        own.putArray("initial_state").addObject().put("type", "m.room.canonical_alias")
                .set("content", canonical("#franks-new:localhost", "#far:example.org"));
        var ok = node.client().post(DirectorySteps.CLIENT + "/createRoom", frank.accessToken(), own);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(steps.getAlias("#franks-new:localhost").json().path("room_id").asText())
                .isEqualTo(ok.json().path("room_id").asText());
    }
}
