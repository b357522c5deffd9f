package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/** Registration behind registration tokens (the default on a new node). */
class RegistrationTokenIT {
private static final String REGISTER = "/_matrix/client/v3/register";
private static String adminToken;

    @RegisterExtension
    static final TestNode node = TestNode.create(c -> c.with("registration").put("require_token", true));

    private static synchronized String admin() {
        // The first admin comes from shared-secret registration, as an operator's would.
        if (adminToken == null) adminToken = AdminIT.registerWithSharedSecret(node, "tokenadmin", "password123", true);
        return adminToken;
    }

    private String newToken(String admin, ObjectNode body) {
        var res = node.client().post("/_synapse/admin/v1/registration_tokens/new", admin, body);
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.json().path("token").asText();
    }

    private ObjectNode attempt(String username) {
        return Json.object().put("username", username).put("password", "password123");
    }

    @Test
    void registerShouldOfferOnlyTheTokenFlowWhenTokensAreRequired() {
        var res = node.client().post(REGISTER, null, attempt("flows"));
        assertThat(res.json().path("flows").toString()).isEqualTo("[{\"stages\":[\"m.login.registration_token\"]}]");
        ObjectNode dummy = attempt("flows");
        dummy.putObject("auth").put("type", "m.login.dummy").put("session", res.json().path("session").asText());
        assertThat(node.client().post(REGISTER, null, dummy).errcode()).isEqualTo("M_UNRECOGNIZED");
    }

    @Test
    void registerShouldSucceedOnceWhenTokenAllowsOneUse() {
        String token = newToken(admin(), Json.object().put("uses_allowed", 1));
        assertThat(node.client().get("/_matrix/client/v1/register/m.login.registration_token/validity?token=" + token)
                .json().path("valid").asBoolean()).isTrue();

        var first = node.client().post(REGISTER, null, attempt("withtoken"));
        ObjectNode body = attempt("withtoken");
        body.putObject("auth").put("type", "m.login.registration_token").put("token", token)
                .put("session", first.json().path("session").asText());
        var ok = node.client().post(REGISTER, null, body);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);

        // Spent: the next attempt is refused at the stage, and the token reports invalid.
        var again = node.client().post(REGISTER, null, attempt("second"));
        ObjectNode second = attempt("second");
        second.putObject("auth").put("type", "m.login.registration_token").put("token", token)
                .put("session", again.json().path("session").asText());
        var refused = node.client().post(REGISTER, null, second);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.errcode()).isEqualTo("M_UNAUTHORIZED");
        assertThat(refused.json().has("flows")).isTrue();
        assertThat(node.client().get("/_matrix/client/v1/register/m.login.registration_token/validity?token=" + token)
                .json().path("valid").asBoolean()).isFalse();
        var stats = node.client().get("/_synapse/admin/v1/registration_tokens/" + token, admin());
        assertThat(stats.json().path("completed").asInt()).isEqualTo(1);
        assertThat(stats.json().path("pending").asInt()).isEqualTo(0);
    }

    @Test
    void registerShouldBeRefusedWhenTokenIsUnknown() {
        var first = node.client().post(REGISTER, null, attempt("badtoken"));
        ObjectNode body = attempt("badtoken");
        body.putObject("auth").put("type", "m.login.registration_token").put("token", "nope")
                .put("session", first.json().path("session").asText());
        var res = node.client().post(REGISTER, null, body);
        assertThat(res.status()).isEqualTo(401);
        assertThat(res.errcode()).isEqualTo("M_UNAUTHORIZED");
    }

    @Test
    void validityShouldBeFalseWhenTokenHasExpired() {
        String token = newToken(admin(), Json.object().put("expiry_time", System.currentTimeMillis() + 1500));
        assertThat(node.client().get("/_matrix/client/v1/register/m.login.registration_token/validity?token=" + token)
                .json().path("valid").asBoolean()).isTrue();
        var stats = node.client().put("/_synapse/admin/v1/registration_tokens/" + token, admin(),
                Json.object().put("expiry_time", 1));
        assertThat(stats.status()).isEqualTo(200);
        assertThat(node.client().get("/_matrix/client/v1/register/m.login.registration_token/validity?token=" + token)
                .json().path("valid").asBoolean()).isFalse();
    }
}
