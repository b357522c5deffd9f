package org.lightweb.federation.protocol.auth;

import com.fasterxml.jackson.databind.JsonNode;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.RoomVersion;

/** Rule 1: an {@code m.room.create} event. It depends on nothing but itself. Pure. */
final class CreateRules {
    private CreateRules() {}

    static AuthResult check(Pdu event, RoomVersion v) {
        // 1.1 If it has any prev_events, reject.
        if (event.json().path("prev_events").size() > 0) {
            return AuthResult.reject("1.1", "the create event has prev_events");
        }
        if (v.roomIdIsCreateEventId()) {
            // 1.2 (v12) If the event has a room_id, reject. The room ID is the create event's ID with sigil '!'.
            if (event.json().has("room_id")) return AuthResult.reject("1.2", "the create event has a room_id");
        } else {
            // 1.2 (v10/v11) If the domain of the room_id does not match the domain of the sender, reject.
            String roomDomain = Creators.domainOf(event.roomId());
            if (roomDomain.isEmpty() || !roomDomain.equals(Creators.domainOf(event.sender()))) {
                return AuthResult.reject("1.2", "the room_id's domain is not the sender's domain");
            }
        }
        // 1.3 If content.room_version is present and is not a recognised version, reject.
        JsonNode roomVersion = event.content().get("room_version");
        if (roomVersion != null && (!roomVersion.isTextual() || RoomVersion.of(roomVersion.asText()).isEmpty())) {
            return AuthResult.reject("1.3", "room_version " + roomVersion + " is not a recognised version");
        }
        // 1.4 (v10) If content has no creator property, reject.
        if (!v.implicitRoomCreator() && !event.content().has("creator")) {
            return AuthResult.reject("1.4", "the create event has no creator");
        }
        // 1.4 (v12) If additional_creators is present in content and is not an array of strings where each string
        // passes the same user ID validation applied to sender, reject.
        if (v.additionalCreators() && event.content().has("additional_creators")) {
            JsonNode extra = event.content().get("additional_creators");
            if (!extra.isArray()) return AuthResult.reject("1.4", "additional_creators is not an array");
            for (JsonNode n : extra) {
                if (!n.isTextual() || !Creators.isValidUserId(n.asText())) {
                    return AuthResult.reject("1.4", "additional_creators has an invalid user ID: " + n);
                }
            }
        }
        // 1.5 (v11: 1.4) Otherwise, allow. v10 has 1.4 "no creator" and v12 has 1.4 "additional_creators"; v11 neither.
        boolean hasRule14 = !v.implicitRoomCreator() || v.additionalCreators();
        return AuthResult.allow(hasRule14 ? "1.5" : "1.4", "a valid create event");
    }
}
