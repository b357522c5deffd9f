package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HttpBasicsIT {
    @RegisterExtension
    static final TestNode node = TestNode.create(c -> c.with("limits").put("max_request_body", "4KiB"));

    @Test
    void versionsShouldCarryCorsHeadersWhenCalledFromABrowser() {
        var res = node.client().get("/_matrix/client/versions");
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.json().get("versions").isArray()).isTrue();
        assertThat(res.json().get("versions").toString()).contains("\"v1.11\"", "\"r0.6.1\"");
        assertThat(res.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(res.header("Access-Control-Allow-Headers")).contains("Authorization");
    }

    @Test
    void preflightShouldSucceedWhenAnyPathIsAsked() {
        var res = node.client().send("OPTIONS", "/_matrix/client/v3/login", null, null);
        assertThat(res.status()).isEqualTo(204);
        assertThat(res.header("Access-Control-Allow-Methods")).contains("PUT");
    }

    @Test
    void unknownEndpointShouldAnswer404UnrecognizedWhenNoRouteMatches() {
        var res = node.client().get("/_matrix/client/v3/nope");
        assertThat(res.status()).isEqualTo(404);
        assertThat(res.errcode()).isEqualTo("M_UNRECOGNIZED");
    }

    @Test
    void wrongMethodShouldAnswer405UnrecognizedWhenPathExists() {
        var res = node.client().send("DELETE", "/_matrix/client/v3/login", null, null);
        assertThat(res.status()).isEqualTo(405);
        assertThat(res.errcode()).isEqualTo("M_UNRECOGNIZED");
    }

    @Test
    void bodyShouldBeRefusedWithNotJsonWhenNotJson() {
        var res = node.client().post("/_matrix/client/v3/login", null, "{not json");
        assertThat(res.status()).isEqualTo(400);
        assertThat(res.errcode()).isEqualTo("M_NOT_JSON");
    }

    @Test
    void bodyShouldBeRefusedWithBadJsonWhenNotAnObject() {
        var res = node.client().post("/_matrix/client/v3/login", null, "[1,2]");
        assertThat(res.status()).isEqualTo(400);
        assertThat(res.errcode()).isEqualTo("M_BAD_JSON");
    }

    @Test
    void bodyShouldBeRefusedWithTooLargeWhenOverTheLimit() {
        var res = node.client().post("/_matrix/client/v3/login", null, "{\"x\":\"" + "a".repeat(8000) + "\"}");
        assertThat(res.status()).isEqualTo(413);
        assertThat(res.errcode()).isEqualTo("M_TOO_LARGE");
    }

    @Test
    void authenticatedEndpointShouldAnswerMissingTokenWhenNoTokenIsGiven() {
        var res = node.client().get("/_matrix/client/v3/account/whoami");
        assertThat(res.status()).isEqualTo(401);
        assertThat(res.errcode()).isEqualTo("M_MISSING_TOKEN");
    }

    @Test
    void authenticatedEndpointShouldAnswerUnknownTokenWhenTokenIsBogus() {
        var res = node.client().get("/_matrix/client/v3/account/whoami", "bogus-token");
        assertThat(res.status()).isEqualTo(401);
        assertThat(res.errcode()).isEqualTo("M_UNKNOWN_TOKEN");
    }

    @Test
    void wellKnownShouldPointAtTheNodeWhenAsked() {
        var client = node.client().get("/.well-known/matrix/client");
        assertThat(client.json().path("m.homeserver").path("base_url").asText()).startsWith("http://127.0.0.1:");
        var server = node.client().get("/.well-known/matrix/server");
        assertThat(server.json().path("m.server").asText()).startsWith("localhost:");
    }
}
