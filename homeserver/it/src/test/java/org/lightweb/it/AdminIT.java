package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/** Synapse's admin API as far as accounts need it: shared-secret registration and registration tokens. */
class AdminIT {
    @RegisterExtension
    static final TestNode node = TestNode.create();

    /** Registers through /_synapse/admin/v1/register as register_new_matrix_user does; returns the access token. */
    static String registerWithSharedSecret(TestNode node, String user, String password, boolean admin) {
        String nonce = node.client().get("/_synapse/admin/v1/register").json().path("nonce").asText();
        var res = node.client().post("/_synapse/admin/v1/register", null, Json.object().put("nonce", nonce)
                .put("username", user).put("password", password).put("admin", admin)
                .put("mac", hmac("test-shared-secret", nonce + "\0" + user + "\0" + password + "\0" + (admin ? "admin" : "notadmin"))));
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.json().path("access_token").asText();
    }

    static String hmac(String key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void sharedSecretRegistrationShouldCreateAnAdminWhenMacIsRight() {
        String token = registerWithSharedSecret(node, "root", "password123", true);
        var whoami = node.client().get("/_matrix/client/v3/account/whoami", token);
        assertThat(whoami.json().path("user_id").asText()).isEqualTo("@root:localhost");
        assertThat(node.client().get("/_synapse/admin/v1/registration_tokens", token).status()).isEqualTo(200);
    }

    @Test
    void sharedSecretRegistrationShouldBeForbiddenWhenMacIsWrong() {
        String nonce = node.client().get("/_synapse/admin/v1/register").json().path("nonce").asText();
        var res = node.client().post("/_synapse/admin/v1/register", null, Json.object().put("nonce", nonce)
                .put("username", "mallory").put("password", "password123").put("admin", true)
                .put("mac", hmac("wrong-secret", nonce + "\0mallory\0password123\0admin")));
        assertThat(res.status()).isEqualTo(403);
        assertThat(res.errcode()).isEqualTo("M_FORBIDDEN");
    }

    @Test
    void sharedSecretRegistrationShouldRefuseWhenNonceIsReused() {
        String nonce = node.client().get("/_synapse/admin/v1/register").json().path("nonce").asText();
        String mac = hmac("test-shared-secret", nonce + "\0once\0password123\0notadmin");
        var body = Json.object().put("nonce", nonce).put("username", "once").put("password", "password123")
                .put("admin", false).put("mac", mac);
        assertThat(node.client().post("/_synapse/admin/v1/register", null, body).status()).isEqualTo(200);
        var again = node.client().post("/_synapse/admin/v1/register", null, body.put("username", "once"));
        assertThat(again.status()).isEqualTo(400);
    }

    @Test
    void registrationTokensShouldBeForbiddenWhenUserIsNotAdmin() {
        var plain = node.client().register("plainuser", "password123");
        var res = node.client().get("/_synapse/admin/v1/registration_tokens", plain.accessToken());
        assertThat(res.status()).isEqualTo(403);
        assertThat(res.errcode()).isEqualTo("M_FORBIDDEN");
    }

    @Test
    void registrationTokensShouldBeCreatedListedUpdatedAndDeletedWhenAdmin() {
        String admin = registerWithSharedSecret(node, "tokenkeeper", "password123", true);
        var created = node.client().post("/_synapse/admin/v1/registration_tokens/new", admin,
                Json.object().put("token", "kaslo-2026").put("uses_allowed", 5));
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.json().path("uses_allowed").asInt()).isEqualTo(5);
        assertThat(created.json().path("pending").asInt()).isZero();

        var duplicate = node.client().post("/_synapse/admin/v1/registration_tokens/new", admin, Json.object().put("token", "kaslo-2026"));
        assertThat(duplicate.errcode()).isEqualTo("M_INVALID_PARAM");
        var invalid = node.client().post("/_synapse/admin/v1/registration_tokens/new", admin, Json.object().put("token", "bad token!"));
        assertThat(invalid.errcode()).isEqualTo("M_INVALID_PARAM");

        var generated = node.client().post("/_synapse/admin/v1/registration_tokens/new", admin, Json.object().put("length", 20));
        assertThat(generated.json().path("token").asText()).hasSize(20);

        var list = node.client().get("/_synapse/admin/v1/registration_tokens", admin);
        assertThat(list.json().path("registration_tokens").findValuesAsText("token")).contains("kaslo-2026");

        var updated = node.client().put("/_synapse/admin/v1/registration_tokens/kaslo-2026", admin,
                Json.object().putNull("uses_allowed"));
        assertThat(updated.json().path("uses_allowed").isNull()).isTrue();

        assertThat(node.client().delete("/_synapse/admin/v1/registration_tokens/kaslo-2026", admin, null).status()).isEqualTo(200);
        var gone = node.client().get("/_synapse/admin/v1/registration_tokens/kaslo-2026", admin);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.errcode()).isEqualTo("M_NOT_FOUND");
    }
}
