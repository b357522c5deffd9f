package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/** DELETE /directory/room/{roomAlias}: who may, and what happens to m.room.canonical_alias. */
class RoomAliasDeletionIT {
    @RegisterExtension
    static final TestNode node = TestNode.create();

    private final DirectorySteps steps = new DirectorySteps(node);

    @Test
    void deleteRoomAliasShouldRemoveTheMappingWhenTheCreatorDeletesIt() {
        var alice = node.client().register("delalice", "password123");
        String room = steps.publicRoom(alice.accessToken());
        steps.createAlias(alice.accessToken(), "#short-lived:localhost", room);
        var res = steps.deleteAlias(alice.accessToken(), "#short-lived:localhost");
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        assertThat(steps.getAlias("#short-lived:localhost").status()).isEqualTo(404);
        assertThat(steps.deleteAlias(alice.accessToken(), "#short-lived:localhost").status()).isEqualTo(404);
        steps.createAlias(alice.accessToken(), "#short-lived:localhost", room);      // free again
    }

    @Test
    void deleteRoomAliasShouldBeForbiddenWhenTheUserNeitherCreatedItNorMayChangeTheCanonicalAlias() {
        var owner = node.client().register("delowner", "password123");
        var member = node.client().register("delmember", "password123");
        var outsider = node.client().register("deloutsider", "password123");
        String room = steps.publicRoom(owner.accessToken());
        steps.join(member.accessToken(), room);
        steps.createAlias(owner.accessToken(), "#owners:localhost", room);

        var byMember = steps.deleteAlias(member.accessToken(), "#owners:localhost");
        assertThat(byMember.status()).isEqualTo(403);
        assertThat(byMember.errcode()).isEqualTo("M_FORBIDDEN");
        assertThat(steps.deleteAlias(outsider.accessToken(), "#owners:localhost").status()).isEqualTo(403);
        assertThat(steps.getAlias("#owners:localhost").status()).isEqualTo(200);
    }

    @Test
    void deleteRoomAliasShouldSucceedWhenAMemberWhoMayChangeTheCanonicalAliasDidNotCreateIt() {
        var owner = node.client().register("delowner2", "password123");
        var member = node.client().register("delmember2", "password123");
        String room = steps.publicRoom(owner.accessToken());
        steps.join(member.accessToken(), room);
        steps.createAlias(member.accessToken(), "#members-alias:localhost", room);
        var res = steps.deleteAlias(owner.accessToken(), "#members-alias:localhost");
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        assertThat(steps.getAlias("#members-alias:localhost").status()).isEqualTo(404);
    }

    @Test
    void deleteRoomAliasShouldSucceedWhenAnAdminOutsideTheRoomDeletesIt() {
        var owner = node.client().register("delowner3", "password123");
        String admin = AdminIT.registerWithSharedSecret(node, "deladmin", "password123", true);
        String room = steps.publicRoom(owner.accessToken());
        steps.createAlias(owner.accessToken(), "#admin-removes:localhost", room);
        var res = steps.deleteAlias(admin, "#admin-removes:localhost");
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        assertThat(steps.getAlias("#admin-removes:localhost").status()).isEqualTo(404);
    }

    @Test
    void deleteRoomAliasShouldFailWhenTheAliasIsUnknownRemoteOrMalformed() {
        var bob = node.client().register("delbob", "password123");
        var unknown = steps.deleteAlias(bob.accessToken(), "#never-there:localhost");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errcode()).isEqualTo("M_NOT_FOUND");
        assertThat(steps.deleteAlias(bob.accessToken(), "#theirs:example.org").errcode()).isEqualTo("M_INVALID_PARAM");
        assertThat(steps.deleteAlias(bob.accessToken(), "no-sigil").errcode()).isEqualTo("M_INVALID_PARAM");
        assertThat(steps.deleteAlias(null, "#never-there:localhost").status()).isEqualTo(401);
    }

    @Test
    void deleteRoomAliasShouldRemoveTheAliasFromTheCanonicalAliasEventWhenItIsListedThere() {
        var carol = node.client().register("delcarol", "password123");
        String room = steps.publicRoom(carol.accessToken());
        for (String a : new String[] {"#main:localhost", "#alt:localhost", "#keep:localhost"}) {
            steps.createAlias(carol.accessToken(), a, room);
        }
        var set = steps.putState(carol.accessToken(), room, "m.room.canonical_alias", Json.object().put("alias", "#main:localhost")
                .set("alt_aliases", Json.MAPPER.createArrayNode().add("#alt:localhost").add("#keep:localhost")));
        assertThat(set.status()).as(set.body()).isEqualTo(200);

        assertThat(steps.deleteAlias(carol.accessToken(), "#main:localhost").status()).isEqualTo(200);
        var afterMain = steps.state(carol.accessToken(), room, "m.room.canonical_alias");
        assertThat(afterMain.has("alias")).isFalse();
        assertThat(afterMain.path("alt_aliases")).extracting(n -> n.asText()).containsExactly("#alt:localhost", "#keep:localhost");

        assertThat(steps.deleteAlias(carol.accessToken(), "#alt:localhost").status()).isEqualTo(200);
        assertThat(steps.state(carol.accessToken(), room, "m.room.canonical_alias").path("alt_aliases"))
                .extracting(n -> n.asText()).containsExactly("#keep:localhost");
    }

    @Test
    void deleteRoomAliasShouldStillDeleteWhenTheCreatorMayNotChangeTheCanonicalAlias() {
        var owner = node.client().register("delowner4", "password123");
        var member = node.client().register("delmember4", "password123");
        String room = steps.publicRoom(owner.accessToken());
        steps.join(member.accessToken(), room);
        steps.createAlias(member.accessToken(), "#member-made:localhost", room);
        var set = steps.putState(owner.accessToken(), room, "m.room.canonical_alias",
                Json.object().put("alias", "#member-made:localhost"));
        assertThat(set.status()).as(set.body()).isEqualTo(200);

        var res = steps.deleteAlias(member.accessToken(), "#member-made:localhost");   // power level 0: cannot send it
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        assertThat(steps.getAlias("#member-made:localhost").status()).isEqualTo(404);
        assertThat(steps.state(owner.accessToken(), room, "m.room.canonical_alias").path("alias").asText())
                .isEqualTo("#member-made:localhost");
    }
}
