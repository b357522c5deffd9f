package org.lightweb.server.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import io.vertx.ext.web.Router;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.storage.Database;

/**
 * The node's Prometheus metrics (listeners.metrics): Vert.x's HTTP server and client figures by route template
 * (never a raw path, so no token or id ends up in a label), the JVM's, the database pools', and the node's own
 * (long-polls waiting, federation queues, appservice lag, plugins), served as text at {@code GET /metrics}.
 * Figures that need the database are refreshed every 15 s on a timer, so a scrape never waits for a query.
 */
public final class NodeMetrics {
    private static final long REFRESH_MS = 15_000;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, AtomicLong> refreshed = new ConcurrentHashMap<>();
    private final Map<String, Supplier<Future<Long>>> refreshers = new ConcurrentHashMap<>();
    private long timer = -1;

    public NodeMetrics() {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /** A Vert.x instance that reports its HTTP figures here. */
    public Vertx vertx(VertxOptions options) {
        return Vertx.builder().with(options).withMetrics(factory(options)).build();
    }

    /** Sets {@code options} up for these metrics; the factory a Vert.x builder takes (a clustered one, too). */
    public io.vertx.core.spi.VertxMetricsFactory factory(VertxOptions options) {
        options.setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
                .setLabels(EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE, Label.HTTP_ROUTE, Label.LOCAL)));
        return new MicrometerMetricsFactory(registry);
    }

    public PrometheusMeterRegistry registry() { return registry; }

    /** A gauge read from memory at each scrape. */
    public void gauge(String name, String help, Supplier<Number> value) {
        Gauge.builder(name, value).description(help).register(registry);
    }

    /** A gauge whose value comes from a query, refreshed on the timer. */
    public void refreshedGauge(String name, String help, Supplier<Future<Long>> query) {
        AtomicLong holder = refreshed.computeIfAbsent(name, k -> new AtomicLong());
        refreshers.put(name, query);
        Gauge.builder(name, holder, AtomicLong::get).description(help).register(registry);
    }

    /** The connection pools' figures. */
    public void pools(Database database) {
        database.pools().forEach((name, pool) -> {
            Gauge.builder("lightweb_db_connections_active", pool, p -> p.getActiveConnections()).tag("pool", name)
                    .description("Connections in use").register(registry);
            Gauge.builder("lightweb_db_connections_idle", pool, p -> p.getIdleConnections()).tag("pool", name)
                    .description("Connections idle in the pool").register(registry);
            Gauge.builder("lightweb_db_connections_pending", pool, p -> p.getThreadsAwaitingConnection()).tag("pool", name)
                    .description("Threads waiting for a connection").register(registry);
        });
    }

    /** Starts refreshing the query gauges. */
    public void start(Vertx vertx) {
        refresh();
        timer = vertx.setPeriodic(REFRESH_MS, id -> refresh());
    }

    public void stop(Vertx vertx) {
        if (timer >= 0) vertx.cancelTimer(timer);
    }

    private void refresh() {
        refreshers.forEach((name, query) -> query.get().onSuccess(v -> refreshed.get(name).set(v)));
    }

    /** GET /metrics in Prometheus' text format. */
    public RouteGroup routes() {
        return (Router router) -> router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
    }
}
