package org.lightweb.server.sync.presence;

import static org.lightweb.server.sync.presence.PresenceState.OFFLINE;
import static org.lightweb.server.sync.presence.PresenceState.ONLINE;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.lightweb.core.Clock;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.core.UserId;
import org.lightweb.server.http.Requester;
import org.lightweb.server.rooms.RoomLinearizer;
import org.lightweb.server.sync.Notifier;
import org.lightweb.server.sync.StreamHeads;
import org.lightweb.server.sync.SyncObserver;
import org.lightweb.server.sync.SyncToken.Stream;
import org.lightweb.storage.rooms.Membership;
import org.lightweb.storage.rooms.RoomRepository;
import org.lightweb.storage.sync.PresenceRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presence (client-server API, Presence): the current state of users who are not offline is kept in memory,
 * changes worth telling (see {@link PresenceRules#shouldNotify}) are stored with a new stream position and wake
 * the syncs of everyone sharing a room with the user. Syncs report themselves through {@link SyncObserver}; a
 * periodic sweep applies the idle and offline timeouts.
 *
 * <p>In a clustered node ({@link #share}) every process tells the others each state it computes and, at every sweep
 * and whenever it changes, which users are syncing through it: each process then has the whole node's view, so a
 * user syncing through one process is not timed out by another, and what any process answers is the freshest
 * state. A process that stops telling (it died) is forgotten after three sweeps, and its users time out elsewhere.
 */
public final class PresenceService implements SyncObserver {
    private static final Logger log = LoggerFactory.getLogger(PresenceService.class);

    private final boolean enabled;
    private final PresenceRules rules;
    private final PresenceRepository repo;
    private final RoomRepository rooms;
    private final StreamHeads heads;
    private final Notifier notifier;
    private final Clock clock;
    private final Vertx vertx;
    private final Map<String, PresenceState> states = new HashMap<>();   // guarded by this
    private final Map<String, Integer> syncing = new HashMap<>();        // syncs in progress per user; guarded by this
    private final RoomLinearizer perUser = new RoomLinearizer();   // one key per user here, not per room
    private long sweeper = -1;
    private long sweepEveryMs = 5_000;
    private static final String STATES = "lightweb.presence";
    private static final String SYNCING = "lightweb.presence.syncing";
    private volatile org.lightweb.server.cluster.ClusterBus bus;   // null: a node of one process
    /** Who syncs through the other processes of a cluster, by process, with when it was told; guarded by this. */
    private final Map<String, Elsewhere> elsewhere = new HashMap<>();

    private record Elsewhere(java.util.Set<String> users, long toldAt) {}
    private final List<Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Told of every presence change that was stored (worth telling others): federation sends local users' on. */
    public interface Listener {
        void presenceChanged(PresenceState state);
    }

    public void addListener(Listener l) { listeners.add(l); }

    public PresenceService(boolean enabled, PresenceRules rules, PresenceRepository repo, RoomRepository rooms,
                           StreamHeads heads, Notifier notifier, Clock clock, Vertx vertx) {
        this.enabled = enabled;
        this.rules = rules;
        this.repo = repo;
        this.rooms = rooms;
        this.heads = heads;
        this.notifier = notifier;
        this.clock = clock;
        this.vertx = vertx;
    }

    public boolean enabled() { return enabled; }

    /** Loads whoever was not offline when the node stopped (they time out unless they sync) and starts the sweep. */
    public Future<Void> start() {
        if (!enabled) return Future.succeededFuture();
        return repo.notOffline().map(rows -> {
            long now = clock.millis();
            synchronized (this) {
                for (var row : rows) states.putIfAbsent(row.userId(), fromRow(row).withLastSync(now));
            }
            long every = Math.min(rules.idleAfterMs(), Math.min(rules.offlineAfterMs(), rules.activeWindowMs())) / 4;
            sweepEveryMs = Math.max(50, Math.min(every, 5_000));
            sweeper = vertx.setPeriodic(sweepEveryMs, id -> sweep());
            return null;
        });
    }

    public void close() {
        if (sweeper >= 0) vertx.cancelTimer(sweeper);
    }

    @Override
    public Future<Void> syncStarted(Requester who, String setPresence) {
        if (!enabled || OFFLINE.equals(setPresence)) return Future.succeededFuture();   // offline: leave it alone
        String user = who.userId().toString();
        boolean first;
        synchronized (this) {
            first = syncing.merge(user, 1, Integer::sum) == 1;
        }
        if (first) tellSyncing();
        String presence = setPresence == null ? ONLINE : setPresence;
        return change(user, prev -> rules.onSync(prev, presence, clock.millis())).recover(err -> {
            log.warn("could not update presence at sync [user: {}]", user, err);
            return Future.succeededFuture();
        });
    }

    @Override
    public void syncEnded(Requester who, String setPresence) {
        if (!enabled || OFFLINE.equals(setPresence)) return;
        String user = who.userId().toString();
        boolean last;
        synchronized (this) {
            last = syncing.computeIfPresent(user, (k, n) -> n > 1 ? n - 1 : null) == null;
        }
        if (last) tellSyncing();
        change(user, prev -> rules.onSyncEnd(prev, clock.millis()))
                .onFailure(err -> log.warn("could not update presence after sync [user: {}]", user, err));
    }

    /** PUT /presence/{userId}/status: only your own. */
    public Future<Void> setPresence(UserId who, UserId target, String presence, String statusMsg) {
        if (!who.equals(target)) return Future.failedFuture(MatrixException.forbidden("Can only set your own presence state"));
        if (!PresenceState.valid(presence)) {
            return Future.failedFuture(MatrixException.invalidParam("presence must be online, unavailable or offline"));
        }
        if (!enabled) return Future.succeededFuture();
        return change(who.toString(), prev -> rules.onSet(prev, presence, statusMsg, clock.millis()));
    }

    /** GET /presence/{userId}/status: your own, or of someone you share a room with (as Synapse). */
    public Future<ObjectNode> getPresence(UserId who, UserId target) {
        if (!enabled) return Future.succeededFuture(Json.object().put("presence", OFFLINE));
        Future<Boolean> allowed = who.equals(target) ? Future.succeededFuture(true)
                : rooms.shareRoom(who.toString(), target.toString());
        return allowed.compose(ok -> ok ? current(target.toString())
                        : Future.failedFuture(MatrixException.forbidden("You are not allowed to see their presence")))
                .map(s -> PresenceRules.content(s, clock.millis()));
    }

    /**
     * A remote user's presence, as their server told us (m.presence EDU): stored so that local syncs of users
     * sharing a room with them carry it. Their server times them out, not this one: memory forgets them.
     */
    public Future<Void> setRemote(String userId, String presence, String statusMsg, long lastActiveTs,
                                  boolean currentlyActive) {
        if (!enabled) return Future.succeededFuture();
        if (!PresenceState.valid(presence)) return Future.failedFuture(MatrixException.invalidParam("bad presence"));
        return perUser.run(userId, () -> {
            synchronized (this) {
                states.remove(userId);
            }
            return repo.put(new PresenceRepository.Row(userId, presence, statusMsg, lastActiveTs, currentlyActive, 0))
                    .compose(position -> {
                        heads.advance(Stream.PRESENCE, position);
                        return wake(userId);
                    });
        });
    }

    /** The user did something (sent an event, typed, sent a receipt): last active is now. Best effort. */
    public void active(String userId) {
        if (!enabled) return;
        change(userId, prev -> rules.onActive(prev, clock.millis()))
                .onFailure(err -> log.warn("could not record activity [user: {}]", userId, err));
    }

    /** The freshest state of a user whose stored row sync found: memory is newer than the row when it has one. */
    synchronized PresenceState freshest(PresenceRepository.Row row) {
        return states.getOrDefault(row.userId(), fromRow(row));
    }

    long now() { return clock.millis(); }

    private Future<PresenceState> current(String userId) {
        synchronized (this) {
            PresenceState s = states.get(userId);
            if (s != null) return Future.succeededFuture(s);
        }
        return repo.get(userId).map(row -> row.map(PresenceService::fromRow).orElse(PresenceState.unknown(userId)));
    }

    /**
     * Applies a change; stores it (in commit order: submitted under the lock) and wakes syncs when worth it.
     * Changes of one user run one at a time, in arrival order: a sync that starts after the user's last send
     * answers with the presence that send caused, not before it lands.
     */
    private Future<Void> change(String userId, UnaryOperator<PresenceState> how) {
        return perUser.run(userId, () -> apply(userId, how));
    }

    private Future<Void> apply(String userId, UnaryOperator<PresenceState> how) {
        return current(userId).compose(loaded -> {
            Future<Long> stored = null;
            PresenceState next;
            synchronized (this) {
                PresenceState prev = states.getOrDefault(userId, loaded);   // a change may have landed meanwhile
                next = how.apply(prev);
                states.put(userId, next);
                if (rules.shouldNotify(prev, next)) stored = repo.put(toRow(next));
            }
            tellState(next);
            if (stored == null) return Future.succeededFuture();
            return stored.compose(position -> {
                heads.advance(Stream.PRESENCE, position);
                for (Listener l : listeners) l.presenceChanged(next);
                return wake(userId);
            });
        });
    }

    /** Wakes the user and everyone sharing a room with them (the waiting syncs of those rooms' members). */
    private Future<Void> wake(String userId) {
        notifier.usersChanged(List.of(userId));
        return rooms.roomsOf(userId, "join").map(joined -> {
            joined.stream().map(Membership::roomId).forEach(notifier::roomChanged);
            return null;
        });
    }

    private void sweep() {
        long now = clock.millis();
        List<String> due = new ArrayList<>();
        tellSyncing();
        synchronized (this) {
            // A process that stopped telling who syncs through it (three sweeps) is gone: its users time out here.
            elsewhere.values().removeIf(e -> now - e.toldAt() > 3 * sweepEveryMs + 1_000);
            // Offline users nobody syncs as are stored already (going offline always is): memory forgets them.
            states.entrySet().removeIf(e -> OFFLINE.equals(e.getValue().presence()) && !syncingAnywhere(e.getKey()));
            for (var e : states.entrySet()) {
                if (!rules.onTimer(e.getValue(), syncingAnywhere(e.getKey()), now).equals(e.getValue())) due.add(e.getKey());
            }
        }
        for (String user : due) {
            change(user, prev -> rules.onTimer(prev, isSyncing(user), now))
                    .onFailure(err -> log.warn("could not time out presence [user: {}]", user, err));
        }
    }

    private synchronized boolean isSyncing(String user) { return syncingAnywhere(user); }

    /** Whether the user syncs through this process or, in a cluster, another; called holding this. */
    private boolean syncingAnywhere(String user) {
        if (syncing.containsKey(user)) return true;
        for (Elsewhere e : elsewhere.values()) if (e.users().contains(user)) return true;
        return false;
    }

    /**
     * Shares this process's presence with the other processes of a clustered node: the states it computes, and who
     * syncs through it; keeps theirs.
     */
    public void share(org.lightweb.server.cluster.ClusterBus bus) {
        bus.listen(STATES, m -> {
            PresenceState s = new PresenceState(m.getString("user"), m.getString("presence"), m.getString("status_msg"),
                    m.getLong("last_active_ts", 0L), m.getLong("last_sync_ts", 0L), m.getBoolean("currently_active", false));
            synchronized (this) {
                states.put(s.userId(), s);
            }
        });
        bus.listen(SYNCING, m -> {
            java.util.Set<String> users = new java.util.HashSet<>();
            m.getJsonArray("users").forEach(u -> users.add(String.valueOf(u)));
            synchronized (this) {
                elsewhere.put(m.getString("process"), new Elsewhere(users, clock.millis()));
            }
        });
        this.bus = bus;
    }

    private void tellState(PresenceState s) {
        var b = bus;
        if (b == null) return;
        b.tell(STATES, new io.vertx.core.json.JsonObject().put("user", s.userId()).put("presence", s.presence())
                .put("status_msg", s.statusMsg()).put("last_active_ts", s.lastActiveTs()).put("last_sync_ts", s.lastSyncTs())
                .put("currently_active", s.currentlyActive()));
    }

    private void tellSyncing() {
        var b = bus;
        if (b == null) return;
        List<String> users;
        synchronized (this) {
            users = List.copyOf(syncing.keySet());
        }
        b.tell(SYNCING, new io.vertx.core.json.JsonObject().put("process", b.process()).put("users", new io.vertx.core.json.JsonArray(users)));
    }

    private static PresenceState fromRow(PresenceRepository.Row r) {
        return new PresenceState(r.userId(), r.state(), r.statusMsg(), r.lastActiveTs(), 0, r.currentlyActive());
    }

    private static PresenceRepository.Row toRow(PresenceState s) {
        return new PresenceRepository.Row(s.userId(), s.presence(), s.statusMsg(), s.lastActiveTs(), s.currentlyActive(), 0);
    }
}
