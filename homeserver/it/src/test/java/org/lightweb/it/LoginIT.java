package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

class LoginIT {
    @RegisterExtension
    static final TestNode node = TestNode.create(c -> c.with("access_tokens").put("refreshable_lifetime", "2s"));

    private static final String LOGIN = "/_matrix/client/v3/login";

    @Test
    void loginFlowsShouldOfferPasswordLogin() {
        var res = node.client().get(LOGIN);
        assertThat(res.json().path("flows").findValuesAsText("type")).contains("m.login.password");
    }

    @Test
    void loginShouldSucceedWithLocalpartFullIdOrLegacyUserField() {
        node.client().register("carol", "password123");
        assertThat(node.client().login("carol", "password123", null).status()).isEqualTo(200);
        assertThat(node.client().login("@carol:localhost", "password123", null).status()).isEqualTo(200);
        assertThat(node.client().login("Carol", "password123", null).status()).isEqualTo(200);
        var legacy = node.client().post(LOGIN, null, Json.object().put("type", "m.login.password")
                .put("user", "carol").put("password", "password123"));
        assertThat(legacy.status()).isEqualTo(200);
        assertThat(legacy.json().path("user_id").asText()).isEqualTo("@carol:localhost");
        assertThat(legacy.json().path("access_token").asText()).startsWith("lwa_");
    }

    @Test
    void loginShouldBeForbiddenWhenPasswordIsWrongOrUserUnknown() {
        node.client().register("dave", "password123");
        var wrong = node.client().login("dave", "wrong-password", null);
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.errcode()).isEqualTo("M_FORBIDDEN");
        assertThat(node.client().login("nobody-here", "password123", null).errcode()).isEqualTo("M_FORBIDDEN");
        assertThat(node.client().login("@dave:elsewhere.example", "password123", null).errcode()).isEqualTo("M_FORBIDDEN");
    }

    @Test
    void loginShouldRefuseUnknownLoginTypes() {
        var res = node.client().post(LOGIN, null, Json.object().put("type", "m.login.magic"));
        assertThat(res.status()).isEqualTo(400);
        assertThat(res.errcode()).isEqualTo("M_UNKNOWN");
    }

    @Test
    void loginWithAnExistingDeviceIdShouldReplaceThatDevicesToken() {
        node.client().register("erin", "password123");
        var first = node.client().login("erin", "password123", "ERINPHONE");
        var second = node.client().login("erin", "password123", "ERINPHONE");
        assertThat(second.json().path("device_id").asText()).isEqualTo("ERINPHONE");
        assertThat(node.client().get("/_matrix/client/v3/account/whoami", first.json().path("access_token").asText()).errcode())
                .isEqualTo("M_UNKNOWN_TOKEN");
        assertThat(node.client().get("/_matrix/client/v3/account/whoami", second.json().path("access_token").asText()).status())
                .isEqualTo(200);
    }

    @Test
    void logoutShouldInvalidateTheTokenAtOnceAndDeleteTheDevice() {
        var frank = node.client().register("frank", "password123");
        var other = node.client().login("frank", "password123", null).json().path("access_token").asText();
        assertThat(node.client().post("/_matrix/client/v3/logout", frank.accessToken(), null).status()).isEqualTo(200);
        assertThat(node.client().get("/_matrix/client/v3/account/whoami", frank.accessToken()).errcode()).isEqualTo("M_UNKNOWN_TOKEN");
        var devices = node.client().get("/_matrix/client/v3/devices", other).json().path("devices");
        assertThat(devices.findValuesAsText("device_id")).doesNotContain(frank.deviceId()).hasSize(1);
    }

    @Test
    void logoutAllShouldInvalidateEveryToken() {
        var gina = node.client().register("gina", "password123");
        var other = node.client().login("gina", "password123", null).json().path("access_token").asText();
        assertThat(node.client().post("/_matrix/client/v3/logout/all", gina.accessToken(), Json.object()).status()).isEqualTo(200);
        assertThat(node.client().get("/_matrix/client/v3/account/whoami", gina.accessToken()).status()).isEqualTo(401);
        assertThat(node.client().get("/_matrix/client/v3/account/whoami", other).status()).isEqualTo(401);
    }

    @Test
    void refreshTokenShouldRenewAnExpiringAccessToken() throws Exception {
        node.client().register("hana", "password123");
        ObjectNode body = Json.object().put("type", "m.login.password").put("password", "password123").put("refresh_token", true);
        body.putObject("identifier").put("type", "m.id.user").put("user", "hana");
        var login = node.client().post(LOGIN, null, body).json();
        assertThat(login.path("expires_in_ms").asLong()).isEqualTo(2000);
        String refresh = login.path("refresh_token").asText();
        assertThat(refresh).startsWith("lwr_");

        var renewed = node.client().post("/_matrix/client/v3/refresh", null, Json.object().put("refresh_token", refresh));
        assertThat(renewed.status()).isEqualTo(200);
        String access2 = renewed.json().path("access_token").asText();
        String refresh2 = renewed.json().path("refresh_token").asText();
        assertThat(node.client().get("/_matrix/client/v3/account/whoami", access2).json().path("device_id").asText())
                .isEqualTo(login.path("device_id").asText());

        // The new access token has been used: the old refresh token is spent.
        var reuse = node.client().post("/_matrix/client/v3/refresh", null, Json.object().put("refresh_token", refresh));
        assertThat(reuse.status()).isEqualTo(401);
        assertThat(reuse.errcode()).isEqualTo("M_UNKNOWN_TOKEN");

        // Access tokens from a refreshable login expire, and say so with soft_logout.
        long deadline = System.currentTimeMillis() + 10_000;
        TestClient.Response expired;
        do {
            expired = node.client().get("/_matrix/client/v3/account/whoami", access2);
        } while (expired.status() == 200 && System.currentTimeMillis() < deadline && pause());
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.json().path("soft_logout").asBoolean()).isTrue();
        assertThat(node.client().post("/_matrix/client/v3/refresh", null, Json.object().put("refresh_token", refresh2)).status())
                .isEqualTo(200);
    }

    @Test
    void refreshTokenShouldStayValidWhenItsSuccessorWasNeverUsed() {
        node.client().register("ivan", "password123");
        ObjectNode body = Json.object().put("type", "m.login.password").put("password", "password123").put("refresh_token", true);
        body.putObject("identifier").put("type", "m.id.user").put("user", "ivan");
        String refresh = node.client().post(LOGIN, null, body).json().path("refresh_token").asText();
        var lost = node.client().post("/_matrix/client/v3/refresh", null, Json.object().put("refresh_token", refresh));
        assertThat(lost.status()).isEqualTo(200);
        // The answer was lost on the way: the client retries with the old token, which still works...
        var retry = node.client().post("/_matrix/client/v3/refresh", null, Json.object().put("refresh_token", refresh));
        assertThat(retry.status()).isEqualTo(200);
        // ...and the abandoned successor is revoked.
        assertThat(node.client().get("/_matrix/client/v3/account/whoami", lost.json().path("access_token").asText()).status())
                .isEqualTo(401);
    }

    @Test
    void tokenInTheQueryStringShouldStillAuthenticate() {
        var jo = node.client().register("jo", "password123");
        assertThat(node.client().get("/_matrix/client/v3/account/whoami?access_token=" + jo.accessToken()).status()).isEqualTo(200);
    }

    private static boolean pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }
}
