package org.lightweb.appservice.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RegistrationTest {
    static final String BRIDGE = """
            id: irc-bridge
            url: http://127.0.0.1:9000
            as_token: 30c05ae90a248a4188e620216fa72e349803310ec83e2a77b34fe90be6081f46
            hs_token: 312df522183efd404ec1cd22d2ffa4bbc76a8c1ccf541dd692eef281356bb74e
            sender_localpart: _irc_bot
            rate_limited: false
            protocols: [irc]
            de.sorunome.msc2409.push_ephemeral: true
            namespaces:
              users:
                - exclusive: true
                  regex: "@_irc_bridge_.*:example\\\\.org"
              aliases:
                - exclusive: false
                  regex: "#_irc_bridge_.*"
              rooms: []
            """;

    @Test
    void parseShouldReadEveryFieldWhenRegistrationIsABridgeOne() {
        Registration r = Registration.parse(BRIDGE);
        assertThat(r.id()).isEqualTo("irc-bridge");
        assertThat(r.url()).isEqualTo("http://127.0.0.1:9000");
        assertThat(r.senderLocalpart()).isEqualTo("_irc_bot");
        assertThat(r.rateLimited()).isFalse();
        assertThat(r.protocols()).containsExactly("irc");
        assertThat(r.receiveEphemeral()).isTrue();
        assertThat(r.namespaces().users()).hasSize(1);
        assertThat(r.namespaces().users().get(0).exclusive()).isTrue();
        assertThat(r.isInterestedInUser("@_irc_bridge_bob:example.org")).isTrue();
        assertThat(r.isInterestedInUser("@bob:example.org")).isFalse();
        assertThat(r.namespaces().aliases().get(0).exclusive()).isFalse();
    }

    @Test
    void parseShouldAcceptNullUrlAndDefaultRateLimitedWhenAppserviceOnlySends() {
        Registration r = Registration.parse("""
                id: sender
                url: null
                as_token: a
                hs_token: h
                sender_localpart: bot
                namespaces: {users: []}
                """);
        assertThat(r.url()).isNull();
        assertThat(r.rateLimited()).isTrue();
        assertThat(r.receiveEphemeral()).isFalse();
    }

    @Test
    void parseShouldNameEveryBadFieldWhenRegistrationIsBroken() {
        assertThatThrownBy(() -> Registration.parse("""
                id: ""
                url: ftp://nope
                as_token: same
                hs_token: same
                sender_localpart: "Bad Bot"
                rate_limited: "yes"
                namespaces:
                  users:
                    - regex: "(unclosed"
                      exclusive: true
                    - exclusive: maybe
                      regex: "@x"
                """))
                .isInstanceOfSatisfying(Registration.InvalidRegistrationException.class, e -> assertThat(e.problems())
                        .anyMatch(p -> p.startsWith("'id'"))
                        .anyMatch(p -> p.startsWith("'url'"))
                        .anyMatch(p -> p.contains("'as_token' and 'hs_token' must differ"))
                        .anyMatch(p -> p.startsWith("'sender_localpart'"))
                        .anyMatch(p -> p.startsWith("'rate_limited'"))
                        .anyMatch(p -> p.startsWith("'namespaces.users[0].regex' is not a valid regular expression"))
                        .anyMatch(p -> p.startsWith("'namespaces.users[1].exclusive'")));
    }

    @Test
    void parseShouldSayWhatIsMissingWhenFieldsAreAbsent() {
        assertThatThrownBy(() -> Registration.parse("id: x\n"))
                .isInstanceOf(Registration.InvalidRegistrationException.class)
                .hasMessageContaining("'url' is missing").hasMessageContaining("'as_token' is missing")
                .hasMessageContaining("'hs_token' is missing").hasMessageContaining("'sender_localpart' is missing")
                .hasMessageContaining("'namespaces' is missing");
    }

    @Test
    void parseShouldFailClearlyWhenTextIsNotYaml() {
        assertThatThrownBy(() -> Registration.parse("id: [unclosed")).hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> Registration.parse("- a list")).hasMessageContaining("YAML mapping");
    }

    @Test
    void toYamlShouldRoundTripWhenParsedAgain() {
        Registration r = Registration.parse(BRIDGE);
        Registration again = Registration.parse(r.toYaml());
        assertThat(again.id()).isEqualTo(r.id());
        assertThat(again.hsToken()).isEqualTo(r.hsToken());
        assertThat(again.receiveEphemeral()).isTrue();
        assertThat(again.namespaces().users().get(0).regex().pattern())
                .isEqualTo(r.namespaces().users().get(0).regex().pattern());
    }
}
