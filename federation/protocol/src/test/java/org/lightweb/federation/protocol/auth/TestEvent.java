package org.lightweb.federation.protocol.auth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.lightweb.federation.protocol.CanonicalJson;
import org.lightweb.federation.protocol.JsonSigning;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.StateKey;

/** Builds one signed PDU for a {@link TestRoom}; the defaults give a well-formed event that the room would send. */
final class TestEvent {
    private final TestRoom room;
    private final ObjectNode json = TestRoom.JSON.objectNode();
    private List<String> authEvents;
    private List<String> prevEvents;
    private final List<String> alsoSignedBy = new ArrayList<>();
    private final List<Consumer<ObjectNode>> tweaks = new ArrayList<>();

    TestEvent(TestRoom room, String sender, String type, String stateKey) {
        this.room = room;
        json.put("type", type);
        json.put("sender", sender);
        if (stateKey != null) json.put("state_key", stateKey);
        json.putObject("content");
    }

    TestEvent content(String contentJson) { return content((ObjectNode) CanonicalJson.parse(contentJson)); }

    TestEvent content(ObjectNode content) {
        json.set("content", content.deepCopy());
        return this;
    }

    /** Replaces the auth events the selection would pick. */
    TestEvent authEvents(Pdu... events) {
        authEvents = new ArrayList<>();
        for (Pdu e : events) authEvents.add(e.eventId());
        return this;
    }

    TestEvent prevEvents(String... ids) {
        prevEvents = List.of(ids);
        return this;
    }

    /** Adds a signature by {@code server} besides the sender's server's. */
    TestEvent alsoSignedBy(String server) {
        alsoSignedBy.add(server);
        return this;
    }

    /** Changes the JSON just before it is hashed and signed. */
    TestEvent tweak(Consumer<ObjectNode> change) {
        tweaks.add(change);
        return this;
    }

    Pdu build() {
        ObjectNode e = json.deepCopy();
        e.put("room_id", room.roomId() == null ? "" : room.roomId());
        e.put("origin_server_ts", 1_700_000_000_000L + room.nextDepth());
        e.put("depth", room.nextDepth());
        ArrayNode prev = e.putArray("prev_events");
        (prevEvents != null ? prevEvents : List.of(room.lastEventId())).forEach(prev::add);
        ArrayNode auth = e.putArray("auth_events");
        (authEvents != null ? authEvents : selected(e)).forEach(auth::add);
        tweaks.forEach(t -> t.accept(e));
        String senderServer = Creators.domainOf(e.path("sender").asText());
        JsonSigning.hashAndSignEvent(e, room.version(), senderServer, room.keyOf(senderServer));
        for (String server : alsoSignedBy) JsonSigning.hashAndSignEvent(e, room.version(), server, room.keyOf(server));
        return room.remember(Pdu.of(e, room.version()));
    }

    private List<String> selected(ObjectNode e) {
        List<String> ids = new ArrayList<>();
        String stateKey = e.has("state_key") ? e.get("state_key").asText() : null;
        for (StateKey k : AuthEventsSelection.select(e.path("type").asText(), stateKey, e.path("sender").asText(),
                e.path("content"), room.version())) {
            room.stateOf(k).ifPresent(p -> ids.add(p.eventId()));
        }
        return ids;
    }
}
