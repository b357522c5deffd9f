package org.lightweb.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.lightweb.core.Clock;
import org.lightweb.federation.protocol.SigningKey;
import org.lightweb.server.config.ConfigException;
import org.lightweb.server.config.HomeserverConfig;
import org.lightweb.server.federation.SelfSignedCertificate;
import org.lightweb.server.http.Cors;
import org.lightweb.server.http.ErrorRendering;
import org.lightweb.server.http.RequestLog;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.server.http.SharedListener;
import org.lightweb.server.http.StreamedBodies;
import org.lightweb.storage.Database;
import org.lightweb.storage.Db;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running homeserver: its database, its services and its two listeners. */
public final class Node {
    private static final Logger log = LoggerFactory.getLogger(Node.class);
    private static final long CLEANUP_INTERVAL_MS = 10 * 60_000;

    static {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
    }

    private final HomeserverConfig config;
    private final Vertx vertx;
    private final Database database;
    private final Db db;
    private final Wiring wiring;
    private final SigningKey signingKey;
    private SharedListener clientServer;
    private SharedListener federationServer;
    private long cleanupTimer = -1;
    private org.lightweb.server.ops.NodeMetrics metrics;
    private HttpServer metricsServer;
    private org.lightweb.server.ops.NodeLock lock;

    private Node(HomeserverConfig config, Vertx vertx, Database database, Db db, Wiring wiring, SigningKey signingKey) {
        this.config = config;
        this.vertx = vertx;
        this.database = database;
        this.db = db;
        this.wiring = wiring;
        this.signingKey = signingKey;
    }

    /** Opens the database (migrating it), then binds both listeners. */
    public static Future<Node> start(HomeserverConfig config, Clock clock) {
        SigningKey key;
        try {
            key = SigningKey.loadOrCreate(config.signingKeyPath());
        } catch (IOException | IllegalArgumentException e) {
            return Future.failedFuture(new ConfigException("key 'signing_key_path' (" + config.signingKeyPath()
                    + "): the signing key cannot be read or created: " + e.getMessage()));
        }
        org.lightweb.server.ops.NodeLock lock;
        try {
            lock = org.lightweb.server.ops.NodeLock.acquire(config.dataDir()).orElse(null);
        } catch (IOException e) {
            return Future.failedFuture(new ConfigException("key 'data_dir' (" + config.dataDir() + "): cannot take its lock: "
                    + e.getMessage()));
        }
        if (lock == null) {
            return Future.failedFuture(new ConfigException("key 'data_dir' (" + config.dataDir()
                    + "): another node runs on this data directory"));
        }
        Database database;
        try {
            database = Database.open(config.database());
        } catch (RuntimeException e) {
            lock.close();
            return Future.failedFuture(e);
        }
        VertxOptions options = new VertxOptions().setMaxWorkerExecuteTime(60).setMaxWorkerExecuteTimeUnit(TimeUnit.SECONDS);
        options.setEventLoopPoolSize(Math.max(options.getEventLoopPoolSize(), eventLoops(config)));
        org.lightweb.server.ops.NodeMetrics metrics = config.metrics().enabled() ? new org.lightweb.server.ops.NodeMetrics() : null;
        Vertx vertx;
        if (config.cluster().enabled()) {
            // Joined before anything is built, on this thread: Wiring creates its contexts as it does alone.
            var cluster = config.cluster();
            try {
                vertx = org.lightweb.server.cluster.ClusterVertx.build(options, metrics == null ? null : metrics.factory(options), cluster)
                        .toCompletionStage().toCompletableFuture().get(CLUSTER_JOIN_TIMEOUT_S, TimeUnit.SECONDS);
            } catch (Exception e) {
                database.close();
                lock.close();
                if (e instanceof InterruptedException) Thread.currentThread().interrupt();
                Throwable why = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
                return Future.failedFuture(new ConfigException("key 'cluster' (" + cluster.bind() + ":" + cluster.port()
                        + ", members " + cluster.members() + "): cannot join the cluster: " + why.getMessage()));
            }
        } else {
            try {
                vertx = metrics != null ? metrics.vertx(options) : Vertx.vertx(options);
            } catch (RuntimeException e) {   // e.g. a SIGTERM already stopping the JVM ("Shutdown in progress")
                database.close();
                lock.close();
                return Future.failedFuture(e);
            }
        }
        Db db = new Db(vertx, database);
        Wiring wiring = new Wiring(vertx, db, config, key, clock);
        if (metrics != null) wiring.registerMetrics(metrics);
        Node node = new Node(config, vertx, database, db, wiring, key);
        node.metrics = metrics;
        node.lock = lock;
        // What starts once the node answers (the admin bot) is not waited for: the node is up, and a SIGTERM meanwhile
        // finds the shutdown hook in place.
        return wiring.start().compose(v -> node.listen()).map(v -> {
                    wiring.afterListening(node.clientPort());
                    return node;
                }).recover(err -> node.stop().transform(ignored -> Future.failedFuture(err)));
    }

