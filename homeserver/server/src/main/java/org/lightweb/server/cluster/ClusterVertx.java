package org.lightweb.server.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.ArrayList;
import java.util.List;
import org.lightweb.server.config.HomeserverConfig;

/**
 * The Vert.x of a process that is one of several serving a node: its event bus is clustered through Hazelcast
 * (Vert.x's own cluster manager), members found by TCP/IP from {@code cluster.members} only (no multicast, no cloud
 * discovery, no phone-home), on {@code cluster.bind}.
 */
public final class ClusterVertx {
    private ClusterVertx() {}

    public static Future<Vertx> build(VertxOptions options, VertxMetricsFactory metrics, HomeserverConfig.Cluster cluster) {
        quietLogs();
        options.getEventBusOptions().setHost(cluster.bind()).setClusterPublicHost(cluster.bind()).setPort(0);
        var builder = Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(hazelcast(cluster)));
        if (metrics != null) builder.withMetrics(metrics);
        return builder.buildClustered();
    }

    /**
     * Hazelcast logs through the node's logging (not java.util.logging), and only its warnings, but for who joins and
     * leaves the cluster; its banner and start-up chatter say nothing an operator needs.
     */
    private static void quietLogs() {
        System.setProperty("hazelcast.logging.type", "slf4j");
        if (org.slf4j.LoggerFactory.getLogger("com.hazelcast") instanceof ch.qos.logback.classic.Logger hz && hz.getLevel() == null) {
            hz.setLevel(ch.qos.logback.classic.Level.WARN);
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("com.hazelcast.internal.cluster"))
                    .setLevel(ch.qos.logback.classic.Level.INFO);
        }
    }

    static Config hazelcast(HomeserverConfig.Cluster cluster) {
        Config config = ConfigUtil.loadConfig();   // the maps, multimaps and locks Vert.x needs
        config.setClusterName(cluster.name());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");   // the node's own shutdown leaves the cluster
        // A process that dies without leaving is noticed within seconds, not Hazelcast's default minute.
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
        var network = config.getNetworkConfig();
        network.setPort(cluster.port()).setPortAutoIncrement(false).setPublicAddress(cluster.bind() + ":" + cluster.port());
        network.getInterfaces().setEnabled(true).setInterfaces(List.of(cluster.bind()));
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        List<String> members = new ArrayList<>(cluster.members());
        members.add(cluster.bind() + ":" + cluster.port());
        join.getTcpIpConfig().setEnabled(true).setMembers(members);
        return config;
    }
}
