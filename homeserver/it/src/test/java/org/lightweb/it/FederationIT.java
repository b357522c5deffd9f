package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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
