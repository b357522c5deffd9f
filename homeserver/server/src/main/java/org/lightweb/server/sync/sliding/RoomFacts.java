package org.lightweb.server.sync.sliding;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lightweb.core.Json;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.StateKeyId;
import org.lightweb.storage.rooms.StoredEvent;
import org.lightweb.storage.sync.AccountDataRepository;

/**
 * What list filters and room results need to know about a user's rooms, loaded in a few queries: each room's
 * type (m.room.create), which are encrypted (m.room.encryption in state), the user's DMs (m.direct account data),
 * tags (m.tag room account data) and the children of the spaces the filters name (m.space.child state).
 */
public record RoomFacts(Map<String, String> roomTypes, Set<String> encrypted, Set<String> dms,
                        Map<String, Set<String>> tags, Map<String, Set<String>> spaceChildren) {
    private static final StateKeyId CREATE = new StateKeyId("m.room.create", "");
    private static final StateKeyId ENCRYPTION = new StateKeyId("m.room.encryption", "");

    /** Loads the facts of {@code roomIds}; {@code spaces} are the joined space rooms whose children are wanted. */
    public static Future<RoomFacts> load(EventRepository events, AccountDataRepository accountData, String userId,
                                         Collection<String> roomIds, long accountDataUpTo, Set<String> spaces) {
        Future<Map<String, Map<StateKeyId, StoredEvent>>> state = events.currentStateEventsOfRooms(roomIds, List.of(CREATE, ENCRYPTION));
        Future<List<AccountDataRepository.Entry>> data = accountData.changedSince(userId, 0, accountDataUpTo);
        Future<Map<String, Set<String>>> children = spaceChildren(events, spaces);
        return Future.all(state, data, children).map(ok -> {
            Map<String, String> types = new HashMap<>();
            Set<String> encrypted = new HashSet<>();
            state.result().forEach((room, keys) -> {
                StoredEvent create = keys.get(CREATE);
                if (create != null) {
                    JsonNode type = content(create).get("type");
                    if (type != null && type.isTextual()) types.put(room, type.asText());
                }
                if (keys.containsKey(ENCRYPTION)) encrypted.add(room);
            });
            Set<String> dms = new HashSet<>();
            Map<String, Set<String>> tags = new HashMap<>();
            for (AccountDataRepository.Entry e : data.result()) {
                if (e.roomId().isEmpty() && e.type().equals("m.direct")) dms.addAll(directRooms(Json.parse(e.content())));
                if (!e.roomId().isEmpty() && e.type().equals("m.tag")) {
                    Set<String> names = new HashSet<>();
                    Json.parse(e.content()).path("tags").fieldNames().forEachRemaining(names::add);
                    tags.put(e.roomId(), names);
                }
            }
            return new RoomFacts(types, encrypted, dms, tags, children.result());
        });
    }

    /** m.direct: {user ID: [room IDs]}; anything else in it is ignored. */
    static Set<String> directRooms(JsonNode content) {
        Set<String> out = new HashSet<>();
        content.fields().forEachRemaining(e -> {
            if (e.getValue().isArray()) e.getValue().forEach(r -> { if (r.isTextual()) out.add(r.asText()); });
        });
        return out;
    }

    /** The rooms each space lists as m.space.child with a non-empty {@code via} (spec: Spaces). */
    private static Future<Map<String, Set<String>>> spaceChildren(EventRepository events, Set<String> spaces) {
        List<Future<Map.Entry<String, Set<String>>>> each = new ArrayList<>();
        for (String space : spaces) {
            each.add(events.currentState(space)
                    .compose(state -> events.events(state.entrySet().stream()
                            .filter(e -> e.getKey().type().equals("m.space.child")).map(Map.Entry::getValue).toList()))
                    .map(found -> {
                        Set<String> kids = new HashSet<>();
                        for (StoredEvent e : found.values()) {
                            JsonNode via = content(e).get("via");
                            if (via != null && via.isArray() && !via.isEmpty()) kids.add(e.stateKey());
                        }
                        return Map.entry(space, kids);
                    }));
        }
        return Future.all(each).map(ok -> {
            Map<String, Set<String>> out = new HashMap<>();
            each.forEach(f -> out.put(f.result().getKey(), f.result().getValue()));
            return out;
        });
    }

    private static JsonNode content(StoredEvent e) {
        return Json.parse(e.json()).path("content");
    }
}
