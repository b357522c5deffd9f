package org.lightweb.server.sync.sliding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.List;
import org.lightweb.core.Json;
import org.lightweb.server.sync.SyncContributor;

/**
 * The e2ee extension (MSC3884): {@code device_lists} (changed, left) since the pos, and the device's
 * {@code device_one_time_keys_count} and {@code device_unused_fallback_key_types}, always sent (as Synapse does,
 * for clients that cannot tell "none" from "unchanged"). All of it comes from the contributors that serve the
 * same fields in /sync; a field none of them sets answers "nothing": no change, no keys.
 */
public final class E2eeExtension implements Extension {
    private final List<SyncContributor> sources;

    public E2eeExtension(List<SyncContributor> sources) {
        this.sources = List.copyOf(sources);
    }

    @Override
    public String name() { return "e2ee"; }

    @Override
    public Future<ObjectNode> answer(ExtensionContext ctx, JsonNode config) {
        return ContributorRuns.top(sources, ctx.syncContext(ctx.since())).map(scratch -> {
            ObjectNode out = Json.object();
            ObjectNode lists = out.putObject("device_lists");
            JsonNode found = scratch.path("device_lists");
            lists.set("changed", found.path("changed").isArray() ? found.get("changed") : Json.MAPPER.createArrayNode());
            lists.set("left", found.path("left").isArray() ? found.get("left") : Json.MAPPER.createArrayNode());
            JsonNode counts = scratch.get("device_one_time_keys_count");
            out.set("device_one_time_keys_count", counts != null && counts.isObject() ? counts
                    : Json.object().put("signed_curve25519", 0));
            JsonNode fallback = scratch.get("device_unused_fallback_key_types");
            out.set("device_unused_fallback_key_types", fallback != null && fallback.isArray() ? fallback
                    : Json.MAPPER.createArrayNode());
            return out;
        });
    }

    @Override
    public boolean hasNews(ObjectNode answer) {
        JsonNode lists = answer.path("device_lists");
        return !lists.path("changed").isEmpty() || !lists.path("left").isEmpty();
    }
}
