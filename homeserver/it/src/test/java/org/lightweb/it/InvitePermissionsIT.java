package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Invite permission (spec: m.invite_permission_config with default_action block) and MSC4155's lists: blocked invites
 * refused with 403 M_INVITE_BLOCKED on every route that invites, pending ones hidden from sync, ignored ones accepted
 * but neither shown nor notified; an admin's invites.blocked_servers refuses a whole server over federation.
 */
class InvitePermissionsIT {
    static final int KASLO_PORT = FederatingNodes.freePort();
    static final int NELSON_PORT = FederatingNodes.freePort();

    @RegisterExtension
    static final TestNode kaslo = FederatingNodes.node(KASLO_PORT, c -> {});
    @RegisterExtension
    static final TestNode nelson = FederatingNodes.node(NELSON_PORT, c -> c.putObject("invites").putArray("blocked_servers").add("127.0.0.1"));

    static String room(TestNode node, TestClient.Account owner) {
        var r = node.client().post("/_matrix/client/v3/createRoom", owner.accessToken(), Map.of("preset", "private_chat"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().path("room_id").asText();
    }

    static void accountData(TestNode node, TestClient.Account user, String type, Object content) {
        var r = node.client().put("/_matrix/client/v3/user/" + user.userId() + "/account_data/" + type, user.accessToken(), content);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    static TestClient.Response invite(TestNode node, TestClient.Account from, String roomId, String userId) {
        return node.client().post("/_matrix/client/v3/rooms/" + roomId + "/invite", from.accessToken(), Map.of("user_id", userId));
    }

    static boolean invitedInSync(TestNode node, TestClient.Account user, String roomId) {
        return node.client().get("/_matrix/client/v3/sync?timeout=0", user.accessToken()).json().path("rooms").path("invite").has(roomId);
    }

    @Test
    void blockingEveryInviteShouldRefuseThemEverywhereAndHidePendingOnes() {
        var alice = kaslo.client().register("alice1", "password123");
        var bob = kaslo.client().register("bob1", "password123");
        String pending = room(kaslo, alice);
        assertThat(invite(kaslo, alice, pending, bob.userId()).status()).isEqualTo(200);
        assertThat(invitedInSync(kaslo, bob, pending)).isTrue();

        accountData(kaslo, bob, "m.invite_permission_config", Map.of("default_action", "block"));
        assertThat(invitedInSync(kaslo, bob, pending)).as("a pending invite is hidden too").isFalse();

        String roomId = room(kaslo, alice);
        var refused = invite(kaslo, alice, roomId, bob.userId());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.errcode()).isEqualTo("M_INVITE_BLOCKED");
        var state = kaslo.client().put("/_matrix/client/v3/rooms/" + roomId + "/state/m.room.member/" + bob.userId(), alice.accessToken(),
                Map.of("membership", "invite"));
        assertThat(state.status()).isEqualTo(403);
        assertThat(state.errcode()).isEqualTo("M_INVITE_BLOCKED");
        var create = kaslo.client().post("/_matrix/client/v3/createRoom", alice.accessToken(), Map.of("invite", List.of(bob.userId())));
        assertThat(create.status()).isEqualTo(403);
        assertThat(create.errcode()).isEqualTo("M_INVITE_BLOCKED");

        // unblocking: invites work again, and the pending one may be shown again
        accountData(kaslo, bob, "m.invite_permission_config", Map.of());
        assertThat(invite(kaslo, alice, roomId, bob.userId()).status()).isEqualTo(200);
        assertThat(invitedInSync(kaslo, bob, roomId)).isTrue();
        var caps = kaslo.client().get("/_matrix/client/v3/capabilities", bob.accessToken()).json();
        assertThat(caps.path("capabilities").path("org.matrix.msc4155.invite_permission_config_enforced").path("enabled").asBoolean()).isTrue();
    }

    @Test
    void msc4155ListsShouldAllowIgnoreAndBlockInTheirOrder() {
        var alice = kaslo.client().register("alice2", "password123");
        var mallory = kaslo.client().register("mallory2", "password123");
        var carol = kaslo.client().register("carol2", "password123");
        var dave = kaslo.client().register("dave2", "password123");
        accountData(kaslo, carol, "org.matrix.msc4155.invite_permission_config",
                Map.of("allowed_users", List.of(alice.userId()), "blocked_servers", List.of("*")));
        accountData(kaslo, dave, "org.matrix.msc4155.invite_permission_config", Map.of("ignored_users", List.of("@mallory*")));

        assertThat(invite(kaslo, alice, room(kaslo, alice), carol.userId()).status()).isEqualTo(200);
        var blocked = invite(kaslo, mallory, room(kaslo, mallory), carol.userId());
        assertThat(blocked.status()).isEqualTo(403);
        assertThat(blocked.errcode()).isEqualTo("M_INVITE_BLOCKED");

        String ignoredRoom = room(kaslo, mallory);
        assertThat(invite(kaslo, mallory, ignoredRoom, dave.userId()).status()).as("ignored: accepted, no feedback").isEqualTo(200);
        assertThat(invitedInSync(kaslo, dave, ignoredRoom)).isFalse();
        var notifications = kaslo.client().get("/_matrix/client/v3/notifications", dave.accessToken()).json();
        assertThat(notifications.path("notifications")).isEmpty();
        String shown = room(kaslo, alice);
        assertThat(invite(kaslo, alice, shown, dave.userId()).status()).isEqualTo(200);
        assertThat(invitedInSync(kaslo, dave, shown)).isTrue();
    }

    @Test
    void aServerTheAdminBlockedShouldNotInviteLocalUsersOverFederation() {
        var alice = kaslo.client().register("alice3", "password123");
        var bob = nelson.client().register("bob3", "password123");
        var r = invite(kaslo, alice, room(kaslo, alice), bob.userId());
        assertThat(r.status()).as(r.body()).isEqualTo(403);
        assertThat(r.body()).contains("M_INVITE_BLOCKED");
    }
}
