package org.lightweb.plugin.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lightweb.plugin.RoomEvent;
import org.lightweb.plugin.testkit.FakePluginContext;

/** Agreements in an exchange room the matchmaker bot is in become partners; half-agreed or forged ones do not. */
class AgreedPartnersTest {
    static final String ROOM = "!exchange:kaslo.test";
    final ReplicationTest.MovableClock clock = new ReplicationTest.MovableClock();
    FakePluginContext kaslo;
    AgreedPartners partners;
    int n;

    @BeforeEach
    void start() {
        kaslo = FakePluginContext.builder("file-backup").serverName("kaslo.test").clock(clock)
                .config(Map.of("partners", List.of("static.test"), "replication_interval", "10s")).build();
        kaslo.rooms().add(ROOM).join(ROOM, "@matchmaker:kaslo.test");
        partners = new AgreedPartners(kaslo, FileBackupSettings.from(kaslo.config()));
    }

    @AfterEach
    void stop() {
        kaslo.close();
    }

    void state(String sender, String type, String key, Map<String, Object> content) {
        kaslo.rooms().state(new RoomEvent("$" + (++n), ROOM, sender, type, key, content, 0, sender.endsWith(":kaslo.test")));
    }

    void proposal(String id, String a, String b, String sender) {
        state(sender, AgreedPartners.PROPOSAL, id, Map.of("servers", List.of(a, b)));
    }

    void decide(String id, String server, String sender, String decision) {
        state(sender, AgreedPartners.DECISION, id + "/" + server, Map.of("decision", decision));
    }

    @Test
    void partnersShouldBeTheConfiguredOnesPlusEveryAgreementWhenBothSidesAccepted() {
        proposal("p1", "kaslo.test", "nelson.test", "@matchmaker:nelson.test");
        decide("p1", "kaslo.test", "@matchmaker:kaslo.test", "accept");
        decide("p1", "nelson.test", "@matchmaker:nelson.test", "accept");
        // only kaslo accepted
        proposal("p2", "castlegar.test", "kaslo.test", "@matchmaker:castlegar.test");
        decide("p2", "kaslo.test", "@matchmaker:kaslo.test", "accept");
        // another server's decision forged by a third one
        proposal("p3", "kaslo.test", "rossland.test", "@matchmaker:rossland.test");
        decide("p3", "kaslo.test", "@mallory:evil.test", "accept");
        decide("p3", "rossland.test", "@matchmaker:rossland.test", "accept");
        // an agreement between two others
        proposal("p4", "nelson.test", "trail.test", "@matchmaker:trail.test");
        decide("p4", "nelson.test", "@matchmaker:nelson.test", "accept");
        decide("p4", "trail.test", "@matchmaker:trail.test", "accept");
        assertThat(partners.servers()).containsExactly("static.test", "nelson.test");
    }

    @Test
    void anEndedAgreementShouldStopBeingAPartnerAtTheNextRead() {
        proposal("p1", "kaslo.test", "nelson.test", "@matchmaker:kaslo.test");
        decide("p1", "kaslo.test", "@matchmaker:kaslo.test", "accept");
        decide("p1", "nelson.test", "@matchmaker:nelson.test", "accept");
        assertThat(partners.servers()).contains("nelson.test");
        decide("p1", "nelson.test", "@matchmaker:nelson.test", "end");
        assertThat(partners.servers()).as("cached until replication_interval").contains("nelson.test");
        clock.now = clock.now.plusSeconds(10);
        assertThat(partners.servers()).containsExactly("static.test");
    }

    @Test
    void roomsTheBotIsNotInShouldNotCount() {
        kaslo.rooms().leave(ROOM, "@matchmaker:kaslo.test");
        proposal("p1", "kaslo.test", "nelson.test", "@matchmaker:kaslo.test");
        decide("p1", "kaslo.test", "@matchmaker:kaslo.test", "accept");
        decide("p1", "nelson.test", "@matchmaker:nelson.test", "accept");
        assertThat(partners.servers()).containsExactly("static.test");
    }
}
