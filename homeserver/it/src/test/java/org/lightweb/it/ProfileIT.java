package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

class ProfileIT {
    @RegisterExtension
    static final TestNode node = TestNode.create(c -> c.with("limits").put("max_profile_bytes", 2048));

    @Test
    void profileShouldStartWithTheLocalpartAsDisplayName() {
        node.client().register("sam", "password123");
        var res = node.client().get("/_matrix/client/v3/profile/@sam:localhost");
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.json().path("displayname").asText()).isEqualTo("sam");
        assertThat(node.client().get("/_matrix/client/v3/profile/@sam:localhost/displayname").json()
                .path("displayname").asText()).isEqualTo("sam");
    }

    @Test
    void displayNameAndAvatarShouldBeSetAndReadBack() {
        var tia = node.client().register("tia", "password123");
        assertThat(node.client().put("/_matrix/client/v3/profile/@tia:localhost/displayname", tia.accessToken(),
                Json.object().put("displayname", "Tia of Kaslo")).status()).isEqualTo(200);
        assertThat(node.client().put("/_matrix/client/v3/profile/@tia:localhost/avatar_url", tia.accessToken(),
                Json.object().put("avatar_url", "mxc://localhost/abcDEF123")).status()).isEqualTo(200);
        var profile = node.client().get("/_matrix/client/v3/profile/@tia:localhost").json();
        assertThat(profile.path("displayname").asText()).isEqualTo("Tia of Kaslo");
        assertThat(profile.path("avatar_url").asText()).isEqualTo("mxc://localhost/abcDEF123");
    }

    @Test
    void customFieldsShouldBeSetAndDeletedWhenNamespaced() {
        var uma = node.client().register("uma", "password123");
        assertThat(node.client().put("/_matrix/client/v3/profile/@uma:localhost/m.tz", uma.accessToken(),
                Json.object().put("m.tz", "America/Vancouver")).status()).isEqualTo(200);
        var custom = Json.object();
        custom.putObject("org.lightweb.coop").put("role", "treasurer");
        assertThat(node.client().put("/_matrix/client/v3/profile/@uma:localhost/org.lightweb.coop", uma.accessToken(), custom)
                .status()).isEqualTo(200);
        assertThat(node.client().get("/_matrix/client/v3/profile/@uma:localhost/org.lightweb.coop").json()
                .path("org.lightweb.coop").path("role").asText()).isEqualTo("treasurer");
        assertThat(node.client().delete("/_matrix/client/v3/profile/@uma:localhost/org.lightweb.coop", uma.accessToken(), null)
                .status()).isEqualTo(200);
        assertThat(node.client().get("/_matrix/client/v3/profile/@uma:localhost/org.lightweb.coop").status()).isEqualTo(404);
    }

    @Test
    void profileShouldRefuseBadInput() {
        var vic = node.client().register("vic", "password123");
        String base = "/_matrix/client/v3/profile/@vic:localhost/";
        assertThat(node.client().put(base + "NotAKey", vic.accessToken(), Json.object().put("NotAKey", 1)).errcode())
                .isEqualTo("M_INVALID_PARAM");
        assertThat(node.client().put(base + "avatar_url", vic.accessToken(), Json.object().put("avatar_url", "https://x/y.png"))
                .errcode()).isEqualTo("M_INVALID_PARAM");
        assertThat(node.client().put(base + "displayname", vic.accessToken(), Json.object().put("displayname", 5)).errcode())
                .isEqualTo("M_BAD_JSON");
        assertThat(node.client().put(base + "displayname", vic.accessToken(), Json.object().put("other", "x")).errcode())
                .isEqualTo("M_MISSING_PARAM");
        assertThat(node.client().put(base + "displayname", vic.accessToken(),
                Json.object().put("displayname", "x".repeat(300))).errcode()).isEqualTo("M_INVALID_PARAM");
        var tooBig = node.client().put(base + "org.example.big", vic.accessToken(), Json.object().put("org.example.big", "y".repeat(3000)));
        assertThat(tooBig.status()).isEqualTo(400);
        assertThat(tooBig.errcode()).isEqualTo("M_PROFILE_TOO_LARGE");
        assertThat(node.client().put(base + "a." + "b".repeat(300), vic.accessToken(), Json.object()).errcode())
                .isEqualTo("M_KEY_TOO_LARGE");
    }

    @Test
    void profileShouldBeForbiddenWhenChangingSomeoneElses() {
        node.client().register("wes", "password123");
        var xan = node.client().register("xan", "password123");
        var res = node.client().put("/_matrix/client/v3/profile/@wes:localhost/displayname", xan.accessToken(),
                Json.object().put("displayname", "hijacked"));
        assertThat(res.status()).isEqualTo(403);
        assertThat(res.errcode()).isEqualTo("M_FORBIDDEN");
    }

    @Test
    void profileShouldBeNotFoundWhenUserIsUnknownAndInvalidWhenIdIsMalformed() {
        assertThat(node.client().get("/_matrix/client/v3/profile/@ghost:localhost").errcode()).isEqualTo("M_NOT_FOUND");
        assertThat(node.client().get("/_matrix/client/v3/profile/not-a-user-id").errcode()).isEqualTo("M_INVALID_PARAM");
    }
}
