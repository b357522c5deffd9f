package org.lightweb.server.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.lightweb.server.appservice.AppserviceFeature;
import org.lightweb.server.config.HomeserverConfig;
import org.lightweb.server.federation.send.FederationSendFeature;
import org.lightweb.server.plugins.PluginHost;
import org.lightweb.server.push.gateway.PusherWiring;
import org.lightweb.server.rooms.RoomEvents;
import org.lightweb.server.sync.LocalNotifier;
import org.lightweb.server.sync.Notifier;
import org.lightweb.server.sync.StreamHeads;

/**
 * This process as one of several serving a node (cluster.enabled; docs/scaling.md), built in one place: the bus the
 * processes talk on, the notifier that wakes long-polls in all of them, and the work only the elected leader does
 * (fanning events out to other servers and sending them, appservice transactions, pushes, plugins' jobs), which
 * the other processes leave to it and poke it for.
 */
public final class ClusterFeature implements AutoCloseable {
    private static final String FEDERATION_WAKE = "lightweb.federation.wake";
    /** Events stored close together wake the leader's senders once. */
    private static final long LEADER_WORK_COALESCE_MS = 10;
    /** The exit status of a leader that lost its database session (its supervisor starts it again as a follower). */
    private static final int LOST_LEADERSHIP_EXIT = 70;

    /** What only the leader does. */
    public record LeaderWork(FederationSendFeature federation, AppserviceFeature appservices, PusherWiring pushers,
                             PluginHost plugins) {}

    private final Vertx vertx;
    private final HomeserverConfig config;
    private final ClusterBus bus;
    private final AtomicBoolean workPending = new AtomicBoolean();
    private LeaderWork work;
    private volatile Leadership leadership;

    public ClusterFeature(Vertx vertx, HomeserverConfig config) {
        this.vertx = vertx;
        this.config = config;
        this.bus = new ClusterBus(vertx);
    }

    /** Where the parts that keep state in memory share their changes ({@code share(bus)} methods). */
    public ClusterBus bus() { return bus; }

    /** The notifier of a clustered process: wakes long-polls here and in the other processes. */
    public Notifier notifier(LocalNotifier local, StreamHeads heads) {
        return new ClusterNotifier(local, heads, bus, this::eventsStored);
    }

    /**
     * Holds the leader's work back until this process is elected: followers queue federation rows in the database
     * and tell the leader, deliver no pushes and run no plugin jobs; every event stored here pokes the leader.
     */
    public void standBy(LeaderWork work, RoomEvents roomEvents) {
        this.work = work;
        roomEvents.addListener((roomId, stored) -> eventsStored());
        work.federation().standBy(to -> bus.tell(FEDERATION_WAKE, new JsonObject().put("destinations", new JsonArray(to))));
        bus.listen(FEDERATION_WAKE, m -> work.federation().wake(m.getJsonArray("destinations").stream().map(String::valueOf).toList()));
        work.pushers().standBy();
        work.plugins().runJobsOnlyWhen(this::leads);
    }

    /** Starts trying for the leadership (once the node's services have started). */
    public void start() {
        var c = config.cluster();
        leadership = new Leadership(config.database(), c.name(), c.leaderCheckInterval(), this::lead,
                () -> new Thread(() -> System.exit(LOST_LEADERSHIP_EXIT), "lightweb-exit").start());
        leadership.start();
    }

    public boolean leads() {
        Leadership l = leadership;
        return l != null && l.isLeader();
    }

    /** Elected: the leader's work begins, on one of this process's event loops. */
    private void lead() {
        vertx.runOnContext(v -> {
            work.federation().lead();
            work.pushers().start();
            work.appservices().sender().start();
        });
    }

    /** Events were stored, by this process or another: the leader queues them for other servers and wakes its senders. */
    private void eventsStored() {
        if (!leads() || !workPending.compareAndSet(false, true)) return;
        vertx.setTimer(LEADER_WORK_COALESCE_MS, id -> {
            workPending.set(false);
            work.federation().eventsStored();
            work.appservices().sender().onEvents(null, List.of());
            work.pushers().start();
        });
    }

    @Override
    public void close() {
        Leadership l = leadership;
        if (l != null) l.close();
    }
}
