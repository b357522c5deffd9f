package org.lightweb.server.sync.sliding;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lightweb.core.MatrixException;

/**
 * A sliding sync request body (MSC4186 "Request Body"), parsed once; any bad shape is 400 M_BAD_JSON. Besides
 * the field names Synapse reads ({@code ranges}, {@code is_invite}) the MSC's later ones ({@code range},
 * {@code is_invited}) are accepted too.
 */
public record SlidingRequest(String connId, Map<String, ListConfig> lists, Map<String, RoomConfig> subscriptions,
                             Map<String, JsonNode> extensions) {
    /** What the request may ask for at most (section sliding_sync of the configuration). */
    public record Limits(int maxLists, int maxRanges, int maxRoomSubscriptions, int maxTimelineLimit) {}

    /** A room config: how much timeline and which state (MSC4186 "Combining room configs" for {@link #union}). */
    public record RoomConfig(int timelineLimit, RequiredState requiredState) {
        public RoomConfig union(RoomConfig other) {
            if (other == null) return this;
            return new RoomConfig(Math.max(timelineLimit, other.timelineLimit), requiredState.union(other.requiredState));
        }
    }

    /** Inclusive, 0-based indexes into a list's filtered rooms. */
    public record Range(int start, int end) {}

    /** A list: its ranges (null: every room that passes the filters), room config and filters. */
    public record ListConfig(List<Range> ranges, RoomConfig room, ListFilters filters) {
        public boolean inRange(int index) {
            if (ranges == null) return true;
            for (Range r : ranges) if (index >= r.start() && index <= r.end()) return true;
            return false;
        }
    }

    public static SlidingRequest parse(JsonNode body, String queryConnId, Limits limits) {
        String connId = queryConnId != null ? queryConnId : optText(body, "conn_id");
        if (connId != null && connId.length() > 64) throw MatrixException.badJson("conn_id is too long");
        Map<String, ListConfig> lists = new LinkedHashMap<>();
        JsonNode l = object(body, "lists");
        if (l.size() > limits.maxLists()) throw MatrixException.badJson("At most " + limits.maxLists() + " lists");
        for (Iterator<Map.Entry<String, JsonNode>> it = l.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().isEmpty() || e.getKey().length() > 64) throw MatrixException.badJson("List names are 1 to 64 characters");
            lists.put(e.getKey(), list(e.getValue(), limits));
        }
        Map<String, RoomConfig> subs = new LinkedHashMap<>();
        JsonNode s = object(body, "room_subscriptions");
        if (s.size() > limits.maxRoomSubscriptions()) {
            throw MatrixException.badJson("At most " + limits.maxRoomSubscriptions() + " room subscriptions");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().startsWith("!") || !e.getKey().contains(":")) {
                throw MatrixException.badJson("room_subscriptions keys must be room IDs: " + e.getKey());
            }
            subs.put(e.getKey(), roomConfig(objectValue(e.getValue(), "room subscription"), limits));
        }
        Map<String, JsonNode> extensions = new LinkedHashMap<>();
        object(body, "extensions").fields().forEachRemaining(e -> extensions.put(e.getKey(), objectValue(e.getValue(), "extension")));
        return new SlidingRequest(connId == null ? "" : connId, lists, subs, extensions);
    }

    private static ListConfig list(JsonNode n, Limits limits) {
        objectValue(n, "list");
        List<Range> ranges = null;
        JsonNode many = n.get("ranges");
        JsonNode one = n.get("range");
        if (many != null && !many.isNull()) {
            if (!many.isArray()) throw MatrixException.badJson("ranges must be a list of [start, end] pairs");
            if (many.size() > limits.maxRanges()) throw MatrixException.badJson("At most " + limits.maxRanges() + " ranges");
            ranges = new ArrayList<>();
            for (JsonNode r : many) ranges.add(range(r));
        } else if (one != null && !one.isNull()) {
            ranges = List.of(range(one));
        }
        return new ListConfig(ranges == null ? null : List.copyOf(ranges), roomConfig(n, limits), ListFilters.parse(n.get("filters")));
    }

    private static Range range(JsonNode r) {
        if (!r.isArray() || r.size() != 2 || !r.get(0).canConvertToInt() || !r.get(1).canConvertToInt()
                || !r.get(0).isIntegralNumber() || !r.get(1).isIntegralNumber()) {
            throw MatrixException.badJson("A range is [start, end], two integers");
        }
        int start = r.get(0).asInt();
        int end = r.get(1).asInt();
        if (start < 0 || end < start) throw MatrixException.badJson("A range needs 0 <= start <= end");
        return new Range(start, end);
    }

    private static RoomConfig roomConfig(JsonNode n, Limits limits) {
        JsonNode limit = n.get("timeline_limit");
        if (limit == null || !limit.isIntegralNumber() || limit.asLong() < 0) {
            throw MatrixException.badJson("timeline_limit must be a non-negative integer");
        }
        if (!n.has("required_state")) throw MatrixException.badJson("required_state is required");
        int capped = (int) Math.min(limit.asLong(), limits.maxTimelineLimit());
        return new RoomConfig(capped, RequiredState.parse(n.get("required_state")));
    }

    private static JsonNode object(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) return org.lightweb.core.Json.object();
        return objectValue(n, field);
    }

    private static JsonNode objectValue(JsonNode n, String what) {
        if (n == null || !n.isObject()) throw MatrixException.badJson(what + " must be a JSON object");
        return n;
    }

    static String optText(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isTextual()) throw MatrixException.badJson(field + " must be a string");
        return n.asText();
    }
}
