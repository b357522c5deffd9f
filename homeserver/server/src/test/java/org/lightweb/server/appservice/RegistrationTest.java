package org.lightweb.server.appservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RegistrationTest {
    static final String BRIDGE = """
            id: irc
            url: "http://127.0.0.1:9999/"
            as_token: secret-as
            hs_token: secret-hs
            sender_localpart: ircbot
            rate_limited: false
            protocols: [irc]
            de.sorunome.msc2409.push_ephemeral: true
            namespaces:
              users:
                - exclusive: true
                  regex: "@_irc_"
              aliases:
                - exclusive: false
                  regex: "#_irc_.*:kaslo.example"
              rooms:
                - exclusive: false
                  regex: "!bridged:kaslo.example"
            """;

    @Test
    void parseShouldReadEveryFieldWhenTheRegistrationIsABridges() throws Exception {
        Registration r = Registration.parse(BRIDGE, "irc.yaml");
        assertThat(r.id()).isEqualTo("irc");
        assertThat(r.url()).isEqualTo("http://127.0.0.1:9999");
        assertThat(r.rateLimited()).isFalse();
        assertThat(r.receiveEphemeral()).isTrue();
        assertThat(r.protocols()).containsExactly("irc");
        assertThat(r.sender("kaslo.example")).isEqualTo("@ircbot:kaslo.example");
    }

    @Test
    void namespacesShouldMatchFromTheStartAsSynapseDoes() throws Exception {
        Registration r = Registration.parse(BRIDGE, "irc.yaml");
        assertThat(r.isInterestedInUser("@_irc_alice:kaslo.example", "kaslo.example")).isTrue();
        assertThat(r.ownsUserExclusively("@_irc_alice:kaslo.example")).isTrue();
        assertThat(r.isInterestedInUser("@alice_irc_:kaslo.example", "kaslo.example")).isFalse();
        assertThat(r.isInterestedInUser("@ircbot:kaslo.example", "kaslo.example")).isTrue();
        assertThat(r.isInterestedInAlias("#_irc_chan:kaslo.example")).isTrue();
        assertThat(r.ownsAliasExclusively("#_irc_chan:kaslo.example")).isFalse();
        assertThat(r.isInterestedInRoom("!bridged:kaslo.example")).isTrue();
        assertThat(r.isInterestedInRoom("!other:kaslo.example")).isFalse();
    }

    @Test
    void parseShouldNameTheFieldWhenARegistrationIsWrong() {
        assertThatThrownBy(() -> Registration.parse("id: x\nas_token: a\nsender_localpart: b", "f.yaml"))
                .hasMessageContaining("f.yaml").hasMessageContaining("'hs_token'");
        assertThatThrownBy(() -> Registration.parse(BRIDGE.replace("\"@_irc_\"", "\"@_irc_(\""), "f.yaml"))
                .hasMessageContaining("namespaces.users[0].regex");
        assertThatThrownBy(() -> Registration.parse(BRIDGE.replace("http://127.0.0.1:9999/", "ftp://x"), "f.yaml"))
                .hasMessageContaining("'url'");
        assertThatThrownBy(() -> Registration.parse(BRIDGE.replace("secret-hs", "secret-as"), "f.yaml"))
                .hasMessageContaining("must differ");
        assertThatThrownBy(() -> Registration.parse("[1, 2]", "f.yaml")).hasMessageContaining("expected a map");
        assertThatThrownBy(() -> Registration.parse("id: [", "f.yaml")).hasMessageContaining("not valid YAML");
    }

    @Test
    void urlShouldBeNullWhenTheAppserviceWantsNoTransactions() throws Exception {
        assertThat(Registration.parse(BRIDGE.replace("url: \"http://127.0.0.1:9999/\"", "url: null"), "f").url()).isNull();
    }
}
