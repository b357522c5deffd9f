package org.lightweb.server.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.lightweb.core.Json;
import org.lightweb.core.UserId;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.StateKey;
import org.lightweb.storage.rooms.StateKeyId;

/**
 * What a replacement room takes from the room it replaces (client-server API, Room upgrades, server behaviour 2
 * to 4), as Synapse's clone_existing_room and _move_aliases_to_new_room choose it. Pure.
 */
final class UpgradeCopies {
    static final String CANONICAL_ALIAS = "m.room.canonical_alias";
    static final String SPACE_CHILD = "m.space.child";

    /** The state copied as it is: the spec's list, which is Synapse's (power levels are {@link UpgradePowerLevels}'). */
    static final List<String> COPIED_TYPES = List.of(StateKey.JOIN_RULES, "m.room.name", "m.room.topic",
            StateKey.HISTORY_VISIBILITY, "m.room.guest_access", "m.room.avatar", "m.room.encryption", "m.room.server_acl");

    private UpgradeCopies() {}

    /**
     * The replacement's m.room.create content: room_version, predecessor, the old room's type and m.federate
     * (when false), and from v12 the additional creators the upgrader named (the old ones are not carried over).
     *
     * @param tombstoneId the old room's tombstone, for predecessor.event_id; null from v12, where it may be left out
     */
    static ObjectNode creationContent(JsonNode oldCreate, String oldRoomId, String tombstoneId, RoomVersion v,
                                      List<UserId> additionalCreators) {
        ObjectNode content = Json.object().put("room_version", v.id());
        ObjectNode predecessor = content.putObject("predecessor").put("room_id", oldRoomId);
        if (tombstoneId != null) predecessor.put("event_id", tombstoneId);
        if (v.additionalCreators() && !additionalCreators.isEmpty()) {
            ArrayNode extra = content.putArray("additional_creators");
            additionalCreators.forEach(u -> extra.add(u.toString()));
        }
        if (oldCreate.path("m.federate").isBoolean() && !oldCreate.get("m.federate").booleanValue()) {
            content.put("m.federate", false);
        }
        if (oldCreate.path("type").isTextual()) content.put("type", oldCreate.get("type").asText());
        return content;
    }

    /** Whether the old room's state at {@code key} is copied; m.space.child only for spaces. */
    static boolean copied(StateKeyId key, JsonNode oldCreate) {
        if (COPIED_TYPES.contains(key.type())) return key.stateKey().isEmpty();
        return key.type().equals(SPACE_CHILD) && "m.space".equals(oldCreate.path("type").asText(null));
    }

    /**
     * The copied state events, sent by the upgrader: {@link #COPIED_TYPES} in that order, then a space's children
     * by state key, leaving out removed ones (empty content).
     */
    static List<EventDraft> state(Map<StateKeyId, ObjectNode> old, JsonNode oldCreate, UserId upgrader) {
        List<EventDraft> out = new ArrayList<>();
        for (String type : COPIED_TYPES) {
            ObjectNode content = old.get(new StateKeyId(type, ""));
            if (content != null) out.add(EventDraft.state(type, "", upgrader, content.deepCopy()));
        }
        old.entrySet().stream()
                .filter(e -> e.getKey().type().equals(SPACE_CHILD) && copied(e.getKey(), oldCreate) && !e.getValue().isEmpty())
                .sorted(Map.Entry.comparingByKey((a, b) -> a.stateKey().compareTo(b.stateKey())))
                .forEach(e -> out.add(EventDraft.state(SPACE_CHILD, e.getKey().stateKey(), upgrader, e.getValue().deepCopy())));
        return out;
    }

    /** The old room's bans, sent again by the upgrader with their content; creators of the new room cannot be banned. */
    static List<EventDraft> bans(Map<String, ObjectNode> bans, UserId upgrader, Set<String> creators) {
        return bans.entrySet().stream()
                .filter(e -> !creators.contains(e.getKey()) && !e.getKey().equals(upgrader.toString()))
                .sorted(Map.Entry.comparingByKey())
                .map(e -> EventDraft.state(StateKey.MEMBER, e.getKey(), upgrader, e.getValue().deepCopy()))
                .toList();
    }

    /** The m.room.canonical_alias contents of both rooms once the local aliases have moved. */
    record CanonicalAliases(ObjectNode oldRoom, ObjectNode newRoom) {}

    /**
     * Splits the old room's canonical alias content: the local alias and alt_aliases go to the new room, the
     * others stay.
     */
    static CanonicalAliases canonicalAliases(ObjectNode old, Predicate<String> isLocal) {
        ObjectNode oldRoom = old.deepCopy();
        ObjectNode newRoom = Json.object();
        JsonNode alias = old.get("alias");
        if (alias != null && alias.isTextual() && isLocal.test(alias.asText())) {
            newRoom.put("alias", alias.asText());
            oldRoom.remove("alias");
        }
        JsonNode alt = old.get("alt_aliases");
        if (alt != null && alt.isArray()) {
            ArrayNode kept = Json.MAPPER.createArrayNode();
            ArrayNode moved = Json.MAPPER.createArrayNode();
            for (JsonNode a : alt) {
                if (a.isTextual() && isLocal.test(a.asText())) moved.add(a); else kept.add(a);
            }
            if (!moved.isEmpty()) newRoom.set("alt_aliases", moved);
            if (kept.isEmpty()) oldRoom.remove("alt_aliases"); else oldRoom.set("alt_aliases", kept);
        }
        return new CanonicalAliases(oldRoom, newRoom);
    }
}
