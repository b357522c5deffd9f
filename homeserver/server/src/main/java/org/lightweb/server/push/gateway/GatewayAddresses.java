package org.lightweb.server.push.gateway;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import okhttp3.Dns;

/**
 * Where push gateways may be: any user can name a gateway url, so unless the operator allows it, addresses on
 * the node's own networks (loopback, private, link-local, carrier-grade NAT, unique local IPv6, unspecified,
 * multicast) are refused, as Synapse's ip_range_blacklist does for pushers. Host names are checked after
 * resolution (so DNS cannot point a public name inside), IP literals before the call. Media URL previews use it
 * too.
 */
public final class GatewayAddresses implements Dns {
    private final boolean allowPrivate;

    public GatewayAddresses(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    @Override
    public List<InetAddress> lookup(String host) throws UnknownHostException {
        List<InetAddress> all = Dns.SYSTEM.lookup(host);
        if (allowPrivate) return all;
        List<InetAddress> allowed = all.stream().filter(a -> !isPrivate(a)).toList();
        if (allowed.isEmpty()) throw new UnknownHostException("host resolves only to private addresses: " + host);
        return allowed;
    }

    /** Whether an IP literal host (as in a URL, IPv6 without brackets) may be called; host names answer true. */
    public boolean literalAllowed(String host) {
        if (allowPrivate || !(host.contains(":") || host.matches("[0-9.]+"))) return true;
        try {
            return !isPrivate(InetAddress.getByName(host));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static boolean isPrivate(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second < 128) || (first == 169 && second == 254)
                    || first >= 240;
        }
        if (a instanceof Inet6Address) return (b[0] & 0xfe) == 0xfc;  // fc00::/7, unique local
        return false;
    }
}
