package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/** Synapse's user admin API: list with paging and search, query, create/modify, deactivate, passwords, whois, login as. */
class AdminUsersIT {
    @RegisterExtension
    static final TestNode node = TestNode.create();
    static String admin;

    @BeforeAll
    static void admin() {
        admin = AdminIT.registerWithSharedSecret(node, "boss", "password123", true);
    }

    @Test
    void serverVersionShouldAnswerTheNodeVersionWhenAdmin() {
        var res = node.client().get("/_synapse/admin/v1/server_version", admin);
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.json().path("server_version").asText()).isNotEmpty();
    }

    @Test
    void userListShouldBeForbiddenWhenNotAdmin() {
        var plain = node.client().register("nosy", "password123");
        var res = node.client().get("/_synapse/admin/v2/users", plain.accessToken());
        assertThat(res.status()).isEqualTo(403);
        assertThat(res.errcode()).isEqualTo("M_FORBIDDEN");
    }

    @Test
    void userListShouldPageAndSearchWhenManyUsers() {
        for (int i = 0; i < 5; i++) node.client().register("pager" + i, "password123");
        List<String> seen = new ArrayList<>();
        String from = "0";
        for (int guard = 0; guard < 10 && from != null; guard++) {
            var page = node.client().get("/_synapse/admin/v2/users?limit=2&name=pager&from=" + from, admin);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            assertThat(page.json().path("total").asInt()).isEqualTo(5);
            page.json().path("users").forEach(u -> seen.add(u.path("name").asText()));
            from = page.json().has("next_token") ? page.json().path("next_token").asText() : null;
        }
        assertThat(seen).containsExactly("@pager0:localhost", "@pager1:localhost", "@pager2:localhost",
                "@pager3:localhost", "@pager4:localhost");
        var back = node.client().get("/_synapse/admin/v2/users?name=pager&dir=b&limit=1", admin);
        assertThat(back.json().path("users").get(0).path("name").asText()).isEqualTo("@pager4:localhost");
        var bad = node.client().get("/_synapse/admin/v2/users?limit=-3", admin);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errcode()).isEqualTo("M_INVALID_PARAM");
    }

    @Test
    void putUserShouldCreateWith201AndModifyWith200() {
        var created = node.client().put("/_synapse/admin/v2/users/@carol:localhost", admin, Json.object()
                .put("password", "password123").put("displayname", "Carol").put("admin", false));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("name").asText()).isEqualTo("@carol:localhost");
        assertThat(created.json().path("displayname").asText()).isEqualTo("Carol");
        assertThat(node.client().login("carol", "password123", null).status()).isEqualTo(200);

        var modified = node.client().put("/_synapse/admin/v2/users/@carol:localhost", admin, Json.object()
                .put("displayname", "Carol K").put("admin", true));
        modified = node.client().put("/_synapse/admin/v2/users/@carol:localhost", admin, Json.object().set("threepids",
                Json.MAPPER.createArrayNode().add(Json.object().put("medium", "email").put("address", "Carol@Example.org"))));
        assertThat(modified.status()).as(modified.body()).isEqualTo(200);
        JsonNode got = node.client().get("/_synapse/admin/v2/users/@carol:localhost", admin).json();
        assertThat(got.path("displayname").asText()).isEqualTo("Carol K");
        assertThat(got.path("admin").asBoolean()).isTrue();
        assertThat(got.path("deactivated").asBoolean()).isFalse();
        assertThat(got.path("creation_ts").asLong()).isPositive();
        assertThat(got.path("threepids").get(0).path("address").asText()).isEqualTo("carol@example.org");
        assertThat(node.client().get("/_synapse/admin/v2/users/%40carol%3Alocalhost", admin).json().path("name").asText())
                .isEqualTo("@carol:localhost");
        assertThat(node.client().get("/_synapse/admin/v2/users/@nobody:localhost", admin).status()).isEqualTo(404);
        assertThat(node.client().get("/_synapse/admin/v2/users/@x:elsewhere.example", admin).status()).isEqualTo(400);
    }

    @Test
    void deactivateShouldLogTheUserOutAndReactivateShouldNeedAPassword() {
        var dan = node.client().register("dan", "password123");
        var res = node.client().post("/_synapse/admin/v1/deactivate/@dan:localhost", admin, Json.object().put("erase", false));
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        assertThat(node.client().get("/_matrix/client/v3/account/whoami", dan.accessToken()).status()).isEqualTo(401);
        var listed = node.client().get("/_synapse/admin/v2/users?user_id=@dan&deactivated=true", admin).json();
        assertThat(listed.path("users").get(0).path("deactivated").asBoolean()).isTrue();
        assertThat(node.client().get("/_synapse/admin/v2/users?user_id=@dan", admin).json().path("total").asInt()).isZero();

        var noPassword = node.client().put("/_synapse/admin/v2/users/@dan:localhost", admin,
                Json.object().put("deactivated", false));
        assertThat(noPassword.status()).isEqualTo(400);
        var back = node.client().put("/_synapse/admin/v2/users/@dan:localhost", admin,
                Json.object().put("deactivated", false).put("password", "newpassword1"));
        assertThat(back.status()).as(back.body()).isEqualTo(200);
        assertThat(node.client().login("dan", "newpassword1", null).status()).isEqualTo(200);
    }

    @Test
    void resetPasswordShouldChangeItAndLogOutDevices() {
        var eve = node.client().register("eve", "password123");
        var res = node.client().post("/_synapse/admin/v1/reset_password/@eve:localhost", admin,
                Json.object().put("new_password", "another-pass-1").put("logout_devices", true));
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        assertThat(node.client().get("/_matrix/client/v3/account/whoami", eve.accessToken()).status()).isEqualTo(401);
        assertThat(node.client().login("eve", "password123", null).status()).isEqualTo(403);
        assertThat(node.client().login("eve", "another-pass-1", null).status()).isEqualTo(200);
    }

    @Test
    void whoisShouldListDevicesWithLastSeenAndLoginAsShouldGiveAWorkingToken() {
        var fay = node.client().register("fay", "password123");
        node.client().get("/_matrix/client/v3/account/whoami", fay.accessToken());
        var whois = node.client().get("/_synapse/admin/v1/whois/@fay:localhost", admin);
        assertThat(whois.status()).isEqualTo(200);
        JsonNode conn = whois.json().path("devices").path(fay.deviceId()).path("sessions").get(0).path("connections").get(0);
        assertThat(conn.path("ip").asText()).isEqualTo("127.0.0.1");
        assertThat(conn.path("last_seen").asLong()).isPositive();

        var login = node.client().post("/_synapse/admin/v1/users/@fay:localhost/login", admin, Json.object());
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        String token = login.json().path("access_token").asText();
        assertThat(node.client().get("/_matrix/client/v3/account/whoami", token).json().path("user_id").asText())
                .isEqualTo("@fay:localhost");
        var self = node.client().post("/_synapse/admin/v1/users/@boss:localhost/login", admin, Json.object());
        assertThat(self.status()).isEqualTo(400);
    }
}
