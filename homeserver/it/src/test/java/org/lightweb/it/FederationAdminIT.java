package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;
import org.lightweb.it.FederationFlows.Side;

/**
 * Synapse's federation admin API and the node's server block list between two real nodes: destinations come from
 * the rooms the servers share, and a blocked server gets nothing from this node and cannot reach it.
 */
class FederationAdminIT {
    @RegisterExtension
    static final TestNode kaslo = FederatingNodes.node();
    @RegisterExtension
    static final TestNode nelson = FederatingNodes.node();

    @Test
    void destinationsShouldListTheServersSharingRoomsAndBlockingShouldCutThemOff() {
        Side k = new Side("kaslo", kaslo.client(), kaslo.serverName());
        Side n = new Side("nelson", nelson.client(), nelson.serverName());
        String admin = AdminIT.registerWithSharedSecret(kaslo, "root", "password123", true);
        TestClient.Account alice = k.register();
        TestClient.Account bob = n.register();
        String roomId = FederationFlows.createPublicRoom(k, alice);
        FederationFlows.join(n, bob, roomId, kaslo.serverName());
        FederationFlows.awaitMembership(k, alice, roomId, bob.userId(), "join");

        String base = "/_synapse/admin/v1/federation/destinations";
        var list = kaslo.client().get(base, admin);
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        assertThat(list.json().path("total").asInt()).isEqualTo(1);
        JsonNode d = list.json().path("destinations").get(0);
        assertThat(d.path("destination").asText()).isEqualTo(nelson.serverName());
        assertThat(d.path("retry_interval").asLong()).isZero();
        var one = kaslo.client().get(base + "/" + nelson.serverName(), admin);
        assertThat(one.json().path("queued").isNumber()).as(one.body()).isTrue();
        var rooms = kaslo.client().get(base + "/" + nelson.serverName() + "/rooms", admin);
        assertThat(rooms.json().path("rooms").get(0).path("room_id").asText()).isEqualTo(roomId);
        assertThat(kaslo.client().get(base + "/elsewhere.example", admin).status()).isEqualTo(404);
        assertThat(kaslo.client().post(base + "/" + nelson.serverName() + "/reset_connection", admin, Json.object()).status())
                .isEqualTo(400);
        assertThat(kaslo.client().get(base, alice.accessToken()).status()).isEqualTo(403);

        // Blocked: kaslo sends nelson nothing, and refuses what nelson signs
        String blocked = "/_lightweb/admin/v1/federation/blocked/" + nelson.serverName();
        assertThat(kaslo.client().post(blocked, admin, Json.object()).status()).isEqualTo(200);
        assertThat(kaslo.client().get("/_lightweb/admin/v1/federation/blocked", admin).body()).contains(nelson.serverName());
        String during = FederationFlows.send(k, alice, roomId, "while nelson is blocked");
        TestClient.Account dan = n.register();
        String other = FederationFlows.createPublicRoom(k, alice);
        var refused = nelson.client().post("/_matrix/client/v3/join/" + other + "?server_name=" + kaslo.serverName(),
                dan.accessToken(), Json.object());
        assertThat(refused.status()).as(refused.body()).isGreaterThanOrEqualTo(400);
        assertThat(FederationFlows.messageIds(n, bob, roomId)).doesNotContain(during);

        // Unblocked: what is sent from now on arrives
        assertThat(kaslo.client().delete(blocked, admin, null).status()).isEqualTo(200);
        String after = FederationFlows.send(k, alice, roomId, "after the block");
        FederationFlows.awaitTimeline(n, bob, roomId, after);
    }

    @Test
    void blockingOurOwnNameShouldBeRefused() {
        String admin = AdminIT.registerWithSharedSecret(kaslo, "root2", "password123", true);
        var own = kaslo.client().post("/_lightweb/admin/v1/federation/blocked/" + kaslo.serverName(), admin, Json.object());
        assertThat(own.status()).isEqualTo(400);
        assertThat(own.errcode()).isEqualTo("M_INVALID_PARAM");
    }
}
