package org.lightweb.appservice.adminbot.command;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.appservice.adminbot.FakeNode;
import org.lightweb.appservice.adminbot.Reply;

class ServerCommandsTest {
    @RegisterExtension static WireMockExtension node = FakeNode.extension();

    @Test
    void serverVersionShouldNameTheSoftware() throws Exception {
        node.stubFor(get(urlPathEqualTo("/_synapse/admin/v1/server_version")).willReturn(okJson("{\"server_version\":\"Lightweb 0.1.0\"}")));
        assertThat(FakeNode.run(node, "server version").text()).isEqualTo("example.org runs Lightweb 0.1.0.");
    }

    @Test
    void serverUptimeShouldCountFromTheBotsStart() throws Exception {
        assertThat(FakeNode.run(node, "server uptime").text()).isEqualTo("Up for 2d 1h 30m (since 2026-12-05T04:30:00Z).");
    }

    @Test
    void serverStatsShouldUseTotalsAndSayWhatIsUnavailable() throws Exception {
        node.stubFor(get(urlPathEqualTo("/_synapse/admin/v2/users")).withQueryParam("deactivated", absent())
                .willReturn(okJson("{\"users\":[],\"total\":10}")));
        node.stubFor(get(urlPathEqualTo("/_synapse/admin/v2/users")).withQueryParam("deactivated", equalTo("true"))
                .willReturn(okJson("{\"users\":[],\"total\":13}")));
        node.stubFor(get(urlPathEqualTo("/_synapse/admin/v1/rooms")).willReturn(okJson("{\"rooms\":[],\"total_rooms\":5}")));
        node.stubFor(get(urlPathEqualTo("/_synapse/admin/v1/federation/destinations"))
                .willReturn(jsonResponse("{\"errcode\":\"M_UNRECOGNIZED\",\"error\":\"no\"}", 404)));
        Reply r = FakeNode.run(node, "server stats");
        assertThat(r.text()).contains("Users: 10").contains("Deactivated users: 3").contains("Rooms: 5")
                .contains("Federation destinations: unavailable");
    }
}
