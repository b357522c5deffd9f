package org.lightweb.server.federation.client;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Dns;
import org.lightweb.server.push.gateway.GatewayAddresses;

/**
 * Address look-ups for federation connections. The request URL names the host the certificate must match; when
 * an SRV record sent us elsewhere, that host is an alias of the SRV target, whose addresses are used. Private,
 * loopback and link-local addresses are refused after resolution unless federation.allow_private_destinations.
 */
final class FederationDns implements Dns {
    private final GatewayAddresses addresses;
    private final Map<String, String> aliases = new ConcurrentHashMap<>();

    FederationDns(boolean allowPrivate) {
        this.addresses = new GatewayAddresses(allowPrivate);
    }

    /** Connections to {@code tlsHost} go to the addresses of {@code connectHost}. */
    void alias(String tlsHost, String connectHost) {
        if (tlsHost.equals(connectHost)) aliases.remove(tlsHost);
        else aliases.put(tlsHost, connectHost);
    }

    /** Whether an IP literal host may be called (OkHttp does not ask the Dns for IP literals). */
    boolean literalAllowed(String host) {
        return addresses.literalAllowed(host);
    }

    @Override
    public List<InetAddress> lookup(String host) throws UnknownHostException {
        return addresses.lookup(aliases.getOrDefault(host, host));
    }
}
