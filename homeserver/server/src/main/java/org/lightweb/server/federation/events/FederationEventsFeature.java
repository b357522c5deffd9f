package org.lightweb.server.federation.events;

import io.vertx.core.WorkerExecutor;
import org.lightweb.core.Clock;
import org.lightweb.server.config.HomeserverConfig;
import org.lightweb.server.federation.client.FederationClient;
import org.lightweb.server.federation.keys.KeyRing;
import org.lightweb.server.federation.send.InboundEdus;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.server.messages.RemoteHistory;
import org.lightweb.server.rooms.RoomEvents;
import org.lightweb.storage.Db;
import org.lightweb.storage.federation.InboundTxns;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.JooqEventRepository;
import org.lightweb.storage.rooms.RemoteEventStore;
import org.lightweb.storage.rooms.RoomRepository;

/** Receiving events over federation, wired: the {@link FederationEvents} implementation and its routes. */
public final class FederationEventsFeature {
    private final EventReceiver receiver;
    private final FederationEventRoutes routes;
    private final Backfiller backfiller;

    /** @param events the node's event repository (the jOOQ one: remote events share its caches) */
    public FederationEventsFeature(Db db, Clock clock, String serverName, EventRepository events, RoomRepository rooms,
                                   RoomEvents roomEvents, KeyRing keys, FederationClient client, InboundEdus edus,
                                   WorkerExecutor cpu, HomeserverConfig.FederationReceive config) {
        RemoteEventStore store = new RemoteEventStore((JooqEventRepository) events);
        this.receiver = new EventReceiver(events, store, rooms, roomEvents, keys, client, cpu, clock,
                new EventReceiver.Limits(config.missingEventsLimit(), config.maxFetchedStateEvents()));
        this.routes = new FederationEventRoutes(serverName, receiver, events, new ServerAccess(rooms, events, receiver),
                edus, new InboundTxns(db, clock, config.transactionRetention().toMillis()), clock,
                new FederationEventRoutes.Limits(config.backfillMaxLimit(), config.maxMissingEventsServed()));
        this.backfiller = new Backfiller(serverName, receiver, events, rooms, roomEvents, client, config.backfillMaxLimit());
    }

    /** Backfill for /messages: give it to {@code MessagesRoutes.create}. */
    public RemoteHistory remoteHistory() { return backfiller; }

    public FederationEvents events() { return receiver; }

    public RouteGroup routes() { return routes; }
}
