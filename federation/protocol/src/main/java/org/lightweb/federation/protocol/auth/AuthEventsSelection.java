package org.lightweb.federation.protocol.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Set;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.StateKey;

/**
 * The server-server API's "Auth events selection": which pieces of room state an event's {@code auth_events}
 * are drawn from. Each is included "if any", so the caller keeps the keys present in the state. Rule 3.2
 * (v10/v11: 2.2) rejects auth events outside this set. Pure.
 */
public final class AuthEventsSelection {
    private AuthEventsSelection() {}

    /**
     * The state keys an event with these fields selects.
     *
     * @param stateKey the event's state key, null for a message event
     * @param content  the event's content
     */
    public static Set<StateKey> select(String type, String stateKey, String sender, JsonNode content, RoomVersion v) {
        Set<StateKey> out = new LinkedHashSet<>();
        // The auth_events for the m.room.create event in a room is empty.
        if (StateKey.CREATE.equals(type) && "".equals(stateKey)) return out;
        // Depending on the room version, the m.room.create event (not from v12: the room ID names it).
        if (v.createEventInAuthEvents()) out.add(StateKey.create());
        // The current m.room.power_levels event, if any.
        out.add(StateKey.powerLevels());
        // The sender's current m.room.member event, if any.
        if (sender != null) out.add(StateKey.member(sender));
        if (StateKey.MEMBER.equals(type)) {
            String membership = content.path("membership").asText("");
            // The target's current m.room.member event, if any. (No state_key, no target: rule 5.1 rejects it.)
            if (stateKey != null) out.add(StateKey.member(stateKey));
            // If membership is join, invite or knock, the current m.room.join_rules event, if any.
            if (membership.equals("join") || membership.equals("invite") || membership.equals("knock")) {
                out.add(StateKey.joinRules());
            }
            // If membership is invite and content contains a third_party_invite property, the current
            // m.room.third_party_invite event with state_key matching content.third_party_invite.signed.token.
            JsonNode token = content.path("third_party_invite").path("signed").path("token");
            if (membership.equals("invite") && content.has("third_party_invite") && token.isTextual()) {
                out.add(StateKey.of(StateKey.THIRD_PARTY_INVITE, token.asText()));
            }
            // If membership is join, content.join_authorised_via_users_server is present, and the room version
            // supports restricted rooms, the m.room.member event with state_key matching it.
            JsonNode authoriser = content.path("join_authorised_via_users_server");
            if (membership.equals("join") && authoriser.isTextual() && v.restrictedJoinRule()) {
                out.add(StateKey.member(authoriser.asText()));
            }
        }
        return out;
    }

    /** The selection for an existing event, e.g. to check its {@code auth_events}. */
    public static Set<StateKey> select(Pdu event, RoomVersion v) {
        return select(event.type(), event.stateKey().orElse(null), event.sender(), event.content(), v);
    }
}
