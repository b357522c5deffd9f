package org.lightweb.federation.protocol.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.lightweb.core.UserId;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.RoomVersion;

/** Who created a room, read from its {@code m.room.create} event as the room version says. */
public final class Creators {
    private Creators() {}

    /**
     * The creator: the create event's sender from v11 on ({@link RoomVersion#implicitRoomCreator}),
     * {@code content.creator} before. Rule 5.3.1 lets this user join first.
     */
    public static Optional<String> creator(Pdu create, RoomVersion v) {
        if (v.implicitRoomCreator()) return Optional.ofNullable(create.sender());
        JsonNode c = create.content().get("creator");
        return c != null && c.isTextual() ? Optional.of(c.asText()) : Optional.empty();
    }

    /**
     * The room creators: the creator, plus from v12 each valid user ID in {@code content.additional_creators}
     * (rule 1.4 rejects a create event with an invalid one, so the filter only matters for unchecked input).
     */
    public static Set<String> all(Pdu create, RoomVersion v) {
        Set<String> out = new LinkedHashSet<>();
        creator(create, v).ifPresent(out::add);
        if (v.additionalCreators()) {
            JsonNode extra = create.content().get("additional_creators");
            if (extra != null && extra.isArray()) {
                for (JsonNode n : extra) if (n.isTextual() && isValidUserId(n.asText())) out.add(n.asText());
            }
        }
        return out;
    }

    /** The user ID grammar of the appendices, historical localparts included (the check applied to senders). */
    static boolean isValidUserId(String s) { return UserId.parse(s).isPresent(); }

    /** The server name of a user or room ID: everything after the first colon. */
    static String domainOf(String id) {
        if (id == null) return "";
        int colon = id.indexOf(':');
        return colon < 0 ? "" : id.substring(colon + 1);
    }
}
