package org.lightweb.server.federation.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lightweb.core.ServerName;
import org.lightweb.core.UserId;
import org.lightweb.server.federation.client.FederationClient;
import org.lightweb.server.federation.membership.Paths;
import org.lightweb.server.rooms.hierarchy.RemoteHierarchy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rooms of a space that this server does not know: asked of the {@code via} servers of the m.space.child event,
 * one after the other ({@code /hierarchy/{roomId}}); a room no server shows is skipped, as Synapse skips it.
 */
public final class FederatedHierarchy implements RemoteHierarchy {
    private static final Logger log = LoggerFactory.getLogger(FederatedHierarchy.class);

    private final ServerName serverName;
    private final FederationClient client;

    public FederatedHierarchy(ServerName serverName, FederationClient client) {
        this.serverName = serverName;
        this.client = client;
    }

    @Override
    public Future<Optional<ObjectNode>> summary(UserId user, String roomId, List<String> via, boolean suggestedOnly) {
        List<String> servers = via.stream().filter(s -> !s.equals(serverName.value())).distinct().toList();
        return ask(servers, 0, roomId, suggestedOnly);
    }

    private Future<Optional<ObjectNode>> ask(List<String> servers, int i, String roomId, boolean suggestedOnly) {
        if (i >= servers.size()) return Future.succeededFuture(Optional.empty());
        String server = servers.get(i);
        return client.get(server, "/_matrix/federation/v1/hierarchy/" + Paths.segment(roomId),
                        Map.of("suggested_only", String.valueOf(suggestedOnly)))
                .map(answer -> answer.path("room").isObject() ? Optional.of((ObjectNode) answer.get("room")) : Optional.<ObjectNode>empty())
                .recover(err -> {
                    log.debug("hierarchy not available [room: {}, server: {}]: {}", roomId, server, err.getMessage());
                    return Future.succeededFuture(Optional.empty());
                })
                .compose(found -> found.isPresent() ? Future.succeededFuture(found) : ask(servers, i + 1, roomId, suggestedOnly));
    }
}
