package org.lightweb.server.rooms.hierarchy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import org.lightweb.core.UserId;

/**
 * Rooms of a space this server does not know: the seam for GET /_matrix/federation/v1/hierarchy/{roomId}, which
 * the federation issue fills. Until then such children are skipped, as Synapse skips rooms it cannot reach.
 */
public interface RemoteHierarchy {
    RemoteHierarchy NONE = (user, roomId, via, suggestedOnly) -> Future.succeededFuture(Optional.empty());

    /** The summary (room_summary plus children_state) of {@code roomId} asked of the {@code via} servers. */
    Future<Optional<ObjectNode>> summary(UserId user, String roomId, List<String> via, boolean suggestedOnly);
}
