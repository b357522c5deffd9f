package org.lightweb.server.search;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.lightweb.core.MatrixException;
import org.lightweb.server.sync.SyncFilter;
import org.lightweb.storage.search.SearchIndex.Order;

/**
 * The room_events criteria of POST /search, parsed and bounded once (search.yaml). Bad shapes get 400 M_BAD_JSON.
 *
 * @param context null when no event_context was asked for
 * @param groupBy the group_by keys asked for: room_id and/or sender
 */
record SearchRequest(String searchTerm, Set<String> keys, SyncFilter.RoomEventFilter filter, Order order, int limit,
                     Context context, boolean includeState, List<String> groupBy) {
    static final Set<String> ALL_KEYS = Set.of("content.body", "content.name", "content.topic");
    private static final int DEFAULT_LIMIT = 10;
    private static final int DEFAULT_CONTEXT = 5;

    record Context(int beforeLimit, int afterLimit, boolean includeProfile) {}

    /** Parses {@code criteria} (search_categories.room_events), bounding limits by {@code maxLimit}, {@code maxContext}. */
    static SearchRequest parse(JsonNode criteria, int maxLimit, int maxContext) {
        if (!criteria.isObject()) throw MatrixException.badJson("room_events must be an object");
        JsonNode term = criteria.get("search_term");
        if (term == null || !term.isTextual()) throw MatrixException.badJson("room_events.search_term must be a string");
        Set<String> keys = new LinkedHashSet<>();
        JsonNode keysNode = criteria.get("keys");
        if (keysNode == null || keysNode.isNull()) {
            keys.addAll(ALL_KEYS);
        } else {
            if (!keysNode.isArray()) throw MatrixException.badJson("keys must be an array");
            for (JsonNode k : keysNode) {
                if (!k.isTextual() || !ALL_KEYS.contains(k.asText())) {
                    throw MatrixException.badJson("keys may only hold content.body, content.name and content.topic");
                }
                keys.add(k.asText());
            }
        }
        SyncFilter.RoomEventFilter filter = SyncFilter.parseRoomEventFilter(criteria.get("filter"));
        String orderBy = text(criteria, "order_by", "rank");
        Order order = switch (orderBy) {
            case "rank" -> Order.RANK;
            case "recent" -> Order.RECENT;
            default -> throw MatrixException.badJson("order_by must be rank or recent");
        };
        Context context = null;
        JsonNode ctx = criteria.get("event_context");
        if (ctx != null && !ctx.isNull()) {
            if (!ctx.isObject()) throw MatrixException.badJson("event_context must be an object");
            context = new Context(Math.min(count(ctx, "before_limit", DEFAULT_CONTEXT), maxContext),
                    Math.min(count(ctx, "after_limit", DEFAULT_CONTEXT), maxContext), bool(ctx, "include_profile"));
        }
        List<String> groupBy = new ArrayList<>();
        JsonNode groupings = criteria.path("groupings").path("group_by");
        if (!groupings.isMissingNode() && !groupings.isNull()) {
            if (!groupings.isArray()) throw MatrixException.badJson("groupings.group_by must be an array");
            for (JsonNode g : groupings) {
                String key = g.path("key").asText("");
                if (!key.equals("room_id") && !key.equals("sender")) {
                    throw MatrixException.badJson("group_by keys must be room_id or sender");
                }
                if (!groupBy.contains(key)) groupBy.add(key);
            }
        }
        return new SearchRequest(term.asText(), Set.copyOf(keys), filter, order, Math.min(filter.limit(DEFAULT_LIMIT), maxLimit),
                context, bool(criteria, "include_state"), List.copyOf(groupBy));
    }

    private static String text(JsonNode n, String field, String dflt) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) return dflt;
        if (!v.isTextual()) throw MatrixException.badJson(field + " must be a string");
        return v.asText();
    }

    private static int count(JsonNode n, String field, int dflt) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) return dflt;
        if (!v.isIntegralNumber() || v.asLong() < 0) throw MatrixException.badJson(field + " must be a non-negative integer");
        return (int) Math.min(v.asLong(), Integer.MAX_VALUE);
    }

    private static boolean bool(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) return false;
        if (!v.isBoolean()) throw MatrixException.badJson(field + " must be a boolean");
        return v.asBoolean();
    }
}
