package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/** OpenID tokens (client side and the federation userinfo check) and TURN credentials. */
class OpenIdAndTurnIT {
    @RegisterExtension
    static final TestNode node = TestNode.create(c -> c.putObject("turn")
            .put("uris", "turn:turn.example.org:3478?transport=udp, turns:turn.example.org:5349")
            .put("shared_secret", "s3cret").put("user_lifetime", "10m").put("allow_guests", false));

    @RegisterExtension
    static final TestNode plain = TestNode.create();

    private TestClient federation() {
        return new TestClient("http://127.0.0.1:" + node.node().federationPort());
    }

    @Test
    void anOpenIdTokenShouldNameItsOwnerToAThirdPartyWhenAsked() {
        var amy = node.client().register("oamy", "password123");
        var res = node.client().post("/_matrix/client/v3/user/" + amy.userId() + "/openid/request_token", amy.accessToken(),
                Json.object());
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        assertThat(res.json().path("token_type").asText()).isEqualTo("Bearer");
        assertThat(res.json().path("matrix_server_name").asText()).isEqualTo(node.serverName());
        assertThat(res.json().path("expires_in").asLong()).isPositive();

        var info = federation().get("/_matrix/federation/v1/openid/userinfo?access_token=" + res.json().path("access_token").asText());
        assertThat(info.status()).isEqualTo(200);
        assertThat(info.json().path("sub").asText()).isEqualTo(amy.userId());
    }

    @Test
    void openIdShouldBeRefusedWhenForSomeoneElseOrUnknown() {
        var ben = node.client().register("oben", "password123");
        var other = node.client().post("/_matrix/client/v3/user/@someone:localhost/openid/request_token", ben.accessToken(),
                Json.object());
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.json().path("errcode").asText()).isEqualTo("M_FORBIDDEN");

        var unknown = federation().get("/_matrix/federation/v1/openid/userinfo?access_token=nope");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.json().path("errcode").asText()).isEqualTo("M_UNKNOWN_TOKEN");
    }

    @Test
    void turnCredentialsShouldBeTheSharedSecretsHmacWhenConfigured() throws Exception {
        var cat = node.client().register("ocat", "password123");
        JsonNode t = node.client().get("/_matrix/client/v3/voip/turnServer", cat.accessToken()).json();
        String username = t.path("username").asText();
        assertThat(username).endsWith(":" + cat.userId());
        assertThat(t.path("ttl").asLong()).isEqualTo(600);
        assertThat(t.path("uris").get(1).asText()).isEqualTo("turns:turn.example.org:5349");
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        assertThat(t.path("password").asText())
                .isEqualTo(Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void turnShouldAnswerEmptyWhenNotConfiguredOrForGuests() {
        var dan = plain.client().register("odan", "password123");
        var res = plain.client().get("/_matrix/client/v3/voip/turnServer", dan.accessToken());
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.json().size()).isZero();
        assertThat(node.client().get("/_matrix/client/v3/voip/turnServer").status()).isEqualTo(401);
    }
}
