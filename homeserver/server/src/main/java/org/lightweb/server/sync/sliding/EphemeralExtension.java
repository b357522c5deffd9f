package org.lightweb.server.sync.sliding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.lightweb.core.Json;
import org.lightweb.server.sync.SyncContributor;

/**
 * The receipts (MSC3960) and typing (MSC3961) extensions: {@code rooms: {room ID: event}} with the room's
 * m.receipt or m.typing event, as the stream's /sync contributor puts it in the room's {@code ephemeral} events:
 * everything current for rooms sent {@code initial}, what changed since the pos for the others.
 */
public final class EphemeralExtension implements Extension {
    private final String name;
    private final String eventType;
    private final SyncContributor source;

    private EphemeralExtension(String name, String eventType, SyncContributor source) {
        this.name = name;
        this.eventType = eventType;
        this.source = source;
    }

    /** Receipts, read from the contributor that puts m.receipt in /sync's rooms (ReceiptSync). */
    public static EphemeralExtension receipts(SyncContributor source) {
        return new EphemeralExtension("receipts", "m.receipt", source);
    }

    /** Typing, read from the contributor that puts m.typing in /sync's rooms (TypingService). */
    public static EphemeralExtension typing(SyncContributor source) {
        return new EphemeralExtension("typing", "m.typing", source);
    }

    @Override
    public String name() { return name; }

    @Override
    public Future<ObjectNode> answer(ExtensionContext ctx, JsonNode config) {
        Set<String> rooms = ctx.roomsFor(config);
        Set<String> fresh = new HashSet<>(rooms);
        if (ctx.since() != null) fresh.retainAll(ctx.initialRooms());
        Set<String> known = new HashSet<>(rooms);
        known.removeAll(fresh);
        Future<Map<String, ObjectNode>> all = ContributorRuns.rooms(source, ctx.syncContext(null), fresh);
        Future<Map<String, ObjectNode>> changed = known.isEmpty() ? Future.succeededFuture(Map.of())
                : ContributorRuns.rooms(source, ctx.syncContext(ctx.since()), known);
        return Future.all(all, changed).map(ok -> {
            ObjectNode out = Json.object();
            ObjectNode byRoom = out.putObject("rooms");
            pick(byRoom, all.result());
            pick(byRoom, changed.result());
            return out;
        });
    }

    private void pick(ObjectNode byRoom, Map<String, ObjectNode> sections) {
        sections.forEach((roomId, section) -> {
            for (JsonNode e : section.path("ephemeral").path("events")) {
                if (eventType.equals(e.path("type").asText())) byRoom.set(roomId, e);
            }
        });
    }

    @Override
    public boolean hasNews(ObjectNode answer) {
        return !answer.path("rooms").isEmpty();
    }
}