    private static final long CLUSTER_JOIN_TIMEOUT_S = 60;

    private Future<Void> listen() {
        org.lightweb.core.Json.setMaxNestingDepth(config.httpLimits().maxJsonDepth());
        var limits = new org.lightweb.server.http.ConnectionLimits(config.httpLimits(), vertx);
        Router client = router(wiring.clientRoutes(), limits);
        Router federation = router(wiring.federationRoutes(), limits);
        HttpServerOptions fedOptions = limits.apply(new HttpServerOptions());
        var tls = config.federationTls();
        if (tls.enabled()) {
            try {
                if (tls.mode().equals("self_signed")) {
                    SelfSignedCertificate.ensure(tls.cert(), tls.key(), config.serverName().host());
                }
            } catch (IOException e) {
                return Future.failedFuture(new ConfigException("key 'listeners.federation.tls': " + e.getMessage()));
            }
            fedOptions.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                    .setCertPath(tls.cert().toString()).setKeyPath(tls.key().toString()));
        }
        int loops = eventLoops(config);
        var clientConnections = limits.counter("client");
        var federationConnections = limits.counter("federation");
        Future<SharedListener> c = SharedListener.listen(vertx, loops,
                () -> vertx.createHttpServer(limits.apply(new HttpServerOptions().setCompressionSupported(true)))
                        .connectionHandler(clientConnections).requestHandler(client),
                config.client().port(), config.client().bind());
        Future<SharedListener> f = SharedListener.listen(vertx, loops,
                () -> vertx.createHttpServer(fedOptions).connectionHandler(federationConnections).requestHandler(federation),
                config.federation().port(), config.federation().bind());
        Future<HttpServer> m = metrics == null ? Future.succeededFuture() : vertx.createHttpServer(limits.apply(new HttpServerOptions()))
                .requestHandler(router(List.of(new org.lightweb.server.ops.HealthRoutes(db), metrics.routes()), limits))
                .listen(config.metrics().port(), config.metrics().bind());
        return Future.all(c, f, m).compose(ok -> {
            clientServer = c.result();
            federationServer = f.result();
            metricsServer = m.result();
            if (metrics != null) metrics.start(vertx);
            cleanupTimer = vertx.setPeriodic(CLEANUP_INTERVAL_MS, id -> cleanup());
            log.info("Lightweb {} listening [server_name: {}, client: {}:{}, federation: {}:{} ({}), event loops: {}, db: {},"
                            + " signing key: {}]",
                    Version.VERSION, config.serverName(), config.client().bind(), clientPort(),
                    config.federation().bind(), federationPort(), tls.enabled() ? "TLS" : "plain", loops,
                    config.database().describe(), signingKey.keyId());
            return Future.<Void>succeededFuture();
        }, err -> {
            if (c.succeeded()) clientServer = c.result();
            if (f.succeeded()) federationServer = f.result();
            if (m.succeeded()) metricsServer = m.result();
            if (m.failed()) {
                return Future.failedFuture(new ConfigException("key 'listeners.metrics (" + config.metrics().bind() + ":"
                        + config.metrics().port() + ")': cannot listen: " + m.cause().getMessage()));
            }
            String which = c.failed() ? "listeners.client (" + config.client().bind() + ":" + config.client().port() + ")"
                    : "listeners.federation (" + config.federation().bind() + ":" + config.federation().port()
                    + (tls.enabled() ? ", TLS " + tls.cert() + " / " + tls.key() : "") + ")";
            return Future.failedFuture(new ConfigException("key '" + which + "': cannot listen: " + err.getMessage()));
        });
    }

    private Router router(List<RouteGroup> groups, org.lightweb.server.http.ConnectionLimits limits) {
        Router router = Router.router(vertx);
        router.route().handler(Cors::handle);
        router.route().handler(RequestLog::handle);
        router.route().handler(limits::handle);
        BodyHandler json = BodyHandler.create(false).setBodyLimit(config.limits().maxRequestBody());
        BodyHandler plugin = BodyHandler.create(false).setBodyLimit(config.plugins().maxRequestBody());
        router.route().handler(StreamedBodies.except(ctx -> (isPluginPath(ctx.request().path()) ? plugin : json).handle(ctx),
                config.limits().maxRequestBody()));
        groups.forEach(g -> g.mount(router));
        router.route().failureHandler(ErrorRendering::handle);
        for (int status : new int[] {400, 404, 405, 413, 500}) router.errorHandler(status, ErrorRendering::handle);
        return router;
    }

    /** Plugin routes take bodies up to plugins.max_request_body; the node's own routes up to limits.max_request_body. */
    private static boolean isPluginPath(String path) {
        return (path.startsWith("/_lightweb/") && !path.startsWith("/_lightweb/admin/"))
                || (path.startsWith("/.well-known/") && !path.startsWith("/.well-known/matrix/"));
    }

    /** Expired UIA sessions give back the registration tokens they held; expired email validations go. */
    private void cleanup() {
        long now = System.currentTimeMillis();
        wiring.uiAuthSessions().deleteOlderThan(now - config.registration().uiAuthSessionLifetime().toMillis())
                .compose(tokens -> Future.all(tokens.stream().map(t -> wiring.registrationTokens().releasePending(t)).toList()))
                .compose(v -> wiring.threepids().deleteExpired(now))
                .onFailure(e -> log.warn("periodic cleanup failed", e));
    }

    public int clientPort() { return clientServer.port(); }

    public int federationPort() { return federationServer.port(); }

    /** listeners.event_loops, where 0 means one per processor the JVM may use. */
    static int eventLoops(HomeserverConfig config) {
        return config.eventLoops() > 0 ? config.eventLoops() : Runtime.getRuntime().availableProcessors();
    }

    /** The metrics listener's port (listeners.metrics.enabled), else -1. */
    public int metricsPort() { return metricsServer == null ? -1 : metricsServer.actualPort(); }

    public HomeserverConfig config() { return config; }

    public Wiring wiring() { return wiring; }

    /** Stops taking requests, lets in-flight ones finish (up to listeners.shutdown_timeout), closes the database. */
    public Future<Void> stop() {
        if (cleanupTimer >= 0) vertx.cancelTimer(cleanupTimer);
        if (metrics != null) metrics.stop(vertx);
        if (metricsServer != null) metricsServer.close();
        long timeout = config.shutdownTimeout().toMillis();
        Future<Void> c = clientServer == null ? Future.succeededFuture() : clientServer.shutdown(timeout, TimeUnit.MILLISECONDS);
        Future<Void> f = federationServer == null ? Future.succeededFuture() : federationServer.shutdown(timeout, TimeUnit.MILLISECONDS);
        return Future.join(c, f).transform(ignored -> {
            wiring.close();
            // Background work (start-up catch-ups, timers that fired) may still be in the database: its results
            // need the event loops, so they close after it.
            return db.idle(vertx, timeout);
        }).transform(ignored -> {
            db.close();
            return vertx.close();
        }).transform(ignored -> {
            database.close();
            if (lock != null) lock.close();
            log.info("Lightweb stopped [server_name: {}]", config.serverName());
            return Future.<Void>succeededFuture();
        });
    }
}
