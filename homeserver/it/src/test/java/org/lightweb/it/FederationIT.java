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
 * {@link FederationFlows} plus what only two of our own nodes can show (device keys and to-device messages across,
 * and a node that goes away and comes back missing nothing).
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
    void deviceKeysAndToDeviceMessagesCrossOver() {
        Side k = first();
        Side n = second();
        TestClient.Account alice = k.register();
        TestClient.Account bob = n.register();
        String room = createPublicRoom(k, alice);
        join(n, bob, room, k.serverName());
        awaitMembership(k, alice, room, bob.userId(), "join");

        ObjectNode keys = Json.object();
        keys.set("device_keys", E2eeKeysIT.deviceKeys(bob, new E2eeKeysIT.Key()));
        assertThat(n.client().post("/_matrix/client/v3/keys/upload", bob.accessToken(), keys).status()).isEqualTo(200);

        ObjectNode query = Json.object();
        query.putObject("device_keys").putArray(bob.userId());
        eventually("bob's device keys queried from kaslo", () -> {
            var res = k.client().post("/_matrix/client/v3/keys/query", alice.accessToken(), query);
            return res.status() == 200 && res.json().path("device_keys").path(bob.userId()).has(bob.deviceId());
        });

        String since = sync(n, bob, null).path("next_batch").asText();
        ObjectNode messages = Json.object();
        messages.putObject("messages").putObject(bob.userId()).putObject(bob.deviceId()).put("secret", "for bob only");
        var sent = k.client().put("/_matrix/client/v3/sendToDevice/org.lightweb.test/t" + System.nanoTime(),
                alice.accessToken(), messages);
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        eventually("the to-device message reaches bob's device", () -> {
            for (JsonNode e : sync(n, bob, since).path("to_device").path("events")) {
                if (e.path("content").path("secret").asText().equals("for bob only")
                        && e.path("sender").asText().equals(alice.userId())) return true;
            }
            return false;
        });
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
