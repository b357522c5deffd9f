package org.lightweb.server.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import org.lightweb.core.MatrixException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.lightweb.core.Clock;
import org.lightweb.core.ServerName;
import org.lightweb.core.Json;
import org.lightweb.federation.protocol.Redaction;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.server.http.Requester;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.StoredEvent;

/**
 * Stored events in the client-server API's ClientEvent format: content redacted when a redaction applies (with
 * {@code unsigned.redacted_because}), {@code unsigned.prev_content} for state, {@code unsigned.transaction_id}
 * for the device that sent it, {@code unsigned.age}, and the bundled aggregations ({@code unsigned.m.relations})
 * its {@link Bundler} adds. Loads what it needs for a whole batch at once.
 */
public final class ClientEvents {
    private final EventRepository events;
    private final RoomVersions versions;
    private final ServerName serverName;
    private final Clock clock;
    private final Bundler bundler;

    /**
     * Adds bundled aggregations to a formatted batch ({@code formatted.get(i)} is {@code batch.get(i)}), in one go
     * for the whole batch. Gets the formatter to format the related events it bundles.
     */
    public interface Bundler {
        Bundler NONE = (batch, formatted, viewer, format) -> Future.succeededFuture();

        Future<Void> bundle(List<StoredEvent> batch, List<ObjectNode> formatted, Requester viewer, ClientEvents format);
    }

    public ClientEvents(EventRepository events, RoomVersions versions, ServerName serverName, Clock clock) {
        this(events, versions, serverName, clock, Bundler.NONE);
    }

    public ClientEvents(EventRepository events, RoomVersions versions, ServerName serverName, Clock clock, Bundler bundler) {
        this.events = events;
        this.versions = versions;
        this.serverName = serverName;
        this.clock = clock;
        this.bundler = bundler;
    }

    /** Formats {@code batch} in order for {@code viewer} (null for no viewer-specific fields). */
    public Future<List<ObjectNode>> format(List<StoredEvent> batch, Requester viewer) {
        Set<String> ids = new HashSet<>();
        batch.forEach(e -> ids.add(e.eventId()));
        Future<Map<String, String>> redactions = events.redactionsOf(ids);
        boolean viewerSent = viewer != null && batch.stream().anyMatch(e -> e.sender().equals(viewer.userId().toString()));
        Future<Map<String, String>> txns = !viewerSent ? Future.succeededFuture(Map.of())
                : events.txnIdsOf(viewer.userId().toString(), viewer.txnDevice(), ids);
        Map<String, RoomVersion> roomVersions = new java.util.HashMap<>();
        Future<Void> loaded = Future.succeededFuture();
        for (String roomId : batch.stream().map(StoredEvent::roomId).distinct().toList()) {
            // A room not known here (an out-of-band membership of a room on another server): its version only
            // decides redaction details, so the default does.
            loaded = loaded.compose(v -> versions.of(roomId).recover(e -> e instanceof MatrixException m && m.status() == 404
                    ? Future.succeededFuture(RoomVersion.DEFAULT) : Future.failedFuture(e)).map(rv -> {
                roomVersions.put(roomId, rv);
                return null;
            }));
        }
        return Future.all(redactions, txns, loaded).compose(ok -> {
            Set<String> related = new HashSet<>(redactions.result().values());
            batch.stream().map(StoredEvent::replacesState).filter(Objects::nonNull).forEach(related::add);
            return events.events(related).map(relatedEvents -> {
                List<ObjectNode> out = new ArrayList<>(batch.size());
                for (StoredEvent e : batch) {
                    String redactionId = redactions.result().get(e.eventId());
                    StoredEvent redaction = redactionId == null ? null : relatedEvents.get(redactionId);
                    if (redaction != null && !appliesTo(redaction, e)) redaction = null;
                    StoredEvent previous = e.replacesState() == null ? null : relatedEvents.get(e.replacesState());
                    out.add(format(e, roomVersions.get(e.roomId()), redaction, previous, txns.result().get(e.eventId())));
                }
                return out;
            }).compose(out -> bundler.bundle(batch, out, viewer, this).map(v -> out));
        });
    }

    public Future<ObjectNode> format(StoredEvent e, Requester viewer) {
        return format(List.of(e), viewer).map(list -> list.get(0));
    }

    /**
     * "Handling redactions": a redaction applies when it comes from the redacted event's own server, or from
     * this server, which checked the sender's power to redact before sending it.
     */
    private boolean appliesTo(StoredEvent redaction, StoredEvent target) {
        if (redaction.rejectedReason() != null || !redaction.roomId().equals(target.roomId())) return false;
        String redactor = serverOf(redaction.sender());
        return redactor.equals(serverOf(target.sender())) || redactor.equals(serverName.value());
    }

    private static String serverOf(String userId) {
        return userId.substring(userId.indexOf(':') + 1);
    }

    /**
     * The parsed PDUs of recently served events, shared by every response that carries them (a message fanned
     * out to a hundred syncs is parsed once). Read-only: whatever is built from them copies or wraps, never
     * changes them.
     */
    private final com.github.benmanes.caffeine.cache.Cache<String, ObjectNode> parsed =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(PARSED_EVENTS).build();
    static final int PARSED_EVENTS = 10_000;

    private ObjectNode pdu(StoredEvent e) {
        return parsed.get(e.eventId(), id -> (ObjectNode) Json.parse(e.json()));
    }

    ObjectNode format(StoredEvent e, RoomVersion version, StoredEvent redaction, StoredEvent previous, String txnId) {
        ObjectNode pdu = pdu(e);
        ObjectNode out = Json.object();
        JsonNode content = redaction == null ? pdu.path("content") : Redaction.redact(pdu, version).path("content");
        out.set("content", content.isObject() ? content : Json.object());
        out.put("event_id", e.eventId());
        out.put("origin_server_ts", e.originServerTs());
        out.put("room_id", e.roomId());
        out.put("sender", e.sender());
        if (e.stateKey() != null) out.put("state_key", e.stateKey());
        out.put("type", e.type());
        if (!version.redactsInContent() && pdu.has("redacts") && redaction == null) out.set("redacts", pdu.get("redacts"));
        if (version.redactsInContent() && e.type().equals("m.room.redaction") && content.has("redacts")) {
            out.set("redacts", content.get("redacts"));   // clients of older versions read it at the top level
        }
        ObjectNode unsigned = out.putObject("unsigned");
        unsigned.put("age", Math.max(0, clock.millis() - e.originServerTs()));
        if (txnId != null) unsigned.put("transaction_id", txnId);
        if (previous != null) {
            unsigned.set("prev_content", pdu(previous).path("content"));
            unsigned.put("replaces_state", previous.eventId());
            unsigned.put("prev_sender", previous.sender());
        }
        if (redaction != null) unsigned.set("redacted_because", format(redaction, version, null, null, null));
        return out;
    }
}
