package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

class RegistrationIT {
    @RegisterExtension
    static final TestNode node = TestNode.create(c -> c.with("registration").put("allow_guests", true));

    private static final String REGISTER = "/_matrix/client/v3/register";

    @Test
    void registerShouldAnswerTheUiaChallengeWhenNoAuthIsGiven() {
        var res = node.client().post(REGISTER, null, Json.object().put("username", "challenge").put("password", "password123"));
        assertThat(res.status()).isEqualTo(401);
        assertThat(res.json().path("flows").get(0).path("stages").get(0).asText()).isEqualTo("m.login.dummy");
        assertThat(res.json().path("session").asText()).isNotEmpty();
        assertThat(res.json().has("errcode")).isFalse();
    }

    @Test
    void registerShouldLogTheUserInWhenDummyStageIsDone() {
        var alice = node.client().register("alice", "password123");
        assertThat(alice.userId()).isEqualTo("@alice:localhost");
        var whoami = node.client().get("/_matrix/client/v3/account/whoami", alice.accessToken());
        assertThat(whoami.status()).isEqualTo(200);
        assertThat(whoami.json().path("user_id").asText()).isEqualTo("@alice:localhost");
        assertThat(whoami.json().path("device_id").asText()).isEqualTo(alice.deviceId());
        assertThat(whoami.json().path("is_guest").asBoolean()).isFalse();
    }

    @Test
    void registerShouldLowerCaseTheUsernameWhenGivenUpperCase() {
        var bob = node.client().register("BobUpper", "password123");
        assertThat(bob.userId()).isEqualTo("@bobupper:localhost");
    }

    @Test
    void registerShouldFailWithUserInUseWhenNameIsTaken() {
        node.client().register("taken", "password123");
        var res = node.client().post(REGISTER, null, Json.object().put("username", "taken").put("password", "password123"));
        assertThat(res.status()).isEqualTo(400);
        assertThat(res.errcode()).isEqualTo("M_USER_IN_USE");
    }

    @Test
    void registerShouldFailWithInvalidUsernameWhenGrammarIsBroken() {
        for (String bad : new String[] {"with space", "colon:name", "élan", "12345"}) {
            var res = node.client().post(REGISTER, null, Json.object().put("username", bad).put("password", "password123"));
            assertThat(res.status()).as(bad).isEqualTo(400);
            assertThat(res.errcode()).as(bad).isEqualTo("M_INVALID_USERNAME");
        }
    }

    @Test
    void registerShouldFailWithWeakPasswordWhenTooShort() {
        var res = node.client().post(REGISTER, null, Json.object().put("username", "weak").put("password", "short"));
        assertThat(res.status()).isEqualTo(400);
        assertThat(res.errcode()).isEqualTo("M_WEAK_PASSWORD");
    }

    @Test
    void registerShouldFailWithMissingParamWhenNoPasswordAtTheEnd() {
        ObjectNode body = Json.object().put("username", "nopassword");
        var first = node.client().post(REGISTER, null, body);
        body.putObject("auth").put("type", "m.login.dummy").put("session", first.json().path("session").asText());
        var res = node.client().post(REGISTER, null, body);
        assertThat(res.status()).isEqualTo(400);
        assertThat(res.errcode()).isEqualTo("M_MISSING_PARAM");
    }

