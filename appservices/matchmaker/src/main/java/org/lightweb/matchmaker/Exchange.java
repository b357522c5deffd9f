package org.lightweb.matchmaker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lightweb.plugin.RoomEvent;

/**
 * What one exchange room's state says: the offers believed, the ones ignored (and why), the proposals and each
 * side's decision. Built from the room's current state only, so every node that has the same state builds the same.
 */
final class Exchange {
    /** A proposal's standing. */
    enum Status { PENDING, AGREED, DECLINED, ENDED }

    /** A posted proposal and the decisions on it. */
    record Proposal(String id, String a, String b, long aHoldsForB, long bHoldsForA, List<String> reasons, List<String> replaces,
                    Map<String, String> decisions) {
        Status status() {
            if (decisions.containsValue("end")) return Status.ENDED;
            if (decisions.containsValue("decline")) return Status.DECLINED;
            if ("accept".equals(decisions.get(a)) && "accept".equals(decisions.get(b))) return Status.AGREED;
            return Status.PENDING;
        }

        boolean involves(String server) {
            return a.equals(server) || b.equals(server);
        }

        String other(String server) {
            return a.equals(server) ? b : a;
        }

        /** What {@code server} holds for its partner. */
        long holds(String server) {
            return a.equals(server) ? aHoldsForB : bHoldsForA;
        }

        Map<String, Object> content() {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("servers", List.of(a, b));
            m.put("holds", Map.of(a, aHoldsForB, b, bHoldsForA));
            m.put("reasons", reasons);
            m.put("replaces", replaces);
            return m;
        }
    }

    final String roomId;
    final Map<String, Offer> offers = new TreeMap<>();
    final List<String> ignored = new ArrayList<>();
    final Map<String, Proposal> proposals = new TreeMap<>();

    private Exchange(String roomId) {
        this.roomId = roomId;
    }

    static Exchange of(String roomId, List<RoomEvent> state, int maxOfferBytes) {
        Exchange x = new Exchange(roomId);
        Map<String, Map<String, String>> decisions = new TreeMap<>();
        List<RoomEvent> proposals = new ArrayList<>();
        for (RoomEvent e : state) {
            switch (e.type()) {
                case Protocol.OFFER -> {
                    if (e.content().isEmpty()) continue; // withdrawn
                    Offer.Parsed p = Offer.parse(e.stateKey(), e.sender(), e.content(), Json.size(e.content()), maxOfferBytes);
                    if (p.offer() != null) x.offers.put(p.offer().server(), p.offer());
                    else x.ignored.add(p.ignored());
                }
                case Protocol.PROPOSAL -> proposals.add(e);
                case Protocol.DECISION -> {
                    String key = e.stateKey();
                    int slash = key.indexOf('/');
                    Object d = e.content().get("decision");
                    if (slash < 0 || !(d instanceof String decision) || !List.of("accept", "decline", "end").contains(decision)) {
                        if (!e.content().isEmpty()) x.ignored.add("decision " + Offer.shorten(key) + " is malformed");
                        continue;
                    }
                    String server = key.substring(slash + 1);
                    if (!server.equals(Protocol.serverOf(e.sender()))) {
                        x.ignored.add("decision " + Offer.shorten(key) + " sent by " + Offer.shorten(e.sender()) + ", a user of another server");
                        continue;
                    }
                    decisions.computeIfAbsent(key.substring(0, slash), k -> new TreeMap<>()).put(server, decision);
                }
                default -> { }
            }
        }
        for (RoomEvent e : proposals) {
            Proposal p = proposal(e, decisions.getOrDefault(e.stateKey(), Map.of()));
            if (p == null) {
                if (!e.content().isEmpty()) x.ignored.add("proposal " + Offer.shorten(e.stateKey()) + " is malformed or not sent by one of its servers");
                continue;
            }
            x.proposals.put(p.id(), p);
        }
        return x;
    }

    /** A proposal event, believed when its id is its servers' and its sender a user of one of them. */
    @SuppressWarnings("unchecked")
    private static Proposal proposal(RoomEvent e, Map<String, String> decisions) {
        Map<String, Object> c = e.content();
        if (!(c.get("servers") instanceof List<?> s) || s.size() != 2 || !(s.get(0) instanceof String a) || !(s.get(1) instanceof String b))
            return null;
        if (!Protocol.validServer(a) || !Protocol.validServer(b) || a.compareTo(b) >= 0) return null;
        if (!Protocol.proposalId(a, b).equals(e.stateKey())) return null;
        String from = Protocol.serverOf(e.sender());
        if (!a.equals(from) && !b.equals(from)) return null;
        if (!(c.get("holds") instanceof Map<?, ?> holds) || !(holds.get(a) instanceof Number ha) || !(holds.get(b) instanceof Number hb)) return null;
        List<String> reasons = strings(c.get("reasons"));
        List<String> replaces = strings(c.get("replaces"));
        Map<String, String> d = new TreeMap<>();
        decisions.forEach((server, decision) -> { if (server.equals(a) || server.equals(b)) d.put(server, decision); });
        return new Proposal(e.stateKey(), a, b, ha.longValue(), hb.longValue(), reasons, replaces, d);
    }

    private static List<String> strings(Object v) {
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> l) for (Object o : l) if (o instanceof String s && out.size() < 32) out.add(Offer.shorten(s));
        return out;
    }
}
