package org.lightweb.server.federation.client;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import okhttp3.Dns;
import org.lightweb.server.push.gateway.GatewayAddresses;

/**
 * Address look-ups for federation connections: private, loopback and link-local addresses are refused after
 * resolution unless federation.allow_private_destinations. {@link #to} gives the look-up for a destination an SRV
 * record sent elsewhere: the URL keeps the name the certificate must match, the addresses are the target's.
 */
final class FederationDns implements Dns {
    private final GatewayAddresses addresses;

    FederationDns(boolean allowPrivate) {
        this.addresses = new GatewayAddresses(allowPrivate);
    }

    /** Whether an IP literal host may be called (OkHttp does not ask the Dns for IP literals). */
    boolean literalAllowed(String host) {
        return addresses.literalAllowed(host);
    }

    @Override
    public List<InetAddress> lookup(String host) throws UnknownHostException {
        return addresses.lookup(host);
    }

    /** A look-up that answers the addresses of {@code connectHost} whatever host it is asked about. */
    Dns to(String connectHost) {
        return host -> {
            if (ServerDiscovery.isIpLiteral(connectHost) || connectHost.contains(":")) {
                if (!addresses.literalAllowed(connectHost)) throw new UnknownHostException("private address refused");
                return List.of(InetAddress.getByName(connectHost));
            }
            return addresses.lookup(connectHost);
        };
    }
}
