package org.lightweb.server.sync.sliding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lightweb.core.Json;
import org.lightweb.server.sync.SyncContributor;

/**
 * The account_data extension (MSC3959): {@code global}, the user's global account data, and {@code rooms}, each
 * covered room's, as /sync serves them (m.push_rules included, built fresh). Everything on a connection's first
 * request and for rooms sent {@code initial}; otherwise what changed since the pos.
 */
public final class AccountDataExtension implements Extension {
    private final SyncContributor perRoom;
    private final List<SyncContributor> global;

    /**
     * @param perRoom the contributor of rooms' account data (AccountData)
     * @param global  the contributors of the global section, in /sync's order (AccountData, PushRulesSync)
     */
    public AccountDataExtension(SyncContributor perRoom, List<SyncContributor> global) {
        this.perRoom = perRoom;
        this.global = List.copyOf(global);
    }

    @Override
    public String name() { return "account_data"; }

    @Override
    public Future<ObjectNode> answer(ExtensionContext ctx, JsonNode config) {
        Set<String> rooms = ctx.roomsFor(config);
        Set<String> fresh = new HashSet<>(rooms);
        if (ctx.since() != null) fresh.retainAll(ctx.initialRooms());
        Set<String> known = new HashSet<>(rooms);
        known.removeAll(fresh);
        Future<ObjectNode> top = ContributorRuns.top(global, ctx.syncContext(ctx.since()));
        Future<Map<String, ObjectNode>> all = ContributorRuns.rooms(perRoom, ctx.syncContext(null), fresh);
        Future<Map<String, ObjectNode>> changed = ctx.since() == null ? Future.succeededFuture(Map.of())
                : ContributorRuns.rooms(perRoom, ctx.syncContext(ctx.since()), known);
        return Future.all(top, all, changed).map(ok -> {
            ObjectNode out = Json.object();
            JsonNode events = top.result().path("account_data").path("events");
            out.set("global", events.isArray() ? events : Json.MAPPER.createArrayNode());
            ObjectNode byRoom = out.putObject("rooms");
            addRooms(byRoom, all.result());
            addRooms(byRoom, changed.result());
            return out;
        });
    }

    private static void addRooms(ObjectNode byRoom, Map<String, ObjectNode> sections) {
        sections.forEach((roomId, section) -> {
            JsonNode events = section.path("account_data").path("events");
            if (events.isArray() && !events.isEmpty()) byRoom.set(roomId, (ArrayNode) events);
        });
    }

    @Override
    public boolean hasNews(ObjectNode answer) {
        return !answer.path("global").isEmpty() || !answer.path("rooms").isEmpty();
    }
}
