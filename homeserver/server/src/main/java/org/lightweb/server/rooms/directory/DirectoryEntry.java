package org.lightweb.server.rooms.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.lightweb.core.Json;
import org.lightweb.server.rooms.CanonicalAliases;
import org.lightweb.storage.rooms.StateKeyId;
import org.lightweb.storage.rooms.StoredEvent;

/** One room of the published room directory: the spec's PublishedRoomsChunk, read from the room's current state. */
public record DirectoryEntry(String roomId, long joinedMembers, String name, String topic, String canonicalAlias,
                             String avatarUrl, boolean worldReadable, boolean guestCanJoin, String joinRule,
                             String roomType) {
    /** The state an entry is made of. */
    static final List<StateKeyId> STATE = List.of(key("m.room.create"), key("m.room.join_rules"), key("m.room.name"),
            key("m.room.topic"), key(CanonicalAliases.TYPE), key("m.room.history_visibility"),
            key("m.room.guest_access"), key("m.room.avatar"));

    /** Join rules of rooms the directory lists whatever their history visibility (Synapse's choice). */
    private static final Set<String> LISTED_JOIN_RULES = Set.of("public", "knock", "knock_restricted");

    private static StateKeyId key(String type) {
        return new StateKeyId(type, "");
    }

    static DirectoryEntry of(String roomId, long joinedMembers, Map<StateKeyId, StoredEvent> state) {
        return new DirectoryEntry(roomId, joinedMembers,
                text(state, "m.room.name", "name"),
                text(state, "m.room.topic", "topic"),
                text(state, CanonicalAliases.TYPE, "alias"),
                text(state, "m.room.avatar", "url"),
                "world_readable".equals(text(state, "m.room.history_visibility", "history_visibility")),
                "can_join".equals(text(state, "m.room.guest_access", "guest_access")),
                text(state, "m.room.join_rules", "join_rule"),
                text(state, "m.room.create", "type"));
    }

    /** A non-empty string field of a state event's content, else null. */
    private static String text(Map<StateKeyId, StoredEvent> state, String type, String field) {
        StoredEvent e = state.get(key(type));
        if (e == null) return null;
        JsonNode v = Json.parse(e.json()).path("content").get(field);
        return v != null && v.isTextual() && !v.asText().isEmpty() ? v.asText() : null;
    }

    /**
     * Whether the directory shows the room at all. The spec lets servers hide published rooms; like Synapse this
     * hides empty rooms and rooms nobody could join or peek into (invite-only and not world-readable).
     */
    boolean listed() {
        return joinedMembers > 0 && (worldReadable || joinRule != null && LISTED_JOIN_RULES.contains(joinRule));
    }

    /** The filter of POST /publicRooms: the search term (any case) in the name, topic or canonical alias. */
    boolean matches(PublicRoomsQuery q) {
        if (q.roomTypes() != null && !q.roomTypes().isEmpty() && !q.roomTypes().contains(roomType)) return false;
        if (q.searchTerm() == null || q.searchTerm().isBlank()) return true;
        String term = q.searchTerm().toLowerCase(Locale.ROOT);
        for (String field : new String[] {name, topic, canonicalAlias}) {
            if (field != null && field.toLowerCase(Locale.ROOT).contains(term)) return true;
        }
        return false;
    }

    /** The chunk entry: absent fields are left out, as Synapse does. */
    ObjectNode toJson() {
        ObjectNode out = Json.object();
        out.put("room_id", roomId);
        out.put("num_joined_members", joinedMembers);
        out.put("world_readable", worldReadable);
        out.put("guest_can_join", guestCanJoin);
        if (name != null) out.put("name", name);
        if (topic != null) out.put("topic", topic);
        if (canonicalAlias != null) out.put("canonical_alias", canonicalAlias);
        if (avatarUrl != null) out.put("avatar_url", avatarUrl);
        if (joinRule != null) out.put("join_rule", joinRule);
        if (roomType != null) out.put("room_type", roomType);
        return out;
    }
}
