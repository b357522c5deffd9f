package org.lightweb.server.push.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class GatewayAddressesTest {
    private static boolean isPrivate(String literal) throws Exception {
        return GatewayAddresses.isPrivate(InetAddress.getByName(literal));
    }

    @Test
    void isPrivateShouldBeTrueWhenTheAddressIsOnLocalNetworks() throws Exception {
        for (String a : new String[] {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.1.1", "100.64.0.1",
                "0.0.0.0", "::1", "fe80::1", "fd00::1", "224.0.0.1"}) {
            assertThat(isPrivate(a)).as(a).isTrue();
        }
    }

    @Test
    void isPrivateShouldBeFalseWhenTheAddressIsPublic() throws Exception {
        for (String a : new String[] {"8.8.8.8", "1.1.1.1", "100.128.0.1", "2001:4860:4860::8888"}) {
            assertThat(isPrivate(a)).as(a).isFalse();
        }
    }

    @Test
    void literalAllowedShouldRefusePrivateLiteralsUnlessAllowed() {
        assertThat(new GatewayAddresses(false).literalAllowed("127.0.0.1")).isFalse();
        assertThat(new GatewayAddresses(false).literalAllowed("::1")).isFalse();
        assertThat(new GatewayAddresses(false).literalAllowed("8.8.8.8")).isTrue();
        assertThat(new GatewayAddresses(false).literalAllowed("push.example.org")).as("names are checked after DNS").isTrue();
        assertThat(new GatewayAddresses(true).literalAllowed("127.0.0.1")).isTrue();
    }
}
