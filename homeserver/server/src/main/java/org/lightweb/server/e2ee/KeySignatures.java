package org.lightweb.server.e2ee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;
import org.lightweb.federation.protocol.Base64s;
import org.lightweb.federation.protocol.JsonSigning;

/**
 * Signature checks over uploaded key objects (appendices, "Signing JSON"): a device's keys signed by the device's
 * own ed25519 key, cross-signing keys signed by the master key, and a key's ed25519 public key.
 */
public final class KeySignatures {
    private KeySignatures() {}

    /** An ed25519 public key as it appears in key objects: {@code ed25519:<id>} and its unpadded base64 value. */
    public record PublicKey(String keyId, String base64) {
        byte[] bytes() { return Base64s.decode(base64); }
    }

    /** True when {@code deviceKeys} carries a valid signature by {@code userId} with its own {@code ed25519:<deviceId>} key. */
    public static boolean selfSigned(JsonNode deviceKeys, String userId, String deviceId) {
        String keyId = "ed25519:" + deviceId;
        JsonNode key = deviceKeys.path("keys").get(keyId);
        if (key == null || !key.isTextual()) return false;
        return signedBy(deviceKeys, userId, new PublicKey(keyId, key.asText()));
    }

    /** True when {@code object} carries a valid signature by {@code userId} under {@code key}. */
    public static boolean signedBy(JsonNode object, String userId, PublicKey key) {
        try {
            return JsonSigning.verify(object, userId, Map.of(key.keyId(), key.bytes()));
        } catch (IllegalArgumentException badKey) {
            return false;
        }
    }

    /** The single ed25519 key of a cross-signing key object ({@code keys: {"ed25519:<pub>": "<pub>"}}). */
    public static Optional<PublicKey> crossSigningKey(JsonNode key) {
        JsonNode keys = key.path("keys");
        if (!keys.isObject() || keys.size() != 1) return Optional.empty();
        var entry = keys.properties().iterator().next();
        if (!entry.getKey().startsWith("ed25519:") || !entry.getValue().isTextual()) return Optional.empty();
        return Optional.of(new PublicKey(entry.getKey(), entry.getValue().asText()));
    }

    /** A device's ed25519 key from its device keys. */
    public static Optional<PublicKey> deviceKey(JsonNode deviceKeys, String deviceId) {
        JsonNode key = deviceKeys.path("keys").get("ed25519:" + deviceId);
        return key != null && key.isTextual() ? Optional.of(new PublicKey("ed25519:" + deviceId, key.asText())) : Optional.empty();
    }

    /** The object without {@code signatures} and {@code unsigned}: what a signature covers. */
    public static ObjectNode signedPart(JsonNode object) {
        ObjectNode copy = object.deepCopy();
        copy.remove("signatures");
        copy.remove("unsigned");
        return copy;
    }
}
