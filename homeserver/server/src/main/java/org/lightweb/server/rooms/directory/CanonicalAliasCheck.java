package org.lightweb.server.rooms.directory;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import java.util.List;
import org.lightweb.core.ErrCode;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.server.rooms.Aliases;
import org.lightweb.server.rooms.CanonicalAliases;
import org.lightweb.server.rooms.EventDraft;
import org.lightweb.server.rooms.RoomEvents;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.StateKeyId;

/**
 * setRoomStateWithKey for m.room.canonical_alias: every alias the event adds must be a valid alias
 * (400 M_INVALID_PARAM), and every local one must exist and point at this room (400 M_BAD_ALIAS). Aliases the
 * replaced event already listed are not checked again (spec). Other servers' aliases are accepted unchecked: checking
 * them needs a federation directory query, which this node does not make yet.
 */
public final class CanonicalAliasCheck implements RoomEvents.Check {
    private static final StateKeyId KEY = new StateKeyId(CanonicalAliases.TYPE, "");

    private final Aliases aliases;
    private final EventRepository events;

    public CanonicalAliasCheck(Aliases aliases, EventRepository events) {
        this.aliases = aliases;
        this.events = events;
    }

    @Override
    public Future<Void> check(String roomId, EventDraft draft) {
        if (!draft.type().equals(CanonicalAliases.TYPE) || !"".equals(draft.stateKey())) return Future.succeededFuture();
        return events.currentStateEvents(roomId, List.of(KEY)).compose(found -> {
            JsonNode previous = found.containsKey(KEY) ? Json.parse(found.get(KEY).json()).path("content") : null;
            Future<Void> all = Future.succeededFuture();
            for (String alias : CanonicalAliases.added(previous, draft.content())) {
                all = all.compose(ok -> pointsAt(alias, roomId));
            }
            return all;
        });
    }

    private Future<Void> pointsAt(String raw, String roomId) {
        String alias = Aliases.parse(raw);
        if (!aliases.isLocal(alias)) return Future.succeededFuture();
        return aliases.find(alias).compose(found -> found.isPresent() && found.get().roomId().equals(roomId)
                ? Future.<Void>succeededFuture()
                : Future.failedFuture(new MatrixException(400, ErrCode.M_BAD_ALIAS,
                        "The alias " + alias + " does not point to this room")));
    }
}
