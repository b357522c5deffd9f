package org.lightweb.appservice.adminbot.command;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.appservice.adminbot.FakeNode;
import org.lightweb.appservice.adminbot.Reply;

class TokensCommandsTest {
    @RegisterExtension static WireMockExtension node = FakeNode.extension();

    @Test
    void tokensListShouldShowUsesAndExpiry() throws Exception {
        node.stubFor(get(urlPathEqualTo("/_synapse/admin/v1/registration_tokens")).willReturn(okJson("""
                {"registration_tokens":[{"token":"abcd","uses_allowed":3,"pending":0,"completed":1,"expiry_time":null},
                                        {"token":"efgh","uses_allowed":null,"pending":1,"completed":4,"expiry_time":1765000000000}]}""")));
        Reply r = FakeNode.run(node, "tokens list --valid");
        node.verify(getRequestedFor(urlPathEqualTo("/_synapse/admin/v1/registration_tokens")).withQueryParam("valid", equalTo("true")));
        assertThat(r.text()).contains("abcd | 3 | 0 | 1 | never").contains("efgh | unlimited | 1 | 4 | 2025-12-06 05:46 UTC");
    }

    @Test
    void tokensCreateShouldSendUsesAndExpiryWhenGiven() throws Exception {
        node.stubFor(post(urlPathEqualTo("/_synapse/admin/v1/registration_tokens/new")).willReturn(okJson(
                "{\"token\":\"welcome\",\"uses_allowed\":5,\"pending\":0,\"completed\":0,\"expiry_time\":1765684800000}")));
        Reply r = FakeNode.run(node, "tokens create welcome --uses=5 --expires=7d");
        long expiry = FakeNode.NOW.toEpochMilli() + 7L * 86_400_000L;
        node.verify(postRequestedFor(urlPathEqualTo("/_synapse/admin/v1/registration_tokens/new"))
                .withRequestBody(equalToJson("{\"token\":\"welcome\",\"uses_allowed\":5,\"expiry_time\":" + expiry + "}")));
        assertThat(r.text()).contains("Token: welcome").contains("Uses allowed: 5");
    }

    @Test
    void tokensRevokeShouldDeleteTheToken() throws Exception {
        node.stubFor(delete(urlPathEqualTo("/_synapse/admin/v1/registration_tokens/abcd")).willReturn(okJson("{}")));
        assertThat(FakeNode.run(node, "tokens revoke abcd").text()).isEqualTo("Registration token abcd revoked.");
        node.verify(deleteRequestedFor(urlPathEqualTo("/_synapse/admin/v1/registration_tokens/abcd")));
    }
}
