package org.lightweb.server.federation.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.lightweb.core.ServerName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server discovery exactly as the server-server API's "Resolving server names" says, step by step:
 * <ol>
 *   <li>an IP literal: that address, the given port or 8448; Host is the name as given;</li>
 *   <li>a hostname with an explicit port: that host and port; Host and certificate are hostname:port / hostname;</li>
 *   <li>{@code /.well-known/matrix/server} delegation to {@code delegated[:port]}, then for the delegated name:
 *       3.1 IP literal, 3.2 explicit port, 3.3 SRV {@code _matrix-fed._tcp}, 3.4 deprecated {@code _matrix._tcp},
 *       3.5 port 8448 (Host and certificate: the delegated hostname);</li>
 *   <li>SRV {@code _matrix-fed._tcp.<hostname>}, 5. deprecated {@code _matrix._tcp.<hostname>}: connect to the target,
 *       Host and certificate stay the hostname;</li>
 *   <li value="6">the hostname on port 8448.</li>
 * </ol>
 * Address records (A/AAAA) are resolved at connection time (where private addresses are refused). Results are
 * cached briefly so one busy destination does not repeat SRV look-ups; well-known answers have their own cache.
 */
public final class ServerDiscovery {
    private static final Logger log = LoggerFactory.getLogger(ServerDiscovery.class);
    private static final Duration RESULT_CACHE = Duration.ofMinutes(10);

    private final Vertx vertx;
    private final WellKnownResolver wellKnown;
    private final SrvResolver srv;
    private final Cache<String, Destination> results;

    public ServerDiscovery(Vertx vertx, WellKnownResolver wellKnown, SrvResolver srv, int cacheEntries) {
        this.vertx = vertx;
        this.wellKnown = wellKnown;
        this.srv = srv;
        this.results = Caffeine.newBuilder().maximumSize(cacheEntries).expireAfterWrite(RESULT_CACHE).build();
    }

    /** Where to send requests for {@code serverName}; fails with {@link FederationClient.Unreachable} on a bad name. */
    public Future<Destination> resolve(String serverName) {
        Destination cached = results.getIfPresent(serverName);
        if (cached != null) return Future.succeededFuture(cached);
        Optional<ServerName> parsed = ServerName.parse(serverName);
        if (parsed.isEmpty()) {
            return Future.failedFuture(new FederationClient.Unreachable(serverName, "not a valid server name", null));
        }
        ServerName name = parsed.get();
        String host = name.host();
        Optional<Integer> port = name.port();
        // 1. IP literal; 2. explicit port
        if (isIpLiteral(host) || port.isPresent()) return Future.succeededFuture(remember(serverName, literalOrPort(name)));
        // 3. well-known delegation, else 4-6 on the hostname itself
        return wellKnown.delegation(host).compose(delegated -> {
            if (delegated.isEmpty()) return viaSrv(host);
            ServerName d = ServerName.parse(delegated.get()).orElseThrow();
            log.debug("delegated [server: {}, to: {}]", serverName, d);
            if (isIpLiteral(d.host()) || d.port().isPresent()) return Future.succeededFuture(literalOrPort(d)); // 3.1, 3.2
            return viaSrv(d.host());                                                                              // 3.3-3.5
        }).map(dest -> remember(serverName, dest));
    }

    private Destination remember(String serverName, Destination d) {
        results.put(serverName, d);
        return d;
    }

    /** Steps 1 and 2 (and 3.1, 3.2): the name says where to go. */
    static Destination literalOrPort(ServerName name) {
        String host = name.host();
        int port = name.port().orElse(Destination.DEFAULT_PORT);
        String tlsHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return Destination.direct(tlsHost, port, name.value());
    }

    /** Steps 4, 5, 6 (and 3.3, 3.4, 3.5 for a delegated name): SRV records, then port 8448. */
    private Future<Destination> viaSrv(String host) {
        return vertx.<Optional<SrvResolver.Srv>>executeBlocking(() -> {
            for (String prefix : List.of("_matrix-fed._tcp.", "_matrix._tcp.")) {
                Optional<SrvResolver.Srv> found;
                try {
                    found = SrvResolver.pick(srv.lookup(prefix + host));
                } catch (Exception e) {
                    log.debug("SRV look-up failed [name: {}{}]: {}", prefix, host, e.toString());
                    found = Optional.empty();
                }
                if (found.isPresent()) return found;
            }
            return Optional.empty();
        }, false).map(found -> found
                .map(r -> new Destination(host, r.port(), host, r.target()))
                .orElseGet(() -> Destination.direct(host, Destination.DEFAULT_PORT, host)));
    }

    static boolean isIpLiteral(String host) {
        return host.startsWith("[") || host.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }
}
