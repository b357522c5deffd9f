package org.lightweb.server.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.lightweb.core.ErrCode;
import org.lightweb.core.MatrixException;

/**
 * The content of m.room.canonical_alias: which aliases a new event adds (the ones the server validates), and the
 * content left when an alias is deleted. Pure.
 */
public final class CanonicalAliases {
    public static final String TYPE = "m.room.canonical_alias";

    private CanonicalAliases() {}

    /**
     * The aliases {@code content} lists that {@code previous} (the content it replaces, or null) did not list, as
     * alias or alternative: the spec (setRoomStateWithKey) validates only those. 400 M_INVALID_PARAM when {@code alias} is not a string or
     * {@code alt_aliases} not a list of strings.
     */
    public static List<String> added(JsonNode previous, JsonNode content) {
        String alias = alias(content);
        List<String> alt = altAliases(content);
        Set<String> known = new LinkedHashSet<>();
        if (previous != null) {
            JsonNode oldAlias = previous.get("alias");
            if (oldAlias != null && oldAlias.isTextual()) known.add(oldAlias.asText());
            JsonNode oldAlt = previous.get("alt_aliases");
            if (oldAlt != null && oldAlt.isArray()) oldAlt.forEach(a -> known.add(a.asText()));
        }
        Set<String> out = new LinkedHashSet<>();
        if (alias != null && !known.contains(alias)) out.add(alias);
        for (String a : alt) if (!known.contains(a)) out.add(a);
        return new ArrayList<>(out);
    }

    /**
     * createRoom's initial_state: no alias can point at a room that does not exist yet, so the only local alias the
     * event may name is the one createRoom is about to make (room_alias_name, or null). 400 M_INVALID_PARAM for a
     * malformed alias, M_BAD_ALIAS for another local one; other servers' aliases pass, as for setRoomStateWithKey.
     */
    public static void checkForNewRoom(JsonNode content, String newAlias, Predicate<String> isLocal) {
        for (String raw : added(null, content)) {
            String alias = Aliases.parse(raw);
            if (isLocal.test(alias) && !alias.equals(newAlias)) {
                throw new MatrixException(400, ErrCode.M_BAD_ALIAS, "The alias " + alias + " does not point to this room");
            }
        }
    }

    /** The canonical alias; null when absent, null or empty (the room has none). */
    static String alias(JsonNode content) {
        JsonNode n = content.get("alias");
        if (n == null || n.isNull()) return null;
        if (!n.isTextual()) throw MatrixException.invalidParam("The alias property must be a string");
        return n.asText().isEmpty() ? null : n.asText();
    }

    static List<String> altAliases(JsonNode content) {
        JsonNode n = content.get("alt_aliases");
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) return out;
        if (!n.isArray()) throw MatrixException.invalidParam("The alt_aliases property must be a list");
        for (JsonNode a : n) {
            if (!a.isTextual()) throw MatrixException.invalidParam("The alt_aliases property must be a list of strings");
            out.add(a.asText());
        }
        return out;
    }

    /**
     * {@code content} without {@code removed} as alias or among alt_aliases (alt_aliases dropped when it empties,
     * left alone when it is not a list), as Synapse's DirectoryHandler._update_canonical_alias; empty when the
     * content does not name the alias, so nothing needs sending.
     */
    public static Optional<ObjectNode> without(ObjectNode content, String removed) {
        ObjectNode out = content.deepCopy();
        boolean changed = false;
        if (removed.equals(content.path("alias").asText(null))) {
            out.remove("alias");
            changed = true;
        }
        JsonNode alt = content.get("alt_aliases");
        if (alt != null && alt.isArray()) {
            ArrayNode kept = out.arrayNode();
            alt.forEach(a -> {
                if (!(a.isTextual() && a.asText().equals(removed))) kept.add(a);
            });
            if (kept.size() != alt.size()) {
                changed = true;
                if (kept.isEmpty()) out.remove("alt_aliases"); else out.set("alt_aliases", kept);
            }
        }
        return changed ? Optional.of(out) : Optional.empty();
    }
}
