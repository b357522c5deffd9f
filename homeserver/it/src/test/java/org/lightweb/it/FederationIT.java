package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/**
 * Two real Lightweb nodes, kaslo and nelson, federating over loopback with self-signed TLS: the shared flows of
 * {@link FederationFlows} plus what only two of our own nodes can show: a node that goes away and comes back
 * missing nothing.
 */
class FederationIT extends FederationFlows {
    @RegisterExtension
    static final TestNode kaslo = FederatingNodes.node();

    @RegisterExtension
    static final TestNode nelson = FederatingNodes.node();

    @Override
    Side first() { return new Side("kaslo", kaslo.client(), kaslo.serverName()); }

    @Override
    Side second() { return new Side("nelson", nelson.client(), nelson.serverName()); }

    @Test
    void aUserOfTheOtherServerIsVerifiedByCrossSigning() {
        Side k = first();
        Side n = second();
        TestClient.Account alice = k.register();
        TestClient.Account carol = k.register();
        TestClient.Account bob = n.register();
        String room = createPublicRoom(k, alice);
        join(n, bob, room, k.serverName());
        awaitMembership(k, alice, room, bob.userId(), "join");

        E2eeKeysIT.Key bobMaster = new E2eeKeysIT.Key();
        ObjectNode bobKeys = Json.object();
        bobKeys.set("master_key", E2eeKeysIT.crossSigningKey(bob.userId(), "master", bobMaster));
        assertThat(n.client().post("/_matrix/client/v3/keys/device_signing/upload", bob.accessToken(), bobKeys).status())
                .isEqualTo(200);
        E2eeKeysIT.Key aliceMaster = new E2eeKeysIT.Key();
        E2eeKeysIT.Key aliceUserSigning = new E2eeKeysIT.Key();
        ObjectNode aliceKeys = Json.object();
        aliceKeys.set("master_key", E2eeKeysIT.crossSigningKey(alice.userId(), "master", aliceMaster));
        aliceKeys.set("user_signing_key", aliceMaster.sign(E2eeKeysIT.crossSigningKey(alice.userId(), "user_signing",
                aliceUserSigning), alice.userId(), "ed25519:" + aliceMaster.pub()));
        assertThat(k.client().post("/_matrix/client/v3/keys/device_signing/upload", alice.accessToken(), aliceKeys).status())
                .isEqualTo(200);

        // Alice's client fetches bob's master key through her server and signs it with her user-signing key.
        ObjectNode query = Json.object();
        query.putObject("device_keys").putArray(bob.userId());
        JsonNode bobMasterKey = k.client().post("/_matrix/client/v3/keys/query", alice.accessToken(), query).json()
                .path("master_keys").path(bob.userId());
        assertThat(bobMasterKey.isObject()).as("bob's master key over federation").isTrue();
        ObjectNode signed = aliceUserSigning.sign(((ObjectNode) bobMasterKey).deepCopy(), alice.userId(),
                "ed25519:" + aliceUserSigning.pub());
        ObjectNode upload = Json.object();
        upload.putObject(bob.userId()).set(bobMaster.pub(), signed);
        JsonNode result = k.client().post("/_matrix/client/v3/keys/signatures/upload", alice.accessToken(), upload).json();
        assertThat(result.path("failures").isEmpty()).as(result.toString()).isTrue();

        // Alice sees her signature on bob's master key; another user of her server does not.
        JsonNode seen = k.client().post("/_matrix/client/v3/keys/query", alice.accessToken(), query).json();
        assertThat(seen.path("master_keys").path(bob.userId()).path("signatures").path(alice.userId())
                .has("ed25519:" + aliceUserSigning.pub())).as(seen.toString()).isTrue();
        JsonNode other = k.client().post("/_matrix/client/v3/keys/query", carol.accessToken(), query).json();
        assertThat(other.path("master_keys").path(bob.userId()).path("signatures").has(alice.userId())).isFalse();

        // A signature that is not by her user-signing key is refused.
        ObjectNode forged = new E2eeKeysIT.Key().sign(((ObjectNode) bobMasterKey).deepCopy(), alice.userId(),
                "ed25519:" + aliceUserSigning.pub());
        ObjectNode bad = Json.object();
        bad.putObject(bob.userId()).set(bobMaster.pub(), forged);
        JsonNode refused = k.client().post("/_matrix/client/v3/keys/signatures/upload", alice.accessToken(), bad).json();
        assertThat(refused.path("failures").path(bob.userId()).path(bobMaster.pub()).path("errcode").asText())
                .isEqualTo("M_INVALID_SIGNATURE");
    }

    @Test
    void aNodeThatWasAwayGetsEverythingInOrderOnce() throws Exception {
        Side k = first();
        TestClient.Account alice = k.register();
        TestClient.Account bob = second().register();
        String room = createPublicRoom(k, alice);
        join(second(), bob, room, k.serverName());
        awaitMembership(k, alice, room, bob.userId(), "join");

        nelson.stopKeepingData();
        List<String> sentWhileAway = new ArrayList<>();
        for (int i = 0; i < 5; i++) sentWhileAway.add(send(k, alice, room, "while nelson was away " + i));
        nelson.startAgain();

        Side n = second();   // the restarted node listens on a new client port
        eventually("everything sent while away arrives", () -> messageIds(n, bob, room).containsAll(sentWhileAway));
        List<String> seen = messageIds(n, bob, room);
        assertThat(seen.stream().filter(sentWhileAway::contains).toList()).containsExactlyElementsOf(sentWhileAway);
        assertThat(seen).doesNotHaveDuplicates();
    }
}
