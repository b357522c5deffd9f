package org.lightweb.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerNameTest {
    @Test
    void isValidShouldAcceptTheSpecExamples() {
        for (String s : new String[] {"matrix.org", "matrix.org:8888", "1.2.3.4", "1.2.3.4:1234",
                "[1234:5678::abcd]", "[1234:5678::abcd]:5678", "localhost:8448"}) {
            assertThat(ServerName.isValid(s)).as(s).isTrue();
        }
    }

    @Test
    void isValidShouldRejectWhenPortOrHostIsBad() {
        for (String s : new String[] {"", "matrix.org:", "matrix.org:99999", "matrix.org:12a", "mat rix.org",
                "300.1.1.1", "[zz::1]", "exa_mple.org"}) {
            assertThat(ServerName.isValid(s)).as(s).isFalse();
        }
    }

    @Test
    void hostAndPortShouldSplitWhenPortIsExplicit() {
        ServerName n = new ServerName("[::1]:8448");
        assertThat(n.host()).isEqualTo("[::1]");
        assertThat(n.port()).contains(8448);
        assertThat(new ServerName("kaslo.example").port()).isEmpty();
    }
}
