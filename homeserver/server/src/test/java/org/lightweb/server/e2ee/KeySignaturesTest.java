package org.lightweb.server.e2ee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.federation.protocol.Base64s;
import org.lightweb.federation.protocol.CanonicalJson;

class KeySignaturesTest {
    private static final String USER = "@ann:example.org";
    private final Ed25519PrivateKeyParameters deviceKey = new Ed25519PrivateKeyParameters(new SecureRandom());

    private static String pub(Ed25519PrivateKeyParameters key) {
        return Base64s.encode(key.generatePublicKey().getEncoded());
    }

    private static ObjectNode sign(ObjectNode object, String user, String keyId, Ed25519PrivateKeyParameters key) {
        ObjectNode part = KeySignatures.signedPart(object);
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        byte[] message = CanonicalJson.encode(part);
        signer.update(message, 0, message.length);
        ObjectNode sigs = object.has("signatures") ? (ObjectNode) object.get("signatures") : object.putObject("signatures");
        ObjectNode mine = sigs.has(user) ? (ObjectNode) sigs.get(user) : sigs.putObject(user);
        mine.put(keyId, Base64s.encode(signer.generateSignature()));
        return object;
    }

    private ObjectNode deviceKeys(String device) {
        ObjectNode keys = Json.object().put("user_id", USER).put("device_id", device);
        keys.putArray("algorithms").add("m.olm.v1.curve25519-aes-sha2").add("m.megolm.v1.aes-sha2");
        keys.putObject("keys").put("curve25519:" + device, "Y3VydmU").put("ed25519:" + device, pub(deviceKey));
        return keys;
    }

    @Test
    void selfSignedShouldAcceptKeysSignedByTheirOwnEd25519Key() {
        ObjectNode keys = sign(deviceKeys("DEV"), USER, "ed25519:DEV", deviceKey);
        assertThat(KeySignatures.selfSigned(keys, USER, "DEV")).isTrue();
        assertThat(E2eKeys.checkDeviceKeys(keys, USER, "DEV")).isSameAs(keys);
    }

    @Test
    void selfSignedShouldRefuseWhenSignedByAnotherKey() {
        ObjectNode keys = sign(deviceKeys("DEV"), USER, "ed25519:DEV", new Ed25519PrivateKeyParameters(new SecureRandom()));
        assertThat(KeySignatures.selfSigned(keys, USER, "DEV")).isFalse();
        assertThatThrownBy(() -> E2eKeys.checkDeviceKeys(keys, USER, "DEV")).isInstanceOf(MatrixException.class)
                .hasMessageContaining("signed");
    }

    @Test
    void selfSignedShouldRefuseWhenTheKeysChangedAfterSigning() {
        ObjectNode keys = sign(deviceKeys("DEV"), USER, "ed25519:DEV", deviceKey);
        ((ObjectNode) keys.get("keys")).put("curve25519:DEV", "b3RoZXI");
        assertThat(KeySignatures.selfSigned(keys, USER, "DEV")).isFalse();
    }

    @Test
    void selfSignedShouldIgnoreUnsignedAndRefuseAnotherUsersSignature() {
        ObjectNode keys = sign(deviceKeys("DEV"), USER, "ed25519:DEV", deviceKey);
        keys.putObject("unsigned").put("device_display_name", "phone");
        assertThat(KeySignatures.selfSigned(keys, USER, "DEV")).isTrue();
        ObjectNode byOther = sign(deviceKeys("DEV"), "@bob:example.org", "ed25519:DEV", deviceKey);
        assertThat(KeySignatures.selfSigned(byOther, USER, "DEV")).isFalse();
    }

    @Test
    void checkDeviceKeysShouldRefuseAnotherDevicesKeys() {
        ObjectNode keys = sign(deviceKeys("DEV"), USER, "ed25519:DEV", deviceKey);
        assertThatThrownBy(() -> E2eKeys.checkDeviceKeys(keys, USER, "OTHER")).isInstanceOf(MatrixException.class)
                .hasMessageContaining("device_id");
        assertThatThrownBy(() -> E2eKeys.checkDeviceKeys(keys, "@bob:example.org", "DEV")).isInstanceOf(MatrixException.class)
                .hasMessageContaining("user_id");
    }

    @Test
    void signedByShouldCheckCrossSigningKeysAgainstTheMasterKey() {
        Ed25519PrivateKeyParameters master = new Ed25519PrivateKeyParameters(new SecureRandom());
        Ed25519PrivateKeyParameters selfSigning = new Ed25519PrivateKeyParameters(new SecureRandom());
        ObjectNode masterKey = Json.object().put("user_id", USER);
        masterKey.putArray("usage").add("master");
        masterKey.putObject("keys").put("ed25519:" + pub(master), pub(master));
        ObjectNode ssk = Json.object().put("user_id", USER);
        ssk.putArray("usage").add("self_signing");
        ssk.putObject("keys").put("ed25519:" + pub(selfSigning), pub(selfSigning));
        var masterPub = KeySignatures.crossSigningKey(masterKey).orElseThrow();
        assertThat(KeySignatures.signedBy(ssk, USER, masterPub)).isFalse();
        sign(ssk, USER, masterPub.keyId(), master);
        assertThat(KeySignatures.signedBy(ssk, USER, masterPub)).isTrue();
    }
}
