package org.lightweb.server.federation.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.lightweb.core.Json;

class ServerAclTest {
    private static ObjectNode acl(String[] allow, String[] deny, Boolean ipLiterals) {
        ObjectNode c = Json.object();
        var a = c.putArray("allow");
        for (String s : allow) a.add(s);
        var d = c.putArray("deny");
        for (String s : deny) d.add(s);
        if (ipLiterals != null) c.put("allow_ip_literals", ipLiterals);
        return c;
    }

    @Test
    void serverShouldBeAllowedWhenThereIsNoAcl() {
        assertThat(ServerAcl.allows(null, "evil.example")).isTrue();
    }

    @Test
    void denyShouldWinOverAllowWhenBothMatch() {
        ObjectNode c = acl(new String[] {"*"}, new String[] {"*.evil.example"}, null);
        assertThat(ServerAcl.allows(c, "spam.evil.example")).isFalse();
        assertThat(ServerAcl.allows(c, "SPAM.Evil.Example:8448")).isFalse();   // case and port do not matter
        assertThat(ServerAcl.allows(c, "good.example")).isTrue();
    }

    @Test
    void serverShouldBeDeniedWhenNoAllowEntryMatches() {
        ObjectNode c = acl(new String[] {"good.example", "?.friends.org"}, new String[] {}, null);
        assertThat(ServerAcl.allows(c, "good.example")).isTrue();
        assertThat(ServerAcl.allows(c, "a.friends.org")).isTrue();
        assertThat(ServerAcl.allows(c, "ab.friends.org")).isFalse();
        assertThat(ServerAcl.allows(c, "other.example")).isFalse();
    }

    @Test
    void ipLiteralsShouldBeDeniedWhenTheAclSaysSo() {
        ObjectNode c = acl(new String[] {"*"}, new String[] {}, false);
        assertThat(ServerAcl.allows(c, "127.0.0.1:8448")).isFalse();
        assertThat(ServerAcl.allows(c, "[::1]:8448")).isFalse();
        assertThat(ServerAcl.allows(acl(new String[] {"*"}, new String[] {}, null), "127.0.0.1")).isTrue();
    }
}
