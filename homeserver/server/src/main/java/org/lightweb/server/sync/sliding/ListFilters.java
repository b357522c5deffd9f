package org.lightweb.server.sync.sliding;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.lightweb.core.MatrixException;

/**
 * A list's filters (MSC4186 {@code SlidingRoomFilter}); every field set must hold. Unset fields let every room
 * through. Room types are the {@code type} of m.room.create, where a null entry means "no type".
 */
public record ListFilters(Boolean isDm, List<String> spaces, Boolean isEncrypted, Boolean isInvite,
                          List<String> roomTypes, List<String> notRoomTypes, List<String> tags, List<String> notTags) {
    public static final ListFilters NONE = new ListFilters(null, null, null, null, null, null, null, null);

    public static ListFilters parse(JsonNode n) {
        if (n == null || n.isNull()) return NONE;
        if (!n.isObject()) throw MatrixException.badJson("filters must be a JSON object");
        Boolean invite = bool(n, "is_invite");
        if (invite == null) invite = bool(n, "is_invited");
        return new ListFilters(bool(n, "is_dm"), strings(n, "spaces", false), bool(n, "is_encrypted"), invite,
                strings(n, "room_types", true), strings(n, "not_room_types", true), strings(n, "tags", false),
                strings(n, "not_tags", false));
    }

    /** Whether the room passes; {@code membership} is the user's, {@code facts} what the room list loaded. */
    public boolean accepts(String roomId, String membership, RoomFacts facts) {
        if (isDm != null && isDm != facts.dms().contains(roomId)) return false;
        if (isEncrypted != null && isEncrypted != facts.encrypted().contains(roomId)) return false;
        if (isInvite != null && isInvite != membership.equals("invite")) return false;
        String type = facts.roomTypes().get(roomId);
        if (notRoomTypes != null && notRoomTypes.contains(type)) return false;   // not_room_types wins
        if (roomTypes != null && !roomTypes.contains(type)) return false;
        Set<String> roomTags = facts.tags().getOrDefault(roomId, Set.of());
        if (notTags != null && notTags.stream().anyMatch(roomTags::contains)) return false;   // not_tags wins
        if (tags != null && tags.stream().noneMatch(roomTags::contains)) return false;
        if (spaces != null) {
            boolean inSome = spaces.stream().anyMatch(s -> facts.spaceChildren().getOrDefault(s, Set.of()).contains(roomId));
            if (!inSome) return false;
        }
        return true;
    }

    private static Boolean bool(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isBoolean()) throw MatrixException.badJson("filters." + field + " must be a boolean");
        return v.asBoolean();
    }

    /** A list of strings; with {@code nullable}, null entries are kept (room types). */
    private static List<String> strings(JsonNode n, String field, boolean nullable) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isArray()) throw MatrixException.badJson("filters." + field + " must be a list of strings");
        List<String> out = new ArrayList<>();
        for (JsonNode s : v) {
            if (s.isTextual()) out.add(s.asText());
            else if (s.isNull() && nullable) out.add(null);
            else throw MatrixException.badJson("filters." + field + " must be a list of strings");
        }
        return java.util.Collections.unmodifiableList(out);
    }
}
