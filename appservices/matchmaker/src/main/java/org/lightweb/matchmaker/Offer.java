package org.lightweb.matchmaker;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One node's offer and need, as its {@code org.lightweb.backup.offer} state event says (state key: its server name).
 *
 * @param offerBytes   what it can hold for others, in all
 * @param needBytes    what it wants held by each partner
 * @param copies       how many partners it wants
 * @param maxPartners  how many partners it will have at most (helping nodes that still want one)
 * @param uptime       expected uptime, percent
 * @param avoidRegions regions it wants no partner in
 * @param reliability  what it saw of its partners' proof-of-storage challenges: server to [passed, failed]
 * @param failing      partners it has seen failing their challenges for longer than its own replacement time
 */
record Offer(String server, long offerBytes, long needBytes, int copies, int maxPartners, String region, double uptime,
             List<String> avoidRegions, Map<String, long[]> reliability, List<String> failing) {

    /** Limits on what is believed; anything past them is ignored and reported. */
    static final int MAX_LIST = 64;
    static final int MAX_TEXT = 64;

    /** An offer, or why it was ignored. */
    record Parsed(Offer offer, String ignored) {}

    /**
     * Checks an offer event: the state key must be a server name and the sender a user of that server (else someone
     * speaks for another server); numbers in range, lists and texts short.
     */
    static Parsed parse(String stateKey, String sender, Map<String, Object> c, int contentBytes, int maxContentBytes) {
        if (!Protocol.validServer(stateKey)) return ignored("state key " + shorten(stateKey) + " is not a server name");
        if (!stateKey.equals(Protocol.serverOf(sender)))
            return ignored("offer for " + stateKey + " sent by " + shorten(sender) + ", a user of another server");
        if (contentBytes > maxContentBytes) return ignored("offer of " + stateKey + " is " + contentBytes + " bytes (at most " + maxContentBytes + ")");
        try {
            long offer = number(c, "offer_bytes", 0, Long.MAX_VALUE / 4);
            long need = number(c, "need_bytes", 0, Long.MAX_VALUE / 4);
            int copies = (int) number(c, "copies", 0, 16);
            int max = c.containsKey("max_partners") ? (int) number(c, "max_partners", 0, 64) : copies + 1;
            String region = text(c, "region");
            double uptime = c.get("uptime") instanceof Number n ? n.doubleValue() : 0;
            if (uptime < 0 || uptime > 100 || Double.isNaN(uptime)) throw new IllegalArgumentException("uptime must be a percentage");
            List<String> avoid = texts(c.get("avoid_regions"), "avoid_regions");
            List<String> failing = texts(c.get("failing"), "failing");
            for (String f : failing) if (!Protocol.validServer(f)) throw new IllegalArgumentException("failing names " + shorten(f) + ", not a server");
            Map<String, long[]> rel = new TreeMap<>();
            if (c.get("reliability") instanceof Map<?, ?> m) {
                if (m.size() > MAX_LIST) throw new IllegalArgumentException("reliability lists over " + MAX_LIST + " servers");
                for (var e : m.entrySet()) {
                    if (!(e.getKey() instanceof String s) || !Protocol.validServer(s) || !(e.getValue() instanceof Map<?, ?> r))
                        throw new IllegalArgumentException("reliability is {server: {passed, failed}}");
                    @SuppressWarnings("unchecked") Map<String, Object> counts = (Map<String, Object>) r;
                    rel.put(s, new long[] {number(counts, "passed", 0, Long.MAX_VALUE / 4), number(counts, "failed", 0, Long.MAX_VALUE / 4)});
                }
            } else if (c.containsKey("reliability")) {
                throw new IllegalArgumentException("reliability is {server: {passed, failed}}");
            }
            return new Parsed(new Offer(stateKey, offer, need, copies, Math.max(max, copies), region, uptime, avoid, rel, failing), null);
        } catch (IllegalArgumentException e) {
            return ignored("offer of " + stateKey + " is malformed: " + e.getMessage());
        }
    }

    private static Parsed ignored(String why) {
        return new Parsed(null, why);
    }

    static String shorten(String s) {
        if (s == null) return "(none)";
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    private static long number(Map<String, Object> c, String key, long min, long max) {
        Object v = c.get(key);
        if (!(v instanceof Long || v instanceof Integer)) throw new IllegalArgumentException(key + " must be a whole number");
        long n = ((Number) v).longValue();
        if (n < min || n > max) throw new IllegalArgumentException(key + " must be from " + min + " to " + max);
        return n;
    }

    private static String text(Map<String, Object> c, String key) {
        if (!(c.get(key) instanceof String s) || s.isBlank() || s.length() > MAX_TEXT)
            throw new IllegalArgumentException(key + " must be a text of 1 to " + MAX_TEXT + " characters");
        return s;
    }

    private static List<String> texts(Object v, String key) {
        if (v == null) return List.of();
        if (!(v instanceof Collection<?> list) || list.size() > MAX_LIST)
            throw new IllegalArgumentException(key + " must be a list of at most " + MAX_LIST + " texts");
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s) || s.isBlank() || s.length() > 255) throw new IllegalArgumentException(key + " must be a list of texts");
            out.add(s);
        }
        return List.copyOf(out);
    }

    /** The event content this offer is published as. */
    Map<String, Object> content() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("offer_bytes", offerBytes);
        m.put("need_bytes", needBytes);
        m.put("copies", (long) copies);
        m.put("max_partners", (long) maxPartners);
        m.put("region", region);
        m.put("uptime", uptime);
        m.put("avoid_regions", avoidRegions);
        Map<String, Object> rel = new TreeMap<>();
        reliability.forEach((s, r) -> rel.put(s, Map.of("passed", r[0], "failed", r[1])));
        m.put("reliability", rel);
        m.put("failing", failing);
        return m;
    }
}
