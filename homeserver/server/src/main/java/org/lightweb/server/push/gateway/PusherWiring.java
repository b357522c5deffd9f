package org.lightweb.server.push.gateway;

import io.vertx.core.Vertx;
import java.util.List;
import org.lightweb.core.Clock;
import org.lightweb.server.config.HomeserverConfig;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.server.push.PushProcessor;
import org.lightweb.server.push.PusherRoutes;
import org.lightweb.server.push.PusherService;
import org.lightweb.storage.Db;
import org.lightweb.storage.accounts.ThreepidRepository;
import org.lightweb.storage.push.JooqPusherRepository;
import org.lightweb.storage.push.PushActionRepository;
import org.lightweb.storage.push.PusherRepository;
import org.lightweb.storage.rooms.EventRepository;

/** Builds pushers and their delivery: the API, the gateway client on its own context, and the wake-up hooks. */
public final class PusherWiring implements AutoCloseable {
    private final PusherService service;
    private final PusherDelivery delivery;
    private final List<RouteGroup> routes;

    public PusherWiring(Vertx vertx, Db db, HomeserverConfig.Pushers config, PushProcessor processor,
                        PushActionRepository actions, EventRepository events, ThreepidRepository threepids,
                        Authenticator auth, Clock clock) {
        PusherRepository repo = new JooqPusherRepository(db);
        service = new PusherService(repo, threepids, config.maxPerUser(), clock);
        var context = vertx.getOrCreateContext();
        PushGatewayClient gateway = new PushGatewayClient(context, config.connectTimeout(), config.requestTimeout(),
                config.maxConcurrentRequests(), config.allowPrivateDestinations());
        delivery = new PusherDelivery(vertx, context, repo, actions,
                new GatewayNotifications(events, actions, config.includeContent()), gateway,
                new PusherDelivery.Settings(config.retryInitialBackoff(), config.retryMaxBackoff(), config.maxAttempts(),
                        config.batchSize()), clock);
        processor.addListener(delivery);
        service.addListener(delivery::changed);
        routes = List.of(new PusherRoutes(service, auth));
    }

    /** Deletes a deactivated user's pushers. */
    public PusherService service() { return service; }

    public List<RouteGroup> routes() { return routes; }

    /** Resumes delivery of every pusher. */
    public void start() { delivery.start(); }

    /** A clustered node's follower delivers nothing; the leader {@link #start}s (again) to deliver everything. */
    public void standBy() { delivery.standBy(); }

    @Override
    public void close() { delivery.close(); }
}
