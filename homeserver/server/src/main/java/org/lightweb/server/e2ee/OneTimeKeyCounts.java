package org.lightweb.server.e2ee;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.List;
import org.lightweb.core.Json;
import org.lightweb.server.sync.SyncContext;
import org.lightweb.server.sync.SyncContributor;

/**
 * Sync's {@code device_one_time_keys_count} and {@code device_unused_fallback_key_types} for the syncing device,
 * on every sync (no stream tracks them: claims by others change them). The fallback types are also sent under
 * MSC2732's unstable name, as Synapse does, for clients that still read it.
 */
public final class OneTimeKeyCounts implements SyncContributor {
    private final E2eKeys keys;

    public OneTimeKeyCounts(E2eKeys keys) {
        this.keys = keys;
    }

    @Override
    public boolean moved(SyncContext ctx) { return true; }

    @Override
    public Future<Void> contribute(SyncContext ctx, ObjectNode response) {
        String user = ctx.userId();
        String device = ctx.who().deviceId();
        return keys.syncCounts(user, device).map(counts -> {
            response.set("device_one_time_keys_count", counts.oneTimeKeyCounts().deepCopy());
            ArrayNode types = Json.MAPPER.createArrayNode();
            counts.unusedFallbackKeyTypes().forEach(types::add);
            response.set("device_unused_fallback_key_types", types);
            response.set("org.matrix.msc2732.device_unused_fallback_key_types", types.deepCopy());
            return null;
        });
    }
}
