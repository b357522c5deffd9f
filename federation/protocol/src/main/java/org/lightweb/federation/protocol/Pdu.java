package org.lightweb.federation.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A persistent data unit: an event as it travels between servers, for the supported room versions (event IDs
 * are reference hashes, so {@code event_id} is computed, never read from the JSON). A read-only view over its
 * JSON; the JSON must not be changed after construction.
 */
public final class Pdu {
    private final ObjectNode json;
    private final RoomVersion version;
    private final String eventId;

    private Pdu(ObjectNode json, RoomVersion version, String eventId) {
        this.json = json;
        this.version = version;
        this.eventId = eventId;
    }

    /** Wraps event JSON; the event ID is computed from its reference hash. */
    public static Pdu of(ObjectNode json, RoomVersion version) {
        return new Pdu(json, version, EventHashes.eventId(json, version));
    }

    /** Wraps event JSON whose event ID the caller computed already (e.g. read back from storage). */
    public static Pdu withKnownId(ObjectNode json, RoomVersion version, String eventId) {
        return new Pdu(json, version, eventId);
    }

    public String eventId() { return eventId; }

    public RoomVersion roomVersion() { return version; }

    /** The room ID; for a v12 create event, which has none, the room ID it defines. */
    public String roomId() {
        JsonNode r = json.get("room_id");
        if (r != null && r.isTextual()) return r.asText();
        if (isCreate() && version.roomIdIsCreateEventId()) return "!" + eventId.substring(1);
        return null;
    }

    public String type() { return text("type"); }

    public String sender() { return text("sender"); }

    public Optional<String> stateKey() {
        JsonNode s = json.get("state_key");
        return s != null && s.isTextual() ? Optional.of(s.asText()) : Optional.empty();
    }

    public boolean isState() { return stateKey().isPresent(); }

    public boolean isCreate() { return StateKey.CREATE.equals(type()) && "".equals(stateKey().orElse(null)); }

    public boolean isType(String type) { return type.equals(type()); }

    /** (type, state_key) of a state event. */
    public StateKey stateTuple() {
        return new StateKey(type(), stateKey().orElseThrow(() -> new IllegalStateException(eventId + " is not a state event")));
    }

    public JsonNode content() {
        JsonNode c = json.get("content");
        return c != null && c.isObject() ? c : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    }

    public List<String> prevEvents() { return ids("prev_events"); }

    public List<String> authEvents() { return ids("auth_events"); }

    public long depth() { return json.path("depth").asLong(0); }

    public long originServerTs() { return json.path("origin_server_ts").asLong(0); }

    /** The event a redaction redacts: in content from v11 on, at the top level before. */
    public Optional<String> redacts() {
        JsonNode r = version.redactsInContent() ? content().get("redacts") : json.get("redacts");
        if ((r == null || !r.isTextual()) && version.redactsInContent()) r = json.get("redacts");
        return r != null && r.isTextual() ? Optional.of(r.asText()) : Optional.empty();
    }

    /** {@code content.membership} of a member event. */
    public String membership() { return content().path("membership").asText(null); }

    public ObjectNode json() { return json; }

    private String text(String field) {
        JsonNode n = json.get(field);
        return n != null && n.isTextual() ? n.asText() : null;
    }

    private List<String> ids(String field) {
        JsonNode arr = json.get(field);
        List<String> out = new ArrayList<>();
        if (arr == null || !arr.isArray()) return out;
        for (JsonNode n : arr) if (n.isTextual()) out.add(n.asText());
        return out;
    }

    @Override
    public String toString() { return eventId + " " + type() + stateKey().map(k -> " [" + k + "]").orElse(""); }

    @Override
    public boolean equals(Object o) { return o instanceof Pdu p && p.eventId.equals(eventId); }

    @Override
    public int hashCode() { return eventId.hashCode(); }
}
