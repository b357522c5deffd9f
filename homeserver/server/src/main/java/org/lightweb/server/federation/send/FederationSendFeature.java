package org.lightweb.server.federation.send;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.lightweb.core.Clock;
import org.lightweb.core.ServerName;
import org.lightweb.server.config.HomeserverConfig;
import org.lightweb.server.federation.client.FederationClient;
import org.lightweb.server.rooms.RoomEvents;
import org.lightweb.server.sync.devicelists.DeviceLists;
import org.lightweb.server.sync.presence.PresenceService;
import org.lightweb.server.sync.receipts.ReceiptService;
import org.lightweb.server.sync.todevice.ToDeviceService;
import org.lightweb.server.sync.typing.TypingService;
import org.lightweb.storage.Db;
import org.lightweb.storage.accounts.DeviceRepository;
import org.lightweb.storage.e2ee.JooqE2eKeyRepository;
import org.lightweb.storage.federation.FederationEduRepository;
import org.lightweb.storage.federation.JooqFederationEduRepository;
import org.lightweb.storage.federation.JooqFederationQueueRepository;
import org.lightweb.storage.rooms.RoomRepository;

/**
 * Federation sending and EDUs, built in one place: the queued sender on its own Vert.x context, the fan-out of
 * local events (a {@link RoomEvents} listener), the EDU producer hooked into typing, receipts, presence, device
 * lists and to-device, and the receiver of inbound EDUs.
 */
public final class FederationSendFeature implements AutoCloseable {
    /** The spec's limits on one transaction. */
    public static final int MAX_PDUS = 50;
    public static final int MAX_EDUS = 100;

    /** The services the EDUs come from and go to. */
    public record Services(RoomEvents roomEvents, org.lightweb.storage.rooms.EventRepository events, RoomRepository rooms, DeviceRepository devices, TypingService typing,
                           ReceiptService receipts, PresenceService presence, DeviceLists deviceLists,
                           ToDeviceService toDevice) {}

    /**
     * A client that reaches no one: what the node uses until the federation client is wired in (every transaction
     * then fails and waits in the queue, so nothing is lost).
     */
    public static final FederationClient NO_CLIENT = (method, destination, path, query, body) ->
            Future.failedFuture(new FederationClient.Unreachable(destination, "no federation client is wired", null));

    private final QueuedFederationSender sender;
    private final EduReceiver inbound;
    private final PduFanOut fanOut;

    public FederationSendFeature(Vertx vertx, Db db, HomeserverConfig config, FederationClient client, Services s,
                                 Clock clock) {
        ServerName ours = config.serverName();
        var c = config.federationSending();
        JooqFederationQueueRepository queueRepository = new JooqFederationQueueRepository(db);
        sender = new QueuedFederationSender(vertx, vertx.getOrCreateContext(), ours.value(),
                queueRepository, client,
                new QueuedFederationSender.Settings(c.retryInitialBackoff(), c.retryMaxBackoff(), MAX_PDUS, MAX_EDUS,
                        c.maxQueuedPerDestination()), clock);
        FederationEduRepository edus = new JooqFederationEduRepository(db);
        fanOut = new PduFanOut(ours, s.rooms(), sender, queueRepository, s.events());
        if (!config.cluster().enabled()) {
            s.roomEvents().addListener(fanOut);
            fanOut.catchUp();
        }
        EduProducer producer = new EduProducer(ours, s.rooms(), s.devices(), new JooqE2eKeyRepository(db), edus, sender, clock);
        s.typing().addListener(producer);
        s.receipts().addListener(producer);
        s.presence().addListener(producer);
        s.deviceLists().addListener(producer);
        s.toDevice().setRemoteSender(producer);
        inbound = new EduReceiver(ours, s.rooms(), s.typing(), s.receipts(), s.presence(), s.deviceLists(), s.toDevice(),
                edus, c.remoteTypingTimeout().toMillis(), clock, RoomAcls.fromState(s.events()),
                new DeviceListResync(client, edus, clock)::resync);
    }

    public FederationSender sender() { return sender; }

    /** Nothing is queued for blocked servers. */
    public void enforce(org.lightweb.server.federation.ServerBlocks blocks) { sender.setBlocked(blocks::isBlocked); }

    public InboundEdus inboundEdus() { return inbound; }

    /** Resumes sending to every destination with something queued (in a cluster: only the leader, see {@link #lead}). */
    public Future<Void> start() { return sender.start(); }

    /**
     * In a clustered node, only the leader fans events out and sends: it queues every local event stored after the
     * recorded position, whichever process stored it, each time any process stores events ({@link #eventsStored}).
     */
    public Future<Void> lead() {
        return sender.start().compose(v -> fanOut.catchUp());
    }

    /** A clustered node's follower queues in the database and tells the leader, which sends. */
    public void standBy(java.util.function.Consumer<java.util.List<String>> wakeLeader) { sender.standBy(wakeLeader); }

    /** The leader hears that a follower queued rows for these destinations. */
    public void wake(java.util.Collection<String> destinations) { sender.wake(destinations); }

    /** The leader hears that events were stored (by any process). */
    public void eventsStored() { fanOut.storedElsewhere(); }

    @Override
    public void close() {
        fanOut.flush();
        sender.close();
    }
}
