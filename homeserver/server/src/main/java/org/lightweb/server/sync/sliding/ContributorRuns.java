package org.lightweb.server.sync.sliding;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lightweb.core.Json;
import org.lightweb.server.sync.SyncContext;
import org.lightweb.server.sync.SyncContributor;

/**
 * Runs /sync contributors into scratch sections, so sliding sync extensions read every stream exactly as /sync
 * serves it (same rules, same per-sync loads) and pick out their part. A contributor is the one interface a
 * stream needs to serve both.
 */
final class ContributorRuns {
    private ContributorRuns() {}

    /** The top-level sections the contributors add, in order, to one scratch response. */
    static Future<ObjectNode> top(List<SyncContributor> contributors, SyncContext ctx) {
        ObjectNode scratch = Json.object();
        Future<Void> done = Future.succeededFuture();
        for (SyncContributor c : contributors) done = done.compose(v -> c.contribute(ctx, scratch));
        return done.map(scratch);
    }

    /**
     * Each room's section as the contributor fills it, by room. Its top-level part runs last, into a discarded
     * response, as it does in /sync, so per-sync loads are released; so this is not for contributors whose
     * top-level part has effects (to-device acknowledgements).
     */
    static Future<Map<String, ObjectNode>> rooms(SyncContributor c, SyncContext ctx, Collection<String> roomIds) {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        List<Future<Void>> each = new ArrayList<>();
        for (String roomId : roomIds) {
            ObjectNode section = Json.object();
            out.put(roomId, section);
            each.add(c.contributeRoom(ctx, roomId, section));
        }
        return Future.all(each).compose(ok -> c.contribute(ctx, Json.object())).map(out);
    }
}
