package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

class DevicesIT {
    @RegisterExtension
    static final TestNode node = TestNode.create();

    private static ObjectNode passwordAuth(String session, String user, String password) {
        ObjectNode auth = Json.object().put("type", "m.login.password").put("password", password);
        if (session != null) auth.put("session", session);
        auth.putObject("identifier").put("type", "m.id.user").put("user", user);
        return auth;
    }

    @Test
    void devicesShouldListGetAndRenameTheUsersDevices() {
        var kim = node.client().register("kim", "password123");
        var list = node.client().get("/_matrix/client/v3/devices", kim.accessToken());
        assertThat(list.json().path("devices").findValuesAsText("device_id")).containsExactly(kim.deviceId());
        assertThat(list.json().path("devices").get(0).path("last_seen_ip").asText()).isEqualTo("127.0.0.1");

        var rename = node.client().put("/_matrix/client/v3/devices/" + kim.deviceId(), kim.accessToken(),
                Json.object().put("display_name", "Kim's laptop"));
        assertThat(rename.status()).isEqualTo(200);
        var one = node.client().get("/_matrix/client/v3/devices/" + kim.deviceId(), kim.accessToken());
        assertThat(one.json().path("display_name").asText()).isEqualTo("Kim's laptop");
    }

    @Test
    void deviceShouldBeNotFoundWhenItBelongsToSomeoneElse() {
        var lee = node.client().register("lee", "password123");
        var max = node.client().register("max", "password123");
        var res = node.client().get("/_matrix/client/v3/devices/" + max.deviceId(), lee.accessToken());
        assertThat(res.status()).isEqualTo(404);
        assertThat(res.errcode()).isEqualTo("M_NOT_FOUND");
        assertThat(node.client().put("/_matrix/client/v3/devices/" + max.deviceId(), lee.accessToken(),
                Json.object().put("display_name", "mine now")).status()).isEqualTo(404);
    }

    @Test
    void deleteDeviceShouldNeedThePasswordAndThenRemoveDeviceAndToken() {
        var nia = node.client().register("nia", "password123");
        var phone = node.client().login("nia", "password123", "NIAPHONE").json().path("access_token").asText();

        var challenge = node.client().delete("/_matrix/client/v3/devices/NIAPHONE", nia.accessToken(), Json.object());
        assertThat(challenge.status()).isEqualTo(401);
        assertThat(challenge.json().path("flows").get(0).path("stages").get(0).asText()).isEqualTo("m.login.password");
        String session = challenge.json().path("session").asText();

        ObjectNode wrong = Json.object();
        wrong.set("auth", passwordAuth(session, "nia", "not-the-password"));
        var refused = node.client().delete("/_matrix/client/v3/devices/NIAPHONE", nia.accessToken(), wrong);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.errcode()).isEqualTo("M_FORBIDDEN");
        assertThat(refused.json().path("session").asText()).isEqualTo(session);

        ObjectNode right = Json.object();
        right.set("auth", passwordAuth(session, "nia", "password123"));
        assertThat(node.client().delete("/_matrix/client/v3/devices/NIAPHONE", nia.accessToken(), right).status()).isEqualTo(200);
        assertThat(node.client().get("/_matrix/client/v3/account/whoami", phone).errcode()).isEqualTo("M_UNKNOWN_TOKEN");
        assertThat(node.client().get("/_matrix/client/v3/devices/NIAPHONE", nia.accessToken()).status()).isEqualTo(404);
    }

    @Test
    void deleteDevicesShouldRemoveSeveralDevicesWhenAuthenticated() {
        var oli = node.client().register("oli", "password123");
        node.client().login("oli", "password123", "OLI1");
        node.client().login("oli", "password123", "OLI2");
        ObjectNode body = Json.object();
        body.putArray("devices").add("OLI1").add("OLI2");
        body.set("auth", passwordAuth(null, "@oli:localhost", "password123"));
        var res = node.client().post("/_matrix/client/v3/delete_devices", oli.accessToken(), body);
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        assertThat(node.client().get("/_matrix/client/v3/devices", oli.accessToken()).json().path("devices")
                .findValuesAsText("device_id")).containsExactly(oli.deviceId());
    }

    @Test
    void uiaShouldRefuseWhenSessionIsReusedForAnotherRequest() {
        var pat = node.client().register("pat", "password123");
        node.client().login("pat", "password123", "PAT1");
        var challenge = node.client().delete("/_matrix/client/v3/devices/PAT1", pat.accessToken(), Json.object());
        ObjectNode body = Json.object();
        body.putArray("devices").add("PAT1");
        body.set("auth", passwordAuth(challenge.json().path("session").asText(), "pat", "password123"));
        var res = node.client().post("/_matrix/client/v3/delete_devices", pat.accessToken(), body);
        assertThat(res.status()).isEqualTo(403);
        assertThat(res.errcode()).isEqualTo("M_FORBIDDEN");
    }

    @Test
    void uiaShouldRefuseWhenPasswordBelongsToAnotherUser() {
        var quinn = node.client().register("quinn", "password123");
        node.client().register("rory", "roryspassword");
        node.client().login("quinn", "password123", "QUINN1");
        ObjectNode body = Json.object();
        body.putArray("devices").add("QUINN1");
        body.set("auth", passwordAuth(null, "rory", "roryspassword"));
        var res = node.client().post("/_matrix/client/v3/delete_devices", quinn.accessToken(), body);
        assertThat(res.status()).isEqualTo(401);
        assertThat(res.errcode()).isEqualTo("M_FORBIDDEN");
    }
}
