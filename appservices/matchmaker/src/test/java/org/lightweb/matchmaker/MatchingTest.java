package org.lightweb.matchmaker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lightweb.plugin.RoomEvent;

class MatchingTest {
    static final long GIB = 1024L * 1024 * 1024;
    int n;

    RoomEvent offer(String server, String region, long offer, long need, int copies, Map<String, Object> extra) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("offer_bytes", offer);
        c.put("need_bytes", need);
        c.put("copies", (long) copies);
        c.put("region", region);
        c.put("uptime", 99.0);
        c.putAll(extra);
        return new RoomEvent("$" + (++n), "!x:a", "@matchmaker:" + server, Protocol.OFFER, server, c, 0, false);
    }

    RoomEvent state(String sender, String type, String key, Map<String, Object> content) {
        return new RoomEvent("$" + (++n), "!x:a", sender, type, key, content, 0, false);
    }

    static List<String> pairs(List<Exchange.Proposal> ps) {
        return ps.stream().map(p -> p.a() + "-" + p.b()).toList();
    }

    @Test
    void proposalsShouldBeTheSameWhateverTheOrderOfTheState() {
        List<RoomEvent> state = new ArrayList<>(List.of(
                offer("a.test", "north", 10 * GIB, 2 * GIB, 1, Map.of()),
                offer("b.test", "south", 10 * GIB, 2 * GIB, 1, Map.of()),
                offer("c.test", "north", 10 * GIB, 3 * GIB, 1, Map.of()),
                offer("d.test", "south", 10 * GIB, 3 * GIB, 1, Map.of())));
        List<Exchange.Proposal> first = Matching.propose(Exchange.of("!x:a", state, 4096));
        Random r = new Random(7);
        for (int i = 0; i < 20; i++) {
            Collections.shuffle(state, r);
            assertThat(Matching.propose(Exchange.of("!x:a", state, 4096))).isEqualTo(first);
        }
        // across regions, balanced needs first: a (2 GiB) with b (2 GiB), c with d
        assertThat(pairs(first)).containsExactly("a.test-b.test", "c.test-d.test");
        assertThat(first.get(0).reasons()).anyMatch(s -> s.startsWith("reciprocal")).anyMatch(s -> s.contains("regions differ: north / south"));
        assertThat(first.get(0).id()).isEqualTo(Protocol.proposalId("b.test", "a.test"));
    }

    @Test
    void capacityAvoidedRegionsAndSameRegionShouldLimitPairs() {
        List<RoomEvent> state = List.of(
                offer("a.test", "north", 1 * GIB, 2 * GIB, 1, Map.of()),          // can't hold b's 2 GiB
                offer("b.test", "south", 10 * GIB, 2 * GIB, 1, Map.of()),
                offer("c.test", "east", 10 * GIB, 1 * GIB, 1, Map.of("avoid_regions", List.of("south"))),
                offer("d.test", "east", 10 * GIB, 1 * GIB, 1, Map.of()));
        List<Exchange.Proposal> ps = Matching.propose(Exchange.of("!x:a", state, 4096));
        // a-b: a has too little room; b-c: c avoids south; c-d: one region and neither has a partner outside it
        assertThat(pairs(ps)).containsExactly("a.test-c.test", "b.test-d.test");
        for (Exchange.Proposal p : ps) assertThat(p.aHoldsForB()).isGreaterThan(0);
    }

    @Test
    void postedDeclinedOrAgreedPairsShouldNotBeProposedAgainAndPendingOnesShouldCount() {
        String ab = Protocol.proposalId("a.test", "b.test");
        List<RoomEvent> state = new ArrayList<>(List.of(
                offer("a.test", "north", 10 * GIB, GIB, 1, Map.of("max_partners", 1L)),
                offer("b.test", "south", 10 * GIB, GIB, 1, Map.of("max_partners", 1L)),
                offer("c.test", "east", 10 * GIB, GIB, 1, Map.of("max_partners", 1L)),
                state("@matchmaker:a.test", Protocol.PROPOSAL, ab, Map.of("servers", List.of("a.test", "b.test"),
                        "holds", Map.of("a.test", GIB, "b.test", GIB)))));
        Exchange x = Exchange.of("!x:a", state, 4096);
        assertThat(x.proposals.get(ab).status()).isEqualTo(Exchange.Status.PENDING);
        assertThat(Matching.propose(x)).as("a and b are taken by the pending proposal; c has nobody").isEmpty();

        state.add(state("@matchmaker:b.test", Protocol.DECISION, ab + "/b.test", Map.of("decision", "decline")));
        x = Exchange.of("!x:a", state, 4096);
        assertThat(x.proposals.get(ab).status()).isEqualTo(Exchange.Status.DECLINED);
        List<Exchange.Proposal> after = Matching.propose(x);
        assertThat(pairs(after)).doesNotContain("a.test-b.test").hasSize(1);
    }

    @Test
    void aPartnerReportedFailingShouldBeReplacedAndNotProposedToAnyone() {
        String ab = Protocol.proposalId("a.test", "b.test");
        List<RoomEvent> state = new ArrayList<>(List.of(
                offer("a.test", "north", 10 * GIB, GIB, 1, Map.of("max_partners", 1L, "failing", List.of("b.test"),
                        "reliability", Map.of("b.test", Map.of("passed", 3L, "failed", 9L)))),
                offer("b.test", "south", 10 * GIB, GIB, 1, Map.of("max_partners", 1L)),
                offer("c.test", "east", 10 * GIB, GIB, 1, Map.of("max_partners", 1L)),
                state("@matchmaker:a.test", Protocol.PROPOSAL, ab, Map.of("servers", List.of("a.test", "b.test"),
                        "holds", Map.of("a.test", GIB, "b.test", GIB))),
                state("@matchmaker:a.test", Protocol.DECISION, ab + "/a.test", Map.of("decision", "accept")),
                state("@matchmaker:b.test", Protocol.DECISION, ab + "/b.test", Map.of("decision", "accept"))));
        Exchange x = Exchange.of("!x:a", state, 4096);
        assertThat(x.proposals.get(ab).status()).isEqualTo(Exchange.Status.AGREED);
        List<Exchange.Proposal> ps = Matching.propose(x);
        assertThat(pairs(ps)).containsExactly("a.test-c.test");
        assertThat(ps.get(0).replaces()).containsExactly(ab);
        assertThat(ps.get(0).reasons()).anyMatch(r -> r.startsWith("replaces " + ab));
        assertThat(Matching.reliability(x).get("b.test")).isEqualTo(4.0 / 14.0);
    }

    @Test
    void forgedMalformedAndOversizedOffersShouldBeIgnoredAndReported() {
        Map<String, Object> big = new LinkedHashMap<>();
        big.put("offer_bytes", GIB);
        big.put("need_bytes", GIB);
        big.put("copies", 1L);
        big.put("region", "north");
        big.put("padding", "x".repeat(5000));
        List<RoomEvent> state = List.of(
                offer("a.test", "north", 10 * GIB, GIB, 1, Map.of()),
                state("@matchmaker:evil.test", Protocol.OFFER, "b.test", Map.of("offer_bytes", 100 * GIB, "need_bytes", 0L, "copies", 1L, "region", "south")),
                state("@matchmaker:c.test", Protocol.OFFER, "c.test", Map.of("offer_bytes", "lots", "need_bytes", 0L, "copies", 1L, "region", "south")),
                state("@matchmaker:d.test", Protocol.OFFER, "d.test", big),
                state("@matchmaker:e.test", Protocol.OFFER, "e.test", Map.of("offer_bytes", GIB, "need_bytes", GIB, "copies", 99L, "region", "south")),
                state("@matchmaker:f.test", Protocol.OFFER, "not a server", Map.of()),
                state("@matchmaker:a.test", Protocol.DECISION, "0123456789abcdef/b.test", Map.of("decision", "accept")));
        Exchange x = Exchange.of("!x:a", state, 4096);
        assertThat(x.offers).containsOnlyKeys("a.test");
        assertThat(x.ignored).hasSize(5)
                .anyMatch(s -> s.contains("offer for b.test sent by @matchmaker:evil.test"))
                .anyMatch(s -> s.contains("offer of c.test is malformed: offer_bytes must be a whole number"))
                .anyMatch(s -> s.contains("offer of d.test is") && s.contains("(at most 4096)"))
                .anyMatch(s -> s.contains("copies must be from 0 to 16"))
                .anyMatch(s -> s.contains("decision 0123456789abcdef/b.test sent by @matchmaker:a.test"));
    }

    @Test
    void offerContentShouldParseBackToTheSameOffer() {
        Offer o = new Offer("a.test", 5 * GIB, GIB, 2, 3, "north", 99.5, List.of("south"), Map.of("b.test", new long[] {4, 1}), List.of("b.test"));
        Offer back = Offer.parse("a.test", "@matchmaker:a.test", o.content(), Json.size(o.content()), 4096).offer();
        assertThat(back).isNotNull();
        assertThat(back.content()).isEqualTo(o.content());
    }
}
