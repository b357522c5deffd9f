package org.lightweb.plugin.backup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lightweb.plugin.PluginContext;
import org.lightweb.plugin.RoomEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's {@code partners}, plus the servers this node has a backup agreement with in the match-making
 * service's exchange rooms (appservices/matchmaker, README "The protocol"): the rooms its bot
 * ({@code matchmaker_bot}) is joined to, where a proposal naming this server and another has an {@code accept}
 * decision from each, sent by a user of that server, and no {@code decline} or {@code end}. Re-read at most every
 * {@code replication_interval}; an agreement ended stops new pushes to that partner and its replica routes.
 */
final class AgreedPartners implements Partners {
    private static final Logger log = LoggerFactory.getLogger(AgreedPartners.class);
    static final String PROPOSAL = "org.lightweb.backup.proposal";
    static final String DECISION = "org.lightweb.backup.decision";

    private final PluginContext ctx;
    private final FileBackupSettings settings;
    private volatile List<String> cached; // null until first read
    private volatile long readAt;

    AgreedPartners(PluginContext ctx, FileBackupSettings settings) {
        this.ctx = ctx;
        this.settings = settings;
    }

    @Override
    public List<String> servers() {
        long now = ctx.clock().millis();
        if (cached == null || now - readAt >= settings.replicationInterval().toMillis()) {
            synchronized (this) {
                if (cached == null || now - readAt >= settings.replicationInterval().toMillis()) {
                    Set<String> all = new LinkedHashSet<>(settings.partners());
                    try {
                        all.addAll(agreed());
                    } catch (RuntimeException e) {
                        log.warn("could not read the backup agreements (configured partners only this time): {}", e.toString());
                    }
                    all.remove(ctx.serverName());
                    cached = List.copyOf(all);
                    readAt = now;
                }
            }
        }
        return cached;
    }

    /** The other server of every agreement of this node, sorted. */
    List<String> agreed() {
        String me = ctx.serverName();
        String bot = "@" + settings.matchmakerBot() + ":" + me;
        Set<String> out = new java.util.TreeSet<>();
        for (String room : ctx.rooms().joinedRooms(bot)) {
            Map<String, List<String>> proposals = new HashMap<>();
            Map<String, String> decisions = new HashMap<>();
            for (RoomEvent e : ctx.rooms().state(room)) {
                if (e.type().equals(PROPOSAL) && e.content().get("servers") instanceof List<?> s && s.size() == 2
                        && s.get(0) instanceof String a && s.get(1) instanceof String b && !a.equals(b)
                        && (a.equals(serverOf(e.sender())) || b.equals(serverOf(e.sender())))) {
                    proposals.put(e.stateKey(), List.of(a, b));
                } else if (e.type().equals(DECISION) && e.content().get("decision") instanceof String d) {
                    int slash = e.stateKey().indexOf('/');
                    if (slash > 0 && e.stateKey().substring(slash + 1).equals(serverOf(e.sender()))) decisions.put(e.stateKey(), d);
                }
            }
            for (var p : proposals.entrySet()) {
                List<String> servers = p.getValue();
                if (!servers.contains(me)) continue;
                List<String> said = new ArrayList<>();
                for (String s : servers) said.add(decisions.get(p.getKey() + "/" + s));
                if (said.stream().allMatch("accept"::equals)) out.add(servers.get(0).equals(me) ? servers.get(1) : servers.get(0));
            }
        }
        return List.copyOf(out);
    }

    static String serverOf(String userId) {
        int colon = userId == null ? -1 : userId.indexOf(':');
        return userId != null && userId.startsWith("@") && colon > 0 ? userId.substring(colon + 1) : null;
    }
}
