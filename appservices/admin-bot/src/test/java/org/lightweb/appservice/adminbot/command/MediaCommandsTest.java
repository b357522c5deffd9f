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

class MediaCommandsTest {
    @RegisterExtension static WireMockExtension node = FakeNode.extension();

    @Test
    void quarantineShouldTargetOneFileARoomOrAUserWhenGivenEach() throws Exception {
        node.stubFor(post(urlPathEqualTo("/_synapse/admin/v1/media/quarantine/example.org/abcDEF")).willReturn(okJson("{}")));
        node.stubFor(post(urlPathEqualTo("/_synapse/admin/v1/room/%21a%3Aexample.org/media/quarantine"))
                .willReturn(okJson("{\"num_quarantined\":7}")));
        node.stubFor(post(urlPathEqualTo("/_synapse/admin/v1/user/%40bob%3Aexample.org/media/quarantine"))
                .willReturn(okJson("{\"num_quarantined\":3}")));
        assertThat(FakeNode.run(node, "media quarantine mxc://example.org/abcDEF").text())
                .isEqualTo("mxc://example.org/abcDEF is quarantined.");
        assertThat(FakeNode.run(node, "media quarantine !a:example.org").text()).isEqualTo("Quarantined 7 files of !a:example.org.");
        assertThat(FakeNode.run(node, "media quarantine bob").text()).isEqualTo("Quarantined 3 files of bob.");
        node.verify(postRequestedFor(urlPathEqualTo("/_synapse/admin/v1/user/%40bob%3Aexample.org/media/quarantine")));
    }

    @Test
    void quarantineUndoShouldReleaseOneFile() throws Exception {
        node.stubFor(post(urlPathEqualTo("/_synapse/admin/v1/media/unquarantine/remote.org/xyz")).willReturn(okJson("{}")));
        assertThat(FakeNode.run(node, "media quarantine mxc://remote.org/xyz --undo").text()).contains("released");
        assertThatThrownBy(() -> FakeNode.run(node, "media quarantine mxc://nope"))
                .hasCauseInstanceOf(UsageException.class).hasMessageContaining("mxc://server/media-id");
    }

    @Test
    void purgeRemoteShouldAskForFilesOlderThanTheGivenAge() throws Exception {
        node.stubFor(post(urlPathEqualTo("/_synapse/admin/v1/purge_media_cache")).willReturn(okJson("{\"deleted\":12}")));
        Reply r = FakeNode.run(node, "media purge-remote 7d");
        long expected = FakeNode.NOW.toEpochMilli() - 7L * 86_400_000L;
        node.verify(postRequestedFor(urlPathEqualTo("/_synapse/admin/v1/purge_media_cache"))
                .withQueryParam("before_ts", equalTo(String.valueOf(expected))));
        assertThat(r.text()).isEqualTo("Purged 12 cached remote files not used for 7d.");
        assertThatThrownBy(() -> FakeNode.run(node, "media purge-remote soon"))
                .hasCauseInstanceOf(UsageException.class).hasMessageContaining("not a duration");
    }
}
