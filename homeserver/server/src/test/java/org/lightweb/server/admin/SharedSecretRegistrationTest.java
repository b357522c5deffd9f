package org.lightweb.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The MAC must match what Synapse's register_new_matrix_user sends, or operators' scripts stop working. The fixed
 * vectors were computed with Python's hmac module exactly as synapse/_scripts/register_new_matrix_user.py does;
 * the others are recomputed here over the whole message at once.
 */
class SharedSecretRegistrationTest {
    private static final String SECRET = "test-shared-secret";
    private static final byte[] SECRET_BYTES = SECRET.getBytes(StandardCharsets.UTF_8);
    private static final String NONCE = "abcdef123456";

    private static String hex(byte[] mac) {
        return HexFormat.of().formatHex(mac);
    }

    /** HMAC-SHA1 of the NUL-joined fields in one go, independent of the class under test. */
    private static String expected(String... fields) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(SECRET_BYTES, "HmacSHA1"));
        return hex(mac.doFinal(String.join("\u0000", fields).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void macShouldMatchSynapseWhenRegisteringAnOrdinaryUser() {
        byte[] mac = SharedSecretRegistration.mac(SECRET_BYTES, NONCE, "bob", "hunter2 hunter2", false, null);

        assertThat(hex(mac)).isEqualTo("b64694cff0fd7138fc727f7a43f10896b2f559ae");
    }

    @Test
    void macShouldMatchSynapseWhenRegisteringAnAdmin() {
        byte[] mac = SharedSecretRegistration.mac(SECRET_BYTES, NONCE, "bob", "hunter2 hunter2", true, null);

        assertThat(hex(mac)).isEqualTo("c1004b89e918ea1c3460869fc28fe76376bc5f9b");
    }

    @Test
    void macShouldMatchSynapseWhenAUserTypeIsGiven() {
        assertThat(hex(SharedSecretRegistration.mac(SECRET_BYTES, NONCE, "bot1", "pässwörd", false, "bot")))
                .isEqualTo("5f9f719b7051f1b78d48d3bf836e37cbe5f5f195");
        assertThat(hex(SharedSecretRegistration.mac(SECRET_BYTES, NONCE, "support", "s3cret", true, "support")))
                .isEqualTo("a0a983866920d6ca40ebbd9180c8f88e9713e10f");
    }

    @Test
    void macShouldEqualAnHmacOfTheNulJoinedFieldsWhenComputedIndependently() throws Exception {
        assertThat(hex(SharedSecretRegistration.mac(SECRET_BYTES, "n0nce", "ålice", "pw", false, null)))
                .isEqualTo(expected("n0nce", "ålice", "pw", "notadmin"));
        assertThat(hex(SharedSecretRegistration.mac(SECRET_BYTES, "n0nce", "ålice", "pw", true, null)))
                .isEqualTo(expected("n0nce", "ålice", "pw", "admin"));
        assertThat(hex(SharedSecretRegistration.mac(SECRET_BYTES, "n0nce", "ålice", "pw", true, "bot")))
                .isEqualTo(expected("n0nce", "ålice", "pw", "admin", "bot"));
    }

    @Test
    void macMatchesShouldAcceptTheMacInEitherCaseWhenItIsRight() {
        var registration = new SharedSecretRegistration(SECRET, Duration.ofMinutes(1));
        String mac = "c1004b89e918ea1c3460869fc28fe76376bc5f9b";

        assertThat(registration.macMatches(NONCE, "bob", "hunter2 hunter2", true, null, mac)).isTrue();
        assertThat(registration.macMatches(NONCE, "bob", "hunter2 hunter2", true, null, mac.toUpperCase())).isTrue();
    }

    @Test
    void macMatchesShouldRefuseWhenAnyFieldDiffers() {
        var registration = new SharedSecretRegistration(SECRET, Duration.ofMinutes(1));
        String adminMac = "c1004b89e918ea1c3460869fc28fe76376bc5f9b";

        assertThat(registration.macMatches(NONCE, "bob", "hunter2 hunter2", false, null, adminMac)).isFalse();
        assertThat(registration.macMatches(NONCE, "bob", "hunter2 hunter2", true, "bot", adminMac)).isFalse();
        assertThat(registration.macMatches(NONCE, "eve", "hunter2 hunter2", true, null, adminMac)).isFalse();
        assertThat(registration.macMatches("other", "bob", "hunter2 hunter2", true, null, adminMac)).isFalse();
        assertThat(new SharedSecretRegistration("another-secret", Duration.ofMinutes(1))
                .macMatches(NONCE, "bob", "hunter2 hunter2", true, null, adminMac)).isFalse();
    }

    @Test
    void macMatchesShouldRefuseWhenTheMacIsNotHex() {
        var registration = new SharedSecretRegistration(SECRET, Duration.ofMinutes(1));

        assertThat(registration.macMatches(NONCE, "bob", "pw", false, null, "not hex at all")).isFalse();
        assertThat(registration.macMatches(NONCE, "bob", "pw", false, null, "")).isFalse();
    }

    @Test
    void consumeNonceShouldSucceedOnceWhenTheNonceWasIssued() {
        var registration = new SharedSecretRegistration(SECRET, Duration.ofMinutes(1));
        String nonce = registration.newNonce();

        assertThat(registration.consumeNonce(nonce)).isTrue();
        assertThat(registration.consumeNonce(nonce)).isFalse();
        assertThat(registration.consumeNonce("never-issued")).isFalse();
    }
}
