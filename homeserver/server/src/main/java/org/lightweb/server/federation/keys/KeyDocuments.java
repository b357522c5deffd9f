package org.lightweb.server.federation.keys;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.lightweb.federation.protocol.Base64s;
import org.lightweb.federation.protocol.CanonicalJson;
import org.lightweb.federation.protocol.JsonSigning;
import org.lightweb.storage.federation.ServerKeyRepository.StoredKey;

/**
 * Checks a server's key document ({@code GET /_matrix/key/v2/server}, or one entry of a notary's answer) as the
 * spec's "Retrieving server keys" asks: it names the expected server, has a {@code valid_until_ts}, and every key in
 * {@code verify_keys} has signed it (Synapse asks the same).
 */
final class KeyDocuments {
    private KeyDocuments() {}

    /** Thrown for a document that must not be used. */
    static final class InvalidKeyDocument extends RuntimeException {
        InvalidKeyDocument(String message) {
            super(message, null, false, false);
        }
    }

    /** The keys of a verified document, ready to store; {@link InvalidKeyDocument} when it does not verify. */
    static List<StoredKey> verify(JsonNode doc, String server, long now) {
        if (doc == null || !doc.isObject()) throw new InvalidKeyDocument("not a JSON object");
        if (!server.equals(doc.path("server_name").textValue())) {
            throw new InvalidKeyDocument("server_name is " + doc.path("server_name") + ", expected " + server);
        }
        JsonNode validUntil = doc.get("valid_until_ts");
        if (validUntil == null || !validUntil.canConvertToLong() || !validUntil.isIntegralNumber()) {
            throw new InvalidKeyDocument("valid_until_ts missing");
        }
        JsonNode verifyKeys = doc.path("verify_keys");
        if (!verifyKeys.isObject() || verifyKeys.isEmpty()) throw new InvalidKeyDocument("no verify_keys");
        String json = CanonicalJson.encodeToString(doc);
        List<StoredKey> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = verifyKeys.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().startsWith("ed25519:")) continue;
            byte[] key = decode(e.getValue().path("key").textValue(), e.getKey());
            if (!JsonSigning.verify(doc, server, Map.of(e.getKey(), key))) {
                throw new InvalidKeyDocument("not signed by its key " + e.getKey());
            }
            out.add(new StoredKey(server, e.getKey(), Base64s.encode(key), validUntil.asLong(), null, now, json));
        }
        if (out.isEmpty()) throw new InvalidKeyDocument("no ed25519 verify_keys");
        JsonNode old = doc.path("old_verify_keys");
        for (Iterator<Map.Entry<String, JsonNode>> it = old.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode expired = e.getValue().path("expired_ts");
            if (!e.getKey().startsWith("ed25519:") || !expired.canConvertToLong()) continue;
            if (verifyKeys.has(e.getKey())) continue;
            byte[] key;
            try {
                key = decode(e.getValue().path("key").textValue(), e.getKey());
            } catch (InvalidKeyDocument bad) {
                continue;
            }
            out.add(new StoredKey(server, e.getKey(), Base64s.encode(key), validUntil.asLong(), expired.asLong(), now, json));
        }
        return out;
    }

    private static byte[] decode(String b64, String id) {
        if (b64 == null) throw new InvalidKeyDocument("key " + id + " has no key");
        byte[] key;
        try {
            key = Base64s.decode(b64);
        } catch (IllegalArgumentException e) {
            throw new InvalidKeyDocument("key " + id + " is not base64");
        }
        if (key.length != 32) throw new InvalidKeyDocument("key " + id + " is not an Ed25519 key");
        return key;
    }
}
