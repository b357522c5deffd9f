package org.lightweb.server.federation.send;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import java.util.List;
import org.lightweb.core.Json;
import org.lightweb.server.federation.events.ServerAcl;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.StateKeyId;

/**
 * Server ACLs ({@code m.room.server_acl}) for room-scoped EDUs (typing, receipts): a server the room's current
 * ACL denies may not speak in it, as Synapse checks, with the same matching as for PDUs ({@link ServerAcl}).
 */
public interface RoomAcls {
    Future<Boolean> allows(String roomId, String server);

    RoomAcls ALLOW_ALL = (roomId, server) -> Future.succeededFuture(true);

    /** Reads the room's current m.room.server_acl. */
    static RoomAcls fromState(EventRepository events) {
        StateKeyId acl = new StateKeyId("m.room.server_acl", "");
        return (roomId, server) -> events.currentStateEvents(roomId, List.of(acl)).map(found -> {
            var e = found.get(acl);
            return e == null || permits(Json.parse(e.json()).path("content"), server);
        });
    }

    /** Whether {@code server} is allowed by the ACL's content; none (null or not an object) allows everyone. */
    static boolean permits(JsonNode content, String server) {
        return ServerAcl.allows(content, server);
    }
}
