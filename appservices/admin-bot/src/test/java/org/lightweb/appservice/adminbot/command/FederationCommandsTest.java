package org.lightweb.appservice.adminbot.command;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.appservice.adminbot.FakeNode;
import org.lightweb.appservice.adminbot.Reply;
import org.lightweb.appservice.adminbot.UsageException;

class FederationCommandsTest {
    @RegisterExtension static WireMockExtension node = FakeNode.extension();

    @Test
    void destinationsShouldShowWhichServersFailWhenListed() throws Exception {
        node.stubFor(get(urlPathEqualTo("/_synapse/admin/v1/federation/destinations")).willReturn(okJson("""
                {"destinations":[{"destination":"good.org","retry_last_ts":0,"retry_interval":0,"failure_ts":null,
                                  "last_successful_stream_ordering":120},
                                 {"destination":"down.org","retry_last_ts":1765000000000,"retry_interval":3600000,
                                  "failure_ts":1764990000000,"last_successful_stream_ordering":null}],
                 "total":2}""")));
        Reply r = FakeNode.run(node, "federation destinations --limit=50");
        node.verify(getRequestedFor(urlPathEqualTo("/_synapse/admin/v1/federation/destinations"))
                .withQueryParam("limit", equalTo("50")).withQueryParam("from", equalTo("0")));
        assertThat(r.text()).contains("good.org | ok | - | - | -")
                .contains("down.org | failing, backing off | 2025-12-06 03:00 UTC | 2025-12-06 05:46 UTC | 1h 0m");
    }

    @Test
    void destinationShouldShowStateAndQueuedRoomsWhenAsked() throws Exception {
        node.stubFor(get(urlPathEqualTo("/_synapse/admin/v1/federation/destinations/down.org")).willReturn(okJson("""
                {"destination":"down.org","retry_last_ts":1765000000000,"retry_interval":60000,
                 "failure_ts":1764990000000,"last_successful_stream_ordering":77}""")));
        node.stubFor(get(urlPathEqualTo("/_synapse/admin/v1/federation/destinations/down.org/rooms")).willReturn(okJson(
                "{\"rooms\":[{\"room_id\":\"!a:example.org\",\"stream_ordering\":80}],\"total\":1}")));
        Reply r = FakeNode.run(node, "federation destination down.org");
        assertThat(r.text()).contains("Destination down.org").contains("State: failing, backing off")
                .contains("Retry interval: 1m 0s").contains("Last sent position: 77").contains("Rooms shared: 1")
                .contains("!a:example.org | 80");
        assertThat(r.html()).contains("<th>Position sent</th>");
    }

    @Test
    void blockAndUnblockShouldCallTheLightwebBlocklist() throws Exception {
        node.stubFor(post(urlPathEqualTo("/_lightweb/admin/v1/federation/blocked/evil.org")).willReturn(okJson("{}")));
        node.stubFor(delete(urlPathEqualTo("/_lightweb/admin/v1/federation/blocked/evil.org")).willReturn(okJson("{}")));
        assertThat(FakeNode.run(node, "federation block evil.org").text()).startsWith("evil.org is blocked");
        assertThat(FakeNode.run(node, "federation unblock evil.org").text()).isEqualTo("evil.org is no longer blocked.");
        node.verify(postRequestedFor(urlPathEqualTo("/_lightweb/admin/v1/federation/blocked/evil.org")));
        node.verify(deleteRequestedFor(urlPathEqualTo("/_lightweb/admin/v1/federation/blocked/evil.org")));
    }

    @Test
    void blockShouldRefuseWhenServerIsOurOwn() {
        assertThatThrownBy(() -> FakeNode.run(node, "federation block example.org"))
                .hasCauseInstanceOf(UsageException.class).hasMessageContaining("our own server");
    }
}
