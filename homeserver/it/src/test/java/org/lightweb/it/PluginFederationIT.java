package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/**
 * Plugins' server routes between two real nodes: kaslo's example plugin calls nelson's through the SDK's signed
 * federation requests, and nelson's route learns it was kaslo; an unsigned request is refused.
 */
class PluginFederationIT {
    @RegisterExtension
    static final TestNode kaslo = FederatingNodes.node(c -> PluginsIT.configure(c, PluginsIT.withExamplePlugin()));
    @RegisterExtension
    static final TestNode nelson = FederatingNodes.node(c -> PluginsIT.configure(c, PluginsIT.withExamplePlugin()));

    @Test
    void serverRouteShouldLearnTheOriginWhenAnotherNodeSignsTheRequest() {
        String admin = AdminIT.registerWithSharedSecret(kaslo, "root", "password123", true);
        var reply = PluginsIT.command(kaslo, admin, "greet-ping", nelson.serverName());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().path("text").asText())
                .contains("origin " + kaslo.serverName(), "server " + nelson.serverName());

        var unreachable = PluginsIT.command(kaslo, admin, "greet-ping", "127.0.0.1:" + FederatingNodes.freePort());
        assertThat(unreachable.json().path("text").asText()).startsWith("Could not reach");
    }

    @Test
    void serverRouteShouldRefuseWhenTheRequestIsNotSigned() throws Exception {
        String url = "https://" + nelson.serverName() + "/_lightweb/example-greeter/v1/hello";
        try (Response r = FederationKeysIT.insecure().newCall(new Request.Builder().url(url).build()).execute()) {
            assertThat(r.code()).isEqualTo(401);
            assertThat(Json.MAPPER.readTree(r.body().bytes()).path("errcode").asText()).isEqualTo("M_UNAUTHORIZED");
        }
    }

    @Test
    void eventListenerShouldHearEventsReceivedOverFederation() throws Exception {
        var k = new FederationFlows.Side("kaslo", kaslo.client(), kaslo.serverName());
        var n = new FederationFlows.Side("nelson", nelson.client(), nelson.serverName());
        TestClient.Account alice = k.register();
        TestClient.Account bob = n.register();
        String roomId = FederationFlows.createPublicRoom(k, alice);
        FederationFlows.join(n, bob, roomId, kaslo.serverName());
        FederationFlows.awaitMembership(k, alice, roomId, bob.userId(), "join");
        long before = kaslo.client().get("/_lightweb/example-greeter/v1/stats").json().path("messages_seen").asLong();

        String eventId = FederationFlows.send(n, bob, roomId, "hello from nelson");
        FederationFlows.awaitTimeline(k, alice, roomId, eventId);
        long after = PluginsIT.eventually(() -> kaslo.client().get("/_lightweb/example-greeter/v1/stats").json()
                .path("messages_seen").asLong(), v -> v > before);
        assertThat(after).isEqualTo(before + 1);
    }
}
