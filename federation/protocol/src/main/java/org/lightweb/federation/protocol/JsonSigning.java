package org.lightweb.federation.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** Signing JSON objects and checking signatures (appendices, "Signing JSON"), and signing events. */
public final class JsonSigning {
    private JsonSigning() {}

    /** Adds {@code signatures.<entity>.<key id>} over the canonical object without signatures and unsigned. */
    public static ObjectNode sign(ObjectNode object, String entity, SigningKey key) {
        JsonNode signatures = object.remove("signatures");
        JsonNode unsigned = object.remove("unsigned");
        String signature = Base64s.encode(key.sign(CanonicalJson.encode(object)));
        ObjectNode sigs = signatures != null && signatures.isObject() ? (ObjectNode) signatures : object.objectNode();
        ObjectNode mine = sigs.has(entity) && sigs.get(entity).isObject() ? (ObjectNode) sigs.get(entity) : sigs.putObject(entity);
        mine.put(key.keyId(), signature);
        object.set("signatures", sigs);
        if (unsigned != null) object.set("unsigned", unsigned);
        return object;
    }

    /**
     * True when {@code object} carries a valid ed25519 signature by {@code entity} under one of {@code keys}
     * (key id -> public key). Signatures under unknown key ids or algorithms are ignored.
     */
    public static boolean verify(JsonNode object, String entity, Map<String, byte[]> keys) {
        JsonNode mine = object.path("signatures").get(entity);
        if (mine == null || !mine.isObject()) return false;
        ObjectNode stripped = object.deepCopy();
        stripped.remove("signatures");
        stripped.remove("unsigned");
        byte[] message = CanonicalJson.encode(stripped);
        for (Map.Entry<String, byte[]> key : keys.entrySet()) {
            if (!key.getKey().startsWith("ed25519:")) continue;
            JsonNode sig = mine.get(key.getKey());
            if (sig == null || !sig.isTextual()) continue;
            try {
                if (SigningKey.verify(key.getValue(), message, Base64s.decode(sig.asText()))) return true;
            } catch (IllegalArgumentException badBase64) {
                return false;
            }
        }
        return false;
    }

    /**
     * Sets the content hash and signs an event as its origin server does: the signature covers the redacted
     * event, so it survives redaction.
     */
    public static ObjectNode hashAndSignEvent(ObjectNode event, RoomVersion version, String serverName, SigningKey key) {
        event.putObject("hashes").put("sha256", EventHashes.contentHash(event));
        ObjectNode redacted = Redaction.redact(event, version);
        redacted.remove("signatures");
        sign(redacted, serverName, key);
        JsonNode existing = event.get("signatures");
        ObjectNode sigs = existing != null && existing.isObject() ? (ObjectNode) existing : event.objectNode();
        ObjectNode mine = sigs.has(serverName) ? (ObjectNode) sigs.get(serverName) : sigs.putObject(serverName);
        mine.setAll((ObjectNode) redacted.get("signatures").get(serverName));
        event.set("signatures", sigs);
        return event;
    }

    /** Verifies an event's signature by {@code serverName}: the signature is over the redacted event. */
    public static boolean verifyEvent(JsonNode event, RoomVersion version, String serverName, Map<String, byte[]> keys) {
        ObjectNode redacted = Redaction.redact(event, version);
        return verify(redacted, serverName, keys);
    }
}
