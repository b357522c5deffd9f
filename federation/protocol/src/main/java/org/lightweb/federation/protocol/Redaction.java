package org.lightweb.federation.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** The redaction algorithm: v9 rules (used by room version 10) and v11 rules (room versions 11 and 12). */
public final class Redaction {
    private static final Set<String> TOP_LEVEL_V9 = Set.of("event_id", "type", "room_id", "sender", "state_key",
            "content", "hashes", "signatures", "depth", "prev_events", "prev_state", "auth_events", "origin",
            "origin_server_ts", "membership");
    private static final Set<String> TOP_LEVEL_V11 = Set.of("event_id", "type", "room_id", "sender", "state_key",
            "content", "hashes", "signatures", "depth", "prev_events", "auth_events", "origin_server_ts");

    private Redaction() {}

    /** A redacted copy of {@code event}; the input is not changed. */
    public static ObjectNode redact(JsonNode event, RoomVersion version) {
        boolean v11 = version.updatedRedactionRules();
        ObjectNode out = event.deepCopy();
        Set<String> keep = v11 ? TOP_LEVEL_V11 : TOP_LEVEL_V9;
        out.retain(keep);
        String type = event.path("type").asText("");
        JsonNode content = event.get("content");
        ObjectNode newContent = out.objectNode();
        if (content != null && content.isObject()) {
            switch (type) {
                case "m.room.member" -> {
                    copy(content, newContent, "membership", "join_authorised_via_users_server");
                    if (v11 && content.path("third_party_invite").has("signed")) {
                        newContent.putObject("third_party_invite").set("signed", content.get("third_party_invite").get("signed"));
                    }
                }
                case "m.room.create" -> {
                    if (v11) newContent.setAll((ObjectNode) content.deepCopy());
                    else copy(content, newContent, "creator");
                }
                case "m.room.join_rules" -> copy(content, newContent, "join_rule", "allow");
                case "m.room.power_levels" -> {
                    copy(content, newContent, "ban", "events", "events_default", "kick", "redact", "state_default",
                            "users", "users_default");
                    if (v11) copy(content, newContent, "invite");
                }
                case "m.room.history_visibility" -> copy(content, newContent, "history_visibility");
                case "m.room.redaction" -> {
                    if (v11) copy(content, newContent, "redacts");
                }
                default -> { }
            }
        }
        out.set("content", newContent);
        return out;
    }

    private static void copy(JsonNode from, ObjectNode to, String... keys) {
        for (String k : keys) {
            JsonNode v = from.get(k);
            if (v != null) to.set(k, v.deepCopy());
        }
    }

    /** True when {@code event} would change under redaction (used to spot already-redacted events). */
    public static boolean wouldChange(JsonNode event, RoomVersion version) {
        ObjectNode redacted = redact(event, version);
        for (Iterator<Map.Entry<String, JsonNode>> it = event.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals("unsigned")) continue;
            if (!f.getValue().equals(redacted.get(f.getKey()))) return true;
        }
        return false;
    }
}