    @Test
    void registerShouldReturnOnlyTheUserIdWhenLoginIsInhibited() {
        ObjectNode body = Json.object().put("username", "inhibited").put("password", "password123").put("inhibit_login", true);
        var first = node.client().post(REGISTER, null, body);
        body.putObject("auth").put("type", "m.login.dummy").put("session", first.json().path("session").asText());
        var res = node.client().post(REGISTER, null, body);
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.json().path("user_id").asText()).isEqualTo("@inhibited:localhost");
        assertThat(res.json().has("access_token")).isFalse();
    }

    @Test
    void registerShouldUseTheParametersOfTheFirstRequestWhenTheSecondOmitsThem() {
        var first = node.client().post(REGISTER, null, Json.object().put("username", "remembered").put("password", "password123"));
        ObjectNode second = Json.object();
        second.putObject("auth").put("type", "m.login.dummy").put("session", first.json().path("session").asText());
        var res = node.client().post(REGISTER, null, second);
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.json().path("user_id").asText()).isEqualTo("@remembered:localhost");
    }

    @Test
    void registerShouldRefuseWhenSessionIsUnknown() {
        ObjectNode body = Json.object().put("username", "nosession").put("password", "password123");
        body.putObject("auth").put("type", "m.login.dummy").put("session", "not-a-session");
        var res = node.client().post(REGISTER, null, body);
        assertThat(res.status()).isEqualTo(400);
        assertThat(node.client().get("/_matrix/client/v3/register/available?username=nosession").status()).isEqualTo(200);
    }

    @Test
    void registerShouldRefuseWhenStageIsNotOffered() {
        var first = node.client().post(REGISTER, null, Json.object().put("username", "offered").put("password", "password123"));
        ObjectNode body = Json.object();
        body.putObject("auth").put("type", "m.login.password").put("session", first.json().path("session").asText());
        var res = node.client().post(REGISTER, null, body);
        assertThat(res.status()).isEqualTo(400);
        assertThat(res.errcode()).isEqualTo("M_UNRECOGNIZED");
    }

    @Test
    void availableShouldAnswerTrueForAFreeNameAndUserInUseForATakenOne() {
        assertThat(node.client().get("/_matrix/client/v3/register/available?username=free-name").json()
                .path("available").asBoolean()).isTrue();
        node.client().register("notfree", "password123");
        var res = node.client().get("/_matrix/client/v3/register/available?username=notfree");
        assertThat(res.status()).isEqualTo(400);
        assertThat(res.errcode()).isEqualTo("M_USER_IN_USE");
        var bad = node.client().get("/_matrix/client/v3/register/available?username=bad%20name");
        assertThat(bad.errcode()).isEqualTo("M_INVALID_USERNAME");
    }

    @Test
    void guestRegistrationShouldGiveANumericGuestWhenGuestsAreAllowed() {
        var res = node.client().post(REGISTER + "?kind=guest", null, Json.object());
        assertThat(res.status()).isEqualTo(200);
        String userId = res.json().path("user_id").asText();
        assertThat(userId).matches("@[0-9]+:localhost");
        String token = res.json().path("access_token").asText();
        var whoami = node.client().get("/_matrix/client/v3/account/whoami", token);
        assertThat(whoami.json().path("is_guest").asBoolean()).isTrue();
        // Guests are kept out of what the spec does not open to them.
        var forbidden = node.client().post("/_matrix/client/v3/account/deactivate", token, Json.object());
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.errcode()).isEqualTo("M_GUEST_ACCESS_FORBIDDEN");
        var tokens = node.client().get("/_synapse/admin/v1/registration_tokens", token);
        assertThat(tokens.errcode()).isEqualTo("M_GUEST_ACCESS_FORBIDDEN");
        // Of their profile, guests may change only the display name.
        assertThat(node.client().put("/_matrix/client/v3/profile/" + userId + "/displayname", token,
                Json.object().put("displayname", "Visitor")).status()).isEqualTo(200);
        assertThat(node.client().put("/_matrix/client/v3/profile/" + userId + "/avatar_url", token,
                Json.object().put("avatar_url", "mxc://localhost/abc")).errcode()).isEqualTo("M_GUEST_ACCESS_FORBIDDEN");
        assertThat(node.client().get("/_matrix/client/v3/devices", token).status()).isEqualTo(200);
    }

    @Test
    void kindShouldBeRefusedWhenNeitherUserNorGuest() {
        var res = node.client().post(REGISTER + "?kind=robot", null, Json.object());
        assertThat(res.status()).isEqualTo(400);
        assertThat(res.errcode()).isEqualTo("M_INVALID_PARAM");
    }

    @Test
    void uiaSessionShouldSurviveARestartWhenStoredInTheDatabase() throws Exception {
        var first = node.client().post(REGISTER, null, Json.object().put("username", "restarted").put("password", "password123"));
        String session = first.json().path("session").asText();
        node.restart();
        ObjectNode body = Json.object();
        body.putObject("auth").put("type", "m.login.dummy").put("session", session);
        var res = node.client().post(REGISTER, null, body);
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.json().path("user_id").asText()).isEqualTo("@restarted:localhost");
    }
}
