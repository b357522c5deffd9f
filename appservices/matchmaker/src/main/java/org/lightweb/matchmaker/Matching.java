package org.lightweb.matchmaker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The proposals an exchange's state calls for, computed the same way on every node (no clock, no randomness, no
 * local knowledge: only the room's state), so any two nodes with the same state propose the same pairs.
 *
 * <ol>
 *   <li>A partnership counts for a node while it is agreed or pending, unless the node itself reports the partner
 *       failing its storage challenges: then the node wants a replacement, and the new proposal names what it
 *       replaces. Capacity stays reserved for every agreed or pending partnership (the data is still held).</li>
 *   <li>Candidates: pairs of nodes with offers, neither reported failing by anyone, never proposed to each other
 *       before (a declined or ended pair is not proposed again), each outside the other's avoided regions.</li>
 *   <li>Order: pairs across regions first, then the better reliability of the weaker side (proof-of-storage history
 *       from every node's reports, (passed+1)/(passed+failed+2)), then the closer needs (balance), then the names.</li>
 *   <li>First pass, reciprocal pairs: both still want a partner and each can hold what the other needs. Second pass,
 *       help: a node that still wants a partner with one that has room and is under its {@code max_partners}.</li>
 *   <li>A pair in one region is taken only when both already have a partner outside it.</li>
 * </ol>
 */
final class Matching {
    private Matching() {
    }

    private static final class Node {
        final Offer offer;
        int count;
        long used;
        boolean outside;
        final List<String> replaces = new ArrayList<>();

        Node(Offer offer) {
            this.offer = offer;
        }

        int wanted() {
            return offer.copies() - count;
        }

        long remaining() {
            return offer.offerBytes() - used;
        }
    }

    /** The new proposals, in order. */
    static List<Exchange.Proposal> propose(Exchange x) {
        Map<String, Node> nodes = new HashMap<>();
        for (Offer o : x.offers.values()) nodes.put(o.server(), new Node(o));
        Set<String> failing = new TreeSet<>();
        for (Offer o : x.offers.values()) failing.addAll(o.failing());

        for (Exchange.Proposal p : x.proposals.values()) {
            Exchange.Status st = p.status();
            if (st != Exchange.Status.AGREED && st != Exchange.Status.PENDING) continue;
            for (String s : List.of(p.a(), p.b())) {
                Node n = nodes.get(s);
                if (n == null) continue;
                String other = p.other(s);
                n.used += p.holds(s);
                if (st == Exchange.Status.AGREED && n.offer.failing().contains(other)) {
                    n.replaces.add(p.id());
                    continue;
                }
                n.count++;
                Node o = nodes.get(other);
                if (o != null && !o.offer.region().equals(n.offer.region())) n.outside = true;
            }
        }

        Map<String, Double> reliability = reliability(x);
        List<String[]> candidates = new ArrayList<>();
        List<String> names = new ArrayList<>(new TreeSet<>(nodes.keySet()));
        for (int i = 0; i < names.size(); i++) {
            for (int j = i + 1; j < names.size(); j++) {
                String a = names.get(i);
                String b = names.get(j);
                if (failing.contains(a) || failing.contains(b) || x.proposals.containsKey(Protocol.proposalId(a, b))) continue;
                Offer oa = nodes.get(a).offer;
                Offer ob = nodes.get(b).offer;
                if (oa.avoidRegions().contains(ob.region()) || ob.avoidRegions().contains(oa.region())) continue;
                candidates.add(new String[] {a, b});
            }
        }
        candidates.sort(Comparator.<String[]>comparingInt(c -> nodes.get(c[0]).offer.region().equals(nodes.get(c[1]).offer.region()) ? 1 : 0)
                .thenComparingDouble(c -> -Math.round(Math.min(reliability.get(c[0]), reliability.get(c[1])) * 100) / 100.0)
                .thenComparingLong(c -> Math.abs(nodes.get(c[0]).offer.needBytes() - nodes.get(c[1]).offer.needBytes()))
                .thenComparing(c -> c[0]).thenComparing(c -> c[1]));

        List<Exchange.Proposal> out = new ArrayList<>();
        for (boolean helping : new boolean[] {false, true}) {
            for (String[] c : candidates) {
                Node a = nodes.get(c[0]);
                Node b = nodes.get(c[1]);
                if (x.proposals.containsKey(Protocol.proposalId(c[0], c[1])) || taken(out, c[0], c[1])) continue;
                boolean fits = a.remaining() >= b.offer.needBytes() && b.remaining() >= a.offer.needBytes();
                boolean sameRegion = a.offer.region().equals(b.offer.region());
                if (!fits || (sameRegion && !(a.outside && b.outside))) continue;
                boolean pick;
                if (!helping) pick = a.wanted() > 0 && b.wanted() > 0;
                else pick = (a.wanted() > 0 && b.wanted() <= 0 && b.count < b.offer.maxPartners())
                        || (b.wanted() > 0 && a.wanted() <= 0 && a.count < a.offer.maxPartners());
                if (!pick) continue;
                out.add(proposal(a, b, helping, sameRegion, reliability));
                for (Node n : List.of(a, b)) {
                    Node other = n == a ? b : a;
                    n.count++;
                    n.used += other.offer.needBytes();
                    if (!sameRegion) n.outside = true;
                }
            }
        }
        return out;
    }

    private static boolean taken(List<Exchange.Proposal> out, String a, String b) {
        for (Exchange.Proposal p : out) if (p.a().equals(a) && p.b().equals(b)) return true;
        return false;
    }

    private static Exchange.Proposal proposal(Node a, Node b, boolean helping, boolean sameRegion, Map<String, Double> rel) {
        String sa = a.offer.server();
        String sb = b.offer.server();
        List<String> reasons = new ArrayList<>();
        if (!helping) {
            reasons.add("reciprocal: " + sa + " holds " + bytes(b.offer.needBytes()) + " for " + sb + ", " + sb + " holds "
                    + bytes(a.offer.needBytes()) + " for " + sa + " (needs differ by " + bytes(Math.abs(a.offer.needBytes() - b.offer.needBytes())) + ")");
        } else {
            Node wants = a.wanted() > 0 ? a : b;
            Node helps = wants == a ? b : a;
            reasons.add("help: " + wants.offer.server() + " still wants " + wants.wanted() + " partner(s); " + helps.offer.server()
                    + " has room (" + helps.count + " of at most " + helps.offer.maxPartners() + " partners)");
        }
        reasons.add(sameRegion ? "same region " + a.offer.region() + ", both already have a partner outside it"
                : "regions differ: " + a.offer.region() + " / " + b.offer.region());
        reasons.add("capacity left after this: " + sa + " " + bytes(a.remaining() - b.offer.needBytes()) + ", " + sb + " "
                + bytes(b.remaining() - a.offer.needBytes()));
        reasons.add(String.format(Locale.ROOT, "reliability (proof of storage): %s %.2f, %s %.2f; uptime %.1f%% / %.1f%%",
                sa, rel.get(sa), sb, rel.get(sb), a.offer.uptime(), b.offer.uptime()));
        Set<String> replaces = new LinkedHashSet<>();
        replaces.addAll(a.replaces);
        replaces.addAll(b.replaces);
        for (String r : replaces) reasons.add("replaces " + r + ": a partner reported failing its storage challenges");
        a.replaces.clear();
        b.replaces.clear();
        return new Exchange.Proposal(Protocol.proposalId(sa, sb), sa, sb, b.offer.needBytes(), a.offer.needBytes(), List.copyOf(reasons),
                List.copyOf(replaces), Map.of());
    }

    /** Every server's reliability from every report about it: (passed + 1) / (passed + failed + 2). */
    static Map<String, Double> reliability(Exchange x) {
        Map<String, long[]> sums = new HashMap<>();
        for (Offer o : x.offers.values()) {
            o.reliability().forEach((server, r) -> {
                if (server.equals(o.server())) return; // nobody vouches for themselves
                long[] s = sums.computeIfAbsent(server, k -> new long[2]);
                s[0] += r[0];
                s[1] += r[1];
            });
        }
        Map<String, Double> out = new HashMap<>();
        for (String s : x.offers.keySet()) {
            long[] r = sums.getOrDefault(s, new long[2]);
            out.put(s, (r[0] + 1.0) / (r[0] + r[1] + 2.0));
        }
        return out;
    }

    static String bytes(long n) {
        if (n < 1024) return n + " B";
        String[] u = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = n;
        int i = -1;
        while (v >= 1024 && i < u.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, u[i]);
    }
}
