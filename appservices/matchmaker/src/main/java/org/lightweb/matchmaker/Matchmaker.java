package org.lightweb.matchmaker;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.lightweb.plugin.Bot;
import org.lightweb.plugin.MatrixError;
import org.lightweb.plugin.PluginContext;
import org.lightweb.plugin.PluginDatabase;
import org.lightweb.plugin.RoomEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's matchmaker: its bot hosts or joins the exchange rooms, keeps this node's offer published (with what the
 * file-backup plugin saw of its partners' proof-of-storage challenges), posts the proposals the room's state calls for
 * that involve this node, records agreements once both sides accepted, and tells this node's admins in a notices room.
 * {@link #tick()} does all of it, from the scheduled job and whenever an exchange event arrives; it is idempotent.
 */
final class Matchmaker {
    private static final Logger log = LoggerFactory.getLogger(Matchmaker.class);

    private final PluginContext ctx;
    private final MatchmakerSettings settings;
    private final PluginDatabase db;
    private final Set<String> rooms = new LinkedHashSet<>();
    private final Map<String, String> joinedAs = new java.util.HashMap<>(); // exchange_rooms entry to room id
    private Bot bot;

    Matchmaker(PluginContext ctx, MatchmakerSettings settings) {
        this.ctx = ctx;
        this.settings = settings;
        this.db = ctx.database();
    }

    static Matchmaker of(PluginContext ctx) {
        MatchmakerSettings s = MatchmakerSettings.from(ctx.config());
        return ctx.shared(Matchmaker.class, () -> new Matchmaker(ctx, s));
    }

    String server() {
        return ctx.serverName();
    }

    synchronized Bot bot() {
        if (bot == null) bot = ctx.bot(settings.bot());
        return bot;
    }

    synchronized Set<String> rooms() {
        return Set.copyOf(rooms);
    }

    boolean isExchange(String roomId) {
        synchronized (this) {
            return rooms.contains(roomId);
        }
    }

    /** One round: rooms, offer, proposals, agreements, notices. Failures are logged and retried next round. */
    synchronized void tick() {
        ensureRooms();
        Offer mine = ownOffer();
        for (String room : List.copyOf(rooms)) {
            try {
                round(room, mine);
            } catch (Exception e) {
                log.warn("exchange round failed [room: {}]: {}", room, e.toString());
            }
        }
    }

    private void ensureRooms() {
        if (settings.hostExchange() != null) {
            String alias = "#" + settings.hostExchange() + ":" + server();
            try {
                Optional<String> id = ctx.rooms().resolveAlias(alias);
                if (id.isEmpty()) {
                    Map<String, Object> req = new LinkedHashMap<>();
                    req.put("preset", "public_chat");
                    req.put("room_alias_name", settings.hostExchange());
                    req.put("name", "Backup exchange");
                    req.put("topic", "Lightweb nodes offer and find partners for each other's encrypted backups here.");
                    Map<String, Object> events = new TreeMap<>();
                    for (String t : List.of(Protocol.OFFER, Protocol.PROPOSAL, Protocol.DECISION, Protocol.AGREEMENT)) events.put(t, 0);
                    req.put("power_level_content_override", Map.of("events", events));
                    rooms.add(bot().createRoom(req));
                    log.info("created the backup exchange {}", alias);
                } else if (!ctx.rooms().joinedMembers(id.get()).contains(bot().userId())) {
                    rooms.add(bot().join(id.get()));
                } else {
                    rooms.add(id.get());
                }
            } catch (RuntimeException e) {
                log.warn("could not host the backup exchange {}: {}", alias, e.toString());
            }
        }
        List<String> joined = ctx.rooms().joinedRooms(bot().userId());
        for (String r : settings.exchangeRooms()) {
            try {
                String known = joinedAs.computeIfAbsent(r, k -> stored("room:" + k));
                if (known != null && joined.contains(known)) { // local knowledge, kept across restarts: no federation asked
                    rooms.add(known);
                    continue;
                }
                String id = bot().join(r);
                joinedAs.put(r, id);
                remember("room:" + r, id);
                rooms.add(id);
                log.info("joined the backup exchange {}", r);
            } catch (Exception e) {
                log.warn("could not join the backup exchange {} (tried again next round): {}", r, e.toString());
            }
        }
    }

    /** This node's offer: the configuration, and the file-backup plugin's challenge history of its partners. */
    Offer ownOffer() {
        Map<String, long[]> reliability = new TreeMap<>();
        List<String> failing = new ArrayList<>();
        for (Challenges.Partner p : Challenges.read(db)) {
            reliability.put(p.server(), new long[] {p.passed(), p.failed()});
            if (p.failingSince() > 0 && ctx.clock().millis() - p.failingSince() >= settings.replaceAfter().toMillis()) failing.add(p.server());
        }
        return new Offer(server(), settings.offerBytes(), settings.needBytes(), settings.copies(), settings.maxPartners(), settings.region(),
                settings.uptimePercent(), settings.avoidRegions(), reliability, failing);
    }

    Exchange exchange(String room) {
        return Exchange.of(room, ctx.rooms().state(room), settings.maxOfferBytes());
    }

    private void round(String room, Offer mine) throws Exception {
        Optional<RoomEvent> published = ctx.rooms().stateEvent(room, Protocol.OFFER, server());
        Map<String, Object> content = mine.content();
        // Which offers this node believes: republished when that set changes, so the new offer event's prev_events
        // reach every event this node knows and a server that joined late fetches what it missed (a server only
        // sends its own events; without this, an offer sent before another server joined may never reach it).
        java.util.TreeSet<String> seen = new java.util.TreeSet<>(exchange(room).offers.keySet());
        seen.add(server());
        content.put("seen", List.copyOf(seen));
        // republished when it changed, or when someone else overwrote it (their offer is ignored, and reported)
        if (published.isEmpty() || !published.get().sender().equals(bot().userId()) || !published.get().content().equals(content)) {
            bot().sendState(room, Protocol.OFFER, server(), content);
        }
        Exchange x = exchange(room);
        for (Exchange.Proposal p : Matching.propose(x)) {
            if (!p.involves(server())) continue;
            bot().sendState(room, Protocol.PROPOSAL, p.id(), p.content());
            tell("proposal:" + p.id(), "New backup partnership proposed: " + describe(p) + "\nAccept with !match accept " + p.id()
                    + " or decline with !match decline " + p.id() + ".");
        }
        x = exchange(room);
        for (Exchange.Proposal p : x.proposals.values()) {
            if (!p.involves(server())) continue;
            String other = p.other(server());
            switch (p.status()) {
                case AGREED -> {
                    Optional<RoomEvent> a = ctx.rooms().stateEvent(room, Protocol.AGREEMENT, p.id());
                    if (a.isEmpty() || a.get().content().isEmpty()) {
                        bot().sendState(room, Protocol.AGREEMENT, p.id(), Map.of("servers", List.of(p.a(), p.b()), "holds", p.content().get("holds")));
                    }
                    tell("agreed:" + p.id(), "Backup partnership " + p.id() + " with " + other + " agreed: this node holds "
                            + Matching.bytes(p.holds(server())) + " for it and it holds " + Matching.bytes(p.holds(other))
                            + " for this node. The file-backup plugin replicates to it from now on.");
                    if (mine.failing().contains(other)) {
                        tell("failing:" + p.id(), "Backup partner " + other + " (agreement " + p.id() + ") has failed its proof-of-storage"
                                + " challenges for longer than " + settings.replaceAfter() + ": a replacement is being proposed (!match proposals).");
                    }
                }
                case PENDING -> {
                    if (!p.decisions().containsKey(server())) {
                        tell("proposal:" + p.id(), "New backup partnership proposed: " + describe(p) + "\nAccept with !match accept " + p.id()
                                + " or decline with !match decline " + p.id() + ".");
                    }
                }
                case ENDED, DECLINED -> {
                    String by = p.decisions().entrySet().stream().filter(e -> !e.getValue().equals("accept")).map(Map.Entry::getKey)
                            .findFirst().orElse(other);
                    if (!by.equals(server()))
                        tell("closed:" + p.id(), "Backup partnership " + p.id() + " with " + other + " was "
                                + (p.status() == Exchange.Status.ENDED ? "ended" : "declined") + " by " + by + ".");
                }
            }
        }
        for (String why : x.ignored) tell("ignored:" + Integer.toHexString(why.hashCode()), "Ignored in the backup exchange: " + why);
    }

    static String describe(Exchange.Proposal p) {
        StringBuilder b = new StringBuilder(p.id()).append(": ").append(p.a()).append(" <-> ").append(p.b());
        for (String r : p.reasons()) b.append("\n  - ").append(r);
        return b.toString();
    }

    /** Records this node's decision on a proposal (posting the proposal first if only computed so far). */
    synchronized String decide(String id, String decision) throws Exception {
        for (String room : List.copyOf(rooms)) {
            Exchange x = exchange(room);
            Exchange.Proposal p = x.proposals.get(id);
            if (p == null) {
                for (Exchange.Proposal n : Matching.propose(x)) if (n.id().equals(id)) p = n;
                if (p != null && p.involves(server())) bot().sendState(room, Protocol.PROPOSAL, p.id(), p.content());
            }
            if (p == null) continue;
            if (!p.involves(server())) throw new MatrixError(403, "M_FORBIDDEN", "proposal " + id + " is between " + p.a() + " and " + p.b() + ", not this node");
            Exchange.Status st = p.status();
            if (decision.equals("end") && st != Exchange.Status.AGREED && st != Exchange.Status.PENDING)
                throw MatrixError.invalidParam("proposal " + id + " is " + st.name().toLowerCase() + ": nothing to end");
            if (!decision.equals("end") && (st == Exchange.Status.ENDED || st == Exchange.Status.DECLINED))
                throw MatrixError.invalidParam("proposal " + id + " is already " + st.name().toLowerCase());
            bot().sendState(room, Protocol.DECISION, Protocol.decisionKey(id, server()), Map.of("decision", decision));
            tick();
            Exchange.Proposal after = exchange(room).proposals.get(id);
            Exchange.Status now = after == null ? st : after.status();
            return switch (now) {
                case AGREED -> "Agreed with " + p.other(server()) + ": replication starts.";
                case PENDING -> "Accepted; waiting for " + p.other(server()) + ".";
                case DECLINED -> "Declined.";
                case ENDED -> "Ended: " + p.other(server()) + " is no longer a backup partner of this node.";
            };
        }
        throw MatrixError.notFound("no proposal " + id + " in the backup exchange (see !match proposals)");
    }

    /** Tells this node's admins once per key, in the matchmaker's notices room (made on first use). */
    private void tell(String key, String text) {
        try {
            if (told(key)) return;
            String room = noticeRoom();
            if (room == null) return;
            bot().notice(room, text, null);
            remember("told:" + key, Long.toString(ctx.clock().millis()));
        } catch (Exception e) {
            log.warn("could not tell the admins [{}]: {}", key, e.toString());
        }
    }

    private boolean told(String key) throws Exception {
        return value("told:" + key) != null;
    }

    /** The private room where the bot tells this node's admins what happens; null while there is no admin. */
    String noticeRoom() throws Exception {
        String room = value("notice_room");
        List<String> admins = ctx.users().admins();
        if (room == null) {
            if (admins.isEmpty()) return null;
            Map<String, Object> req = new LinkedHashMap<>();
            req.put("preset", "private_chat");
            req.put("name", "Backup match-making");
            req.put("topic", "The matchmaker tells this node's admins about backup partnerships here. Commands: !match in the admin room.");
            req.put("invite", admins);
            room = bot().createRoom(req);
            remember("notice_room", room);
            for (String a : admins) remember("invited:" + a, "1");
            return room;
        }
        for (String a : admins) {
            if (value("invited:" + a) != null) continue;
            try {
                bot().invite(room, a);
            } catch (RuntimeException e) {
                log.debug("could not invite {} to the notices room: {}", a, e.toString());
            }
            remember("invited:" + a, "1");
        }
        return room;
    }

    private String stored(String name) {
        try {
            return value(name);
        } catch (Exception e) {
            throw new IllegalStateException("could not read " + name, e);
        }
    }

    private String value(String name) throws Exception {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT value FROM matchmaker_state WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    private void remember(String name, String value) throws Exception {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO matchmaker_state (name, value) VALUES (?, ?)"
                    + " ON CONFLICT (name) DO UPDATE SET value = excluded.value")) {
                ps.setString(1, name);
                ps.setString(2, value);
                return ps.executeUpdate();
            }
        });
    }
}
