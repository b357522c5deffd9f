package org.lightweb.federation.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Content hashes and reference hashes (server-server API, "Calculating the content hash for an event" and
 * "Calculating the reference hash for an event"), and event IDs derived from them (room versions 4+).
 */
public final class EventHashes {
    private EventHashes() {}

    /** SHA-256 over the canonical event without unsigned, signatures and hashes; unpadded Base64. */
    public static String contentHash(JsonNode event) {
        ObjectNode copy = event.deepCopy();
        copy.remove("unsigned");
        copy.remove("signatures");
        copy.remove("hashes");
        return Base64s.encode(sha256(CanonicalJson.encode(copy)));
    }

    /** SHA-256 over the canonical redacted event without signatures and unsigned. */
    public static byte[] referenceHash(JsonNode event, RoomVersion version) {
        ObjectNode redacted = Redaction.redact(event, version);
        redacted.remove("signatures");
        redacted.remove("unsigned");
        redacted.remove("event_id");
        return sha256(CanonicalJson.encode(redacted));
    }

    /** {@code $} + URL-safe unpadded Base64 of the reference hash. */
    public static String eventId(JsonNode event, RoomVersion version) {
        return "$" + Base64s.encodeUrlSafe(referenceHash(event, version));
    }

    /** True when {@code hashes.sha256} matches the content hash. */
    public static boolean contentHashMatches(JsonNode event) {
        Optional<String> claimed = Optional.ofNullable(event.path("hashes").get("sha256")).filter(JsonNode::isTextual)
                .map(JsonNode::asText);
        if (claimed.isEmpty()) return false;
        try {
            return MessageDigest.isEqual(Base64s.decode(claimed.get()), Base64s.decode(contentHash(event)));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
