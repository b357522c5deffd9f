package org.lightweb.server.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.lightweb.core.MatrixException;

/**
 * A sync filter (client-server API, Filtering): every field the spec defines. Parsed once from the stored or
 * inline JSON; bad shapes are refused with 400 M_BAD_JSON.
 */
public record SyncFilter(EventFilter presence, EventFilter accountData, RoomFilter room, List<String> eventFields,
                         String eventFormat) {
    public static final SyncFilter DEFAULT = parse(org.lightweb.core.Json.object());

    /** An EventFilter: limit, types/not_types (with '*' wildcards), senders/not_senders. */
    public record EventFilter(Integer limit, List<String> types, List<String> notTypes, List<String> senders,
                              List<String> notSenders) {
        public boolean matches(String type, String sender) {
            if (notTypes != null && notTypes.stream().anyMatch(p -> glob(p, type))) return false;
            if (types != null && types.stream().noneMatch(p -> glob(p, type))) return false;
            if (notSenders != null && notSenders.contains(sender)) return false;
            return senders == null || senders.contains(sender);
        }
    }

    /** A RoomEventFilter: an EventFilter plus rooms, contains_url, lazy loading and thread options. */
    public record RoomEventFilter(EventFilter base, List<String> rooms, List<String> notRooms, Boolean containsUrl,
                                  boolean lazyLoadMembers, boolean includeRedundantMembers,
                                  boolean unreadThreadNotifications) {
        public int limit(int dflt) { return base.limit() == null ? dflt : base.limit(); }

        /** Whether {@link #matches} reads the content (else callers may pass null and skip parsing it). */
        public boolean needsContent() { return containsUrl != null; }

        public boolean matches(String roomId, String type, String sender, JsonNode content) {
            if (notRooms != null && notRooms.contains(roomId)) return false;
            if (rooms != null && !rooms.contains(roomId)) return false;
            if (containsUrl != null && containsUrl != content.path("url").isTextual()) return false;
            return base.matches(type, sender);
        }
    }

    /** The RoomFilter: which rooms, leave rooms or not, and the filters of each room section. */
    public record RoomFilter(List<String> rooms, List<String> notRooms, boolean includeLeave, RoomEventFilter timeline,
                             RoomEventFilter state, RoomEventFilter ephemeral, RoomEventFilter accountData) {
        public boolean includesRoom(String roomId) {
            if (notRooms != null && notRooms.contains(roomId)) return false;
            return rooms == null || rooms.contains(roomId);
        }
    }

    public static SyncFilter parse(JsonNode json) {
        if (!json.isObject()) throw MatrixException.badJson("A filter must be a JSON object");
        JsonNode room = object(json, "room");
        String format = text(json, "event_format");
        if (format != null && !format.equals("client") && !format.equals("federation")) {
            throw MatrixException.badJson("event_format must be client or federation");
        }
        return new SyncFilter(eventFilter(object(json, "presence")), eventFilter(object(json, "account_data")),
                new RoomFilter(strings(room, "rooms"), strings(room, "not_rooms"), bool(room, "include_leave", false),
                        roomEventFilter(object(room, "timeline")), roomEventFilter(object(room, "state")),
                        roomEventFilter(object(room, "ephemeral")), roomEventFilter(object(room, "account_data"))),
                strings(json, "event_fields"), format == null ? "client" : format);
    }

    /** A RoomEventFilter on its own (POST /search's filter); null or absent is the empty filter. */
    public static RoomEventFilter parseRoomEventFilter(JsonNode json) {
        if (json == null || json.isNull()) return roomEventFilter(org.lightweb.core.Json.object());
        if (!json.isObject()) throw MatrixException.badJson("A filter must be a JSON object");
        return roomEventFilter(json);
    }

    private static EventFilter eventFilter(JsonNode n) {
        JsonNode limit = n.get("limit");
        Integer l = null;
        if (limit != null && !limit.isNull()) {
            if (!limit.isIntegralNumber() || limit.asLong() < 1) throw MatrixException.badJson("filter limit must be a positive integer");
            l = (int) Math.min(limit.asLong(), 1000);
        }
        return new EventFilter(l, strings(n, "types"), strings(n, "not_types"), strings(n, "senders"), strings(n, "not_senders"));
    }

    private static RoomEventFilter roomEventFilter(JsonNode n) {
        JsonNode url = n.get("contains_url");
        if (url != null && !url.isNull() && !url.isBoolean()) throw MatrixException.badJson("contains_url must be a boolean");
        return new RoomEventFilter(eventFilter(n), strings(n, "rooms"), strings(n, "not_rooms"),
                url == null || url.isNull() ? null : url.asBoolean(), bool(n, "lazy_load_members", false),
                bool(n, "include_redundant_members", false), bool(n, "unread_thread_notifications", false));
    }

    private static JsonNode object(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) return org.lightweb.core.Json.object();
        if (!n.isObject()) throw MatrixException.badJson("filter field " + field + " must be an object");
        return n;
    }

    private static List<String> strings(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isArray()) throw MatrixException.badJson("filter field " + field + " must be an array of strings");
        List<String> out = new ArrayList<>();
        for (JsonNode s : n) {
            if (!s.isTextual()) throw MatrixException.badJson("filter field " + field + " must be an array of strings");
            out.add(s.asText());
        }
        return List.copyOf(out);
    }

    private static boolean bool(JsonNode parent, String field, boolean dflt) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) return dflt;
        if (!n.isBoolean()) throw MatrixException.badJson("filter field " + field + " must be a boolean");
        return n.asBoolean();
    }

    private static String text(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isTextual()) throw MatrixException.badJson("filter field " + field + " must be a string");
        return n.asText();
    }

    /** Type patterns: '*' matches any run of characters (client-server API, Filtering). */
    static boolean glob(String pattern, String value) {
        if (!pattern.contains("*")) return pattern.equals(value);
        String[] parts = pattern.split("\\*", -1);
        int pos = 0;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (i == 0) {
                if (!value.startsWith(part)) return false;
                pos = part.length();
            } else if (i == parts.length - 1) {
                return value.length() - part.length() >= pos && value.endsWith(part);
            } else {
                int at = value.indexOf(part, pos);
                if (at < 0) return false;
                pos = at + part.length();
            }
        }
        return pos == value.length();
    }
}
