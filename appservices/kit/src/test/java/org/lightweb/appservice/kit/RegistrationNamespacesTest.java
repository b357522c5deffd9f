package org.lightweb.appservice.kit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Namespaces as the homeserver reads them: Synapse's re.match semantics (from the start of the id). */
class RegistrationNamespacesTest {
    static final String BRIDGE = """
            id: irc
            url: "http://127.0.0.1:9999"
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
                  regex: "!bridged:kaslo.example$"
            """;

    @Test
    void namespacesShouldMatchFromTheStartAsSynapseDoes() {
        Registration r = Registration.parse(BRIDGE);
        assertThat(r.isInterestedInUser("@_irc_alice:kaslo.example", "kaslo.example")).isTrue();
        assertThat(r.ownsUserExclusively("@_irc_alice:kaslo.example")).isTrue();
        assertThat(r.isInterestedInUser("@alice_irc_:kaslo.example", "kaslo.example")).isFalse();
        assertThat(r.isInterestedInUser("@ircbot:kaslo.example", "kaslo.example")).isTrue();
        assertThat(r.isInterestedInUser("@ircbot:kaslo.example")).isFalse();
        assertThat(r.isInterestedInAlias("#_irc_chan:kaslo.example")).isTrue();
        assertThat(r.ownsAliasExclusively("#_irc_chan:kaslo.example")).isFalse();
        assertThat(r.isInterestedInRoom("!bridged:kaslo.example")).isTrue();
        assertThat(r.isInterestedInRoom("!bridged:kaslo.example.other")).isFalse();
        assertThat(r.isInterestedInRoom("!other:kaslo.example")).isFalse();
    }

    @Test
    void msc2409SpellingShouldTurnOnEphemeralWhenABridgeUsesIt() {
        Registration r = Registration.parse(BRIDGE);
        assertThat(r.receiveEphemeral()).isTrue();
        assertThat(r.rateLimited()).isFalse();
        assertThat(r.protocols()).containsExactly("irc");
    }
}
