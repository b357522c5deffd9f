package org.lightweb.server.federation;

import io.vertx.core.Future;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.lightweb.core.Clock;
import org.lightweb.storage.federation.FederationAdminRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Servers an admin blocked: the outbound client refuses to reach them (so nothing is sent: transactions, joins,
 * queries, media) and inbound requests they sign are refused with 403 M_FORBIDDEN once their origin is verified.
 * Held in memory (read on every federation request), written through to {@code blocked_servers}.
 */
public final class ServerBlocks {
    private static final Logger log = LoggerFactory.getLogger(ServerBlocks.class);

    private final FederationAdminRepository repo;
    private final Clock clock;
    private final Map<String, Long> blocked = new ConcurrentHashMap<>();

    public ServerBlocks(FederationAdminRepository repo, Clock clock) {
        this.repo = repo;
        this.clock = clock;
    }

    public Future<Void> start() {
        return repo.blockedServers().map(all -> {
            blocked.putAll(all);
            if (!all.isEmpty()) log.info("blocked servers [count: {}]", all.size());
            return null;
        });
    }

    public boolean isBlocked(String server) { return server != null && blocked.containsKey(server); }

    public Set<String> all() { return Set.copyOf(blocked.keySet()); }

    /** The other processes of a clustered node (see {@link #share}). */
    private volatile java.util.function.BiConsumer<String, Boolean> others = (server, isBlocked) -> {};
    private static final String BUS_ADDRESS = "lightweb.server_blocks";

    /** In a clustered node: an admin's block or unblock through one process holds in every process at once. */
    public void share(org.lightweb.server.cluster.ClusterBus bus) {
        others = (server, isBlocked) -> bus.tell(BUS_ADDRESS, new io.vertx.core.json.JsonObject()
                .put("server", server).put("blocked", isBlocked));
        bus.listen(BUS_ADDRESS, m -> {
            if (m.getBoolean("blocked", false)) blocked.put(m.getString("server"), clock.millis());
            else blocked.remove(m.getString("server"));
        });
    }

    public Future<Boolean> block(String server, String by) {
        long now = clock.millis();
        blocked.put(server, now);
        others.accept(server, true);
        return repo.block(server, by, now).onSuccess(added -> log.info("server blocked [server: {}, by: {}]", server, by));
    }

    public Future<Boolean> unblock(String server) {
        blocked.remove(server);
        others.accept(server, false);
        return repo.unblock(server).onSuccess(removed -> log.info("server unblocked [server: {}]", server));
    }
}
