package org.lightweb.server.federation.membership;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.StateKey;
import org.lightweb.server.rooms.RoomEvents;

/**
 * The state that lets someone outside a room recognise it: {@code invite_room_state} of {@code /invite} and
 * {@code knock_room_state} of {@code send_knock}. Since v1.16 these are full PDUs (with the create event), which
 * the receiving server turns into stripped state for its clients.
 */
final class InviteState {
    /** The spec's recommended types (client-server API, "Stripped state"). */
    static final List<String> TYPES = List.of("m.room.create", "m.room.join_rules", "m.room.name", "m.room.avatar",
            "m.room.canonical_alias", "m.room.encryption", "m.room.topic");

    private InviteState() {}

    /** The room's current identifying state as PDUs, plus the member event of {@code member} when given. */
    static Future<List<ObjectNode>> of(RoomEvents roomEvents, String roomId, RoomVersion v, String member) {
        Set<StateKey> keys = new LinkedHashSet<>();
        TYPES.forEach(t -> keys.add(StateKey.of(t, "")));
        if (member != null) keys.add(StateKey.member(member));
        return roomEvents.stateEvents(roomId, v, keys).map(state -> {
            List<ObjectNode> out = new ArrayList<>();
            for (StateKey k : keys) {
                Pdu e = state.get(k);
                if (e != null) out.add(e.json().deepCopy());
            }
            return out;
        });
    }
}
