package org.lightweb.server.sync.presence;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import org.lightweb.core.Json;
import org.lightweb.server.sync.SyncContext;
import org.lightweb.server.sync.SyncContributor;
import org.lightweb.server.sync.SyncToken.Stream;
import org.lightweb.storage.sync.PresenceRepository;

/**
 * Sync's top-level {@code presence.events}: the m.presence of the user and of everyone sharing a joined room
 * with them, for those whose presence changed since the token (everyone's on an initial sync). The content is
 * the freshest state (memory), so last_active_ago is up to date.
 */
public final class PresenceSync implements SyncContributor {
    @Override
    public java.util.Set<org.lightweb.server.sync.SyncToken.Stream> streams() {
        return java.util.EnumSet.of(org.lightweb.server.sync.SyncToken.Stream.PRESENCE);
    }

    private final PresenceService presence;
    private final PresenceRepository repo;

    public PresenceSync(PresenceService presence, PresenceRepository repo) {
        this.presence = presence;
        this.repo = repo;
    }

    @Override
    public Future<Void> contribute(SyncContext ctx, ObjectNode response) {
        ArrayNode events = response.putObject("presence").putArray("events");
        if (!presence.enabled()) return Future.succeededFuture();
        long since = ctx.fullState() ? 0 : ctx.since(Stream.PRESENCE);
        return repo.changedFor(ctx.userId(), since, ctx.upTo().presence()).map(rows -> {
            long now = presence.now();
            for (PresenceRepository.Row row : rows) {
                if (!ctx.filter().presence().matches("m.presence", row.userId())) continue;
                PresenceState state = presence.freshest(row);
                ObjectNode event = events.addObject().put("type", "m.presence").put("sender", row.userId());
                event.set("content", PresenceRules.content(state, now));
            }
            return null;
        });
    }
}
