package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/** Password change and account deactivation. */
class AccountIT {
    @RegisterExtension
    static final TestNode node = TestNode.create();

    private static ObjectNode withPassword(ObjectNode body, String user, String password) {
        ObjectNode auth = body.putObject("auth").put("type", "m.login.password").put("password", password);
        auth.putObject("identifier").put("type", "m.id.user").put("user", user);
        return body;
    }

    @Test
    void changePasswordShouldLogOutOtherDevicesButKeepThisOne() {
        var yan = node.client().register("yan", "password123");
        String other = node.client().login("yan", "password123", "YANTABLET").json().path("access_token").asText();
        var res = node.client().post("/_matrix/client/v3/account/password", yan.accessToken(),
                withPassword(Json.object().put("new_password", "new-password-456"), "yan", "password123"));
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        assertThat(node.client().get("/_matrix/client/v3/account/whoami", yan.accessToken()).status()).isEqualTo(200);
        assertThat(node.client().get("/_matrix/client/v3/account/whoami", other).status()).isEqualTo(401);
        assertThat(node.client().login("yan", "password123", null).status()).isEqualTo(403);
        assertThat(node.client().login("yan", "new-password-456", null).status()).isEqualTo(200);
    }

    @Test
    void changePasswordShouldKeepOtherDevicesWhenAskedTo() {
        var zed = node.client().register("zed", "password123");
        String other = node.client().login("zed", "password123", null).json().path("access_token").asText();
        var res = node.client().post("/_matrix/client/v3/account/password", zed.accessToken(),
                withPassword(Json.object().put("new_password", "new-password-456").put("logout_devices", false), "zed", "password123"));
        assertThat(res.status()).isEqualTo(200);
        assertThat(node.client().get("/_matrix/client/v3/account/whoami", other).status()).isEqualTo(200);
    }

    @Test
    void changePasswordShouldFailWhenOldPasswordIsWrongOrNewOneIsWeak() {
        var amy = node.client().register("amy", "password123");
        var wrong = node.client().post("/_matrix/client/v3/account/password", amy.accessToken(),
                withPassword(Json.object().put("new_password", "new-password-456"), "amy", "not-it"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.errcode()).isEqualTo("M_FORBIDDEN");
        var weak = node.client().post("/_matrix/client/v3/account/password", amy.accessToken(),
                withPassword(Json.object().put("new_password", "short"), "amy", "password123"));
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.errcode()).isEqualTo("M_WEAK_PASSWORD");
        assertThat(node.client().login("amy", "password123", null).status()).isEqualTo(200);
    }

    @Test
    void passwordResetWithoutTokenShouldNeedAnAccessTokenWhenEmailIsOff() {
        var res = node.client().post("/_matrix/client/v3/account/password", null, Json.object().put("new_password", "whatever-123"));
        assertThat(res.status()).isEqualTo(401);
        assertThat(res.errcode()).isEqualTo("M_MISSING_TOKEN");
    }

    @Test
    void deactivateShouldEndEveryLoginAndNeverReissueTheName() {
        var ben = node.client().register("ben", "password123");
        var challenge = node.client().post("/_matrix/client/v3/account/deactivate", ben.accessToken(), Json.object());
        assertThat(challenge.status()).isEqualTo(401);
        var res = node.client().post("/_matrix/client/v3/account/deactivate", ben.accessToken(),
                withPassword(Json.object().put("erase", true), "ben", "password123"));
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        assertThat(res.json().path("id_server_unbind_result").asText()).isEqualTo("no-support");
        assertThat(node.client().get("/_matrix/client/v3/account/whoami", ben.accessToken()).status()).isEqualTo(401);
        assertThat(node.client().login("ben", "password123", null).errcode()).isEqualTo("M_FORBIDDEN");
        var again = node.client().post("/_matrix/client/v3/register", null, Json.object().put("username", "ben").put("password", "password123"));
        assertThat(again.errcode()).isEqualTo("M_USER_IN_USE");
        assertThat(node.client().get("/_matrix/client/v3/profile/@ben:localhost").json().has("displayname")).isFalse();
    }

    @Test
    void capabilitiesShouldDescribeWhatAccountsCanChange() {
        var cid = node.client().register("cid", "password123");
        var caps = node.client().get("/_matrix/client/v3/capabilities", cid.accessToken()).json().path("capabilities");
        assertThat(caps.path("m.change_password").path("enabled").asBoolean()).isTrue();
        assertThat(caps.path("m.3pid_changes").path("enabled").asBoolean()).isFalse();
    }
}
