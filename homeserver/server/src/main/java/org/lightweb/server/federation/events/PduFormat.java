package org.lightweb.server.federation.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.lightweb.federation.protocol.CanonicalJson;
import org.lightweb.federation.protocol.RoomVersion;

/**
 * Check 1 on receipt of a PDU: "Is a valid event, otherwise it is dropped" (server-server API; the room versions'
 * event format and the size limits of the client-server API's "Size limits"). Pure.
 */
final class PduFormat {
    static final int MAX_PDU_BYTES = 65_536;
    static final int MAX_PREV_EVENTS = 20;
    static final int MAX_AUTH_EVENTS = 10;
    private static final int MAX_ID_BYTES = 255;

    private PduFormat() {}

    /** Why the PDU is not a valid event of {@code v}, or null when it is. */
    static String problem(ObjectNode pdu, RoomVersion v) {
        int size;
        try {
            size = CanonicalJson.encode(pdu).length;
        } catch (RuntimeException e) {
            return "not canonical JSON: " + e.getMessage();
        }
        if (size > MAX_PDU_BYTES) return "event is " + size + " bytes, more than " + MAX_PDU_BYTES;
        boolean create = "m.room.create".equals(pdu.path("type").asText(null)) && "".equals(pdu.path("state_key").asText(null));
        if (!(create && v.roomIdIsCreateEventId())) {
            String problem = id(pdu, "room_id", '!');
            if (problem != null) return problem;
        }
        String problem = id(pdu, "sender", '@');
        if (problem != null) return problem;
        if (!pdu.path("sender").asText().contains(":")) return "sender has no server name";
        if (!text(pdu, "type")) return "type must be a string";
        if (pdu.path("type").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_ID_BYTES) return "type is too long";
        if (pdu.has("state_key")) {
            if (!text(pdu, "state_key")) return "state_key must be a string";
            if (pdu.get("state_key").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_ID_BYTES) {
                return "state_key is too long";
            }
        }
        if (!pdu.path("content").isObject()) return "content must be an object";
        if (!integer(pdu.get("depth")) || pdu.get("depth").asLong() < 0) return "depth must be a non-negative integer";
        if (!integer(pdu.get("origin_server_ts"))) return "origin_server_ts must be an integer";
        if (!pdu.path("hashes").isObject()) return "hashes must be an object";
        if (!pdu.path("signatures").isObject()) return "signatures must be an object";
        problem = ids(pdu, "prev_events", MAX_PREV_EVENTS);
        if (problem != null) return problem;
        problem = ids(pdu, "auth_events", MAX_AUTH_EVENTS);
        if (problem != null) return problem;
        if (pdu.has("redacts") && !text(pdu, "redacts")) return "redacts must be a string";
        return null;
    }

    private static String id(ObjectNode pdu, String field, char sigil) {
        JsonNode n = pdu.get(field);
        if (n == null || !n.isTextual()) return field + " must be a string";
        String s = n.asText();
        if (s.isEmpty() || s.charAt(0) != sigil) return field + " must start with " + sigil;
        if (s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_ID_BYTES) return field + " is too long";
        return null;
    }

    private static String ids(ObjectNode pdu, String field, int max) {
        JsonNode n = pdu.get(field);
        if (n == null || !n.isArray()) return field + " must be an array";
        if (n.size() > max) return field + " has " + n.size() + " entries, more than " + max;
        for (JsonNode id : n) {
            if (!id.isTextual() || !id.asText().startsWith("$")) return field + " must hold event IDs";
        }
        return null;
    }

    private static boolean text(ObjectNode pdu, String field) {
        JsonNode n = pdu.get(field);
        return n != null && n.isTextual();
    }

    private static boolean integer(JsonNode n) {
        return n != null && n.isIntegralNumber() && n.canConvertToLong()
                && Math.abs(n.asLong()) <= CanonicalJson.MAX_SAFE_INTEGER;
    }
}
