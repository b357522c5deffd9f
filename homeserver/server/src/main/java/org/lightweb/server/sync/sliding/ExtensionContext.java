package org.lightweb.server.sync.sliding;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lightweb.server.http.Requester;
import org.lightweb.server.sync.SyncContext;
import org.lightweb.server.sync.SyncFilter;
import org.lightweb.server.sync.SyncToken;

/**
 * What an extension answers for: who, the window (since is the request's pos, null on a connection's first
 * request), the rooms each list matched within its ranges, every room the response is about (subscriptions
 * included), and those sent {@code initial} in this response (an extension sends them everything it has).
 */
public record ExtensionContext(Requester who, SyncToken since, SyncToken upTo, Map<String, List<String>> listRooms,
                               Set<String> rooms, Set<String> initialRooms) {
    /**
     * The rooms an extension's config covers (Synapse's {@code find_relevant_room_ids_for_extension}): those of
     * the named lists and the named rooms among the response's, {@code "*"} for all; both default to {@code ["*"]}.
     */
    public Set<String> roomsFor(JsonNode config) {
        Set<String> out = new LinkedHashSet<>();
        for (String list : names(config.get("lists"))) {
            if (list.equals("*")) listRooms.values().forEach(out::addAll);
            else out.addAll(listRooms.getOrDefault(list, List.of()));
        }
        for (String room : names(config.get("rooms"))) {
            if (room.equals("*")) out.addAll(rooms);
            else if (rooms.contains(room)) out.add(room);
        }
        return out;
    }

    private static List<String> names(JsonNode n) {
        if (n == null || n.isNull()) return List.of("*");
        if (!n.isArray()) throw org.lightweb.core.MatrixException.badJson("Extension lists and rooms must be lists of strings");
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        n.forEach(x -> {
            if (!x.isTextual()) throw org.lightweb.core.MatrixException.badJson("Extension lists and rooms must be lists of strings");
            out.add(x.asText());
        });
        return out;
    }

    /** A /sync context over the same window, from {@code from} (null: everything), for running /sync contributors. */
    public SyncContext syncContext(SyncToken from) {
        return new SyncContext(who, from, upTo, SyncFilter.DEFAULT, false);
    }
}
