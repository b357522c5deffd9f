package org.lightweb.matchmaker;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lightweb.plugin.AdminCommand;
import org.lightweb.plugin.EventListener;
import org.lightweb.plugin.LightwebPlugin;
import org.lightweb.plugin.MatrixError;
import org.lightweb.plugin.PluginContext;
import org.lightweb.plugin.RoomEvent;
import org.lightweb.plugin.ScheduledJob;
import org.pf4j.Extension;

/**
 * Mutual-backup match-making (issue #13). Start checks the configuration (a mistake refuses the start, naming the key)
 * and makes the bot user; the rounds run from {@link Rounds} and {@link ExchangeEvents}; admins use {@link Match}.
 */
public class MatchmakerPlugin extends LightwebPlugin {
    @Override
    public void start(PluginContext ctx) throws Exception {
        Matchmaker.of(ctx).bot();
    }

    @Override
    public void stop() {}

    /** A round every {@code interval}: joins retried, offer refreshed, proposals and agreements posted. */
    @Extension
    public static class Rounds implements ScheduledJob {
        private final Matchmaker m;
        private final Duration interval;

        public Rounds(PluginContext ctx) {
            this.m = Matchmaker.of(ctx);
            this.interval = MatchmakerSettings.from(ctx.config()).interval();
        }

        @Override public String name() { return "matchmaker rounds"; }
        @Override public Duration interval() { return interval; }
        @Override public Duration initialDelay() { return Duration.ofSeconds(1); }
        @Override public void run() { m.tick(); }
    }

    /** Another node's offer, proposal or decision arrived: a round at once rather than at the next interval. */
    @Extension
    public static class ExchangeEvents implements EventListener {
        private final Matchmaker m;

        public ExchangeEvents(PluginContext ctx) {
            this.m = Matchmaker.of(ctx);
        }

        @Override
        public boolean wants(String roomId, String type) {
            return type.startsWith(Protocol.PREFIX) && m.isExchange(roomId);
        }

        @Override
        public void onEvent(RoomEvent event) {
            if (!event.sender().equals(m.bot().userId())) m.tick();
        }
    }

    /** {@code !match offers|proposals|accept ID|decline ID|end ID}. */
    @Extension
    public static class Match implements AdminCommand {
        private final Matchmaker m;

        public Match(PluginContext ctx) {
            this.m = Matchmaker.of(ctx);
        }

        @Override public String name() { return "match"; }
        @Override public String usage() { return "match offers | proposals | accept ID | decline ID | end ID"; }
        @Override public String help() { return "Backup match-making: the offers in the exchange, the proposals and their reasons, and this node's decisions."; }

        @Override
        public Reply run(CommandContext context, List<String> args) throws Exception {
            String sub = args.isEmpty() ? "" : args.get(0).toLowerCase(Locale.ROOT);
            switch (sub) {
                case "offers" -> {
                    if (args.size() != 1) break;
                    return Reply.text(offers());
                }
                case "proposals" -> {
                    if (args.size() != 1) break;
                    return Reply.text(proposals());
                }
                case "accept", "decline", "end" -> {
                    if (args.size() != 2) break;
                    if (!args.get(1).matches("[0-9a-f]{16}")) return Reply.text("A proposal id is 16 hex digits (see !match proposals).");
                    try {
                        return Reply.text(m.decide(args.get(1), sub));
                    } catch (MatrixError e) {
                        return Reply.text("Cannot " + sub + " " + args.get(1) + ": " + e.getMessage());
                    }
                }
                default -> { }
            }
            return Reply.text("Usage: !" + usage());
        }

        private String offers() {
            StringBuilder b = new StringBuilder();
            for (String room : m.rooms()) {
                Exchange x = m.exchange(room);
                Map<String, Double> rel = Matching.reliability(x);
                b.append("Exchange ").append(room).append(": ").append(x.offers.size()).append(" offers\n");
                for (Offer o : x.offers.values()) {
                    b.append(String.format(Locale.ROOT, "  %s (%s): offers %s, needs %s x %d, uptime %.1f%%, reliability %.2f%s%s%n",
                            o.server(), o.region(), Matching.bytes(o.offerBytes()), Matching.bytes(o.needBytes()), o.copies(), o.uptime(),
                            rel.get(o.server()), o.avoidRegions().isEmpty() ? "" : ", avoids " + String.join(", ", o.avoidRegions()),
                            o.failing().isEmpty() ? "" : ", reports failing: " + String.join(", ", o.failing())));
                }
                for (String i : x.ignored) b.append("  ignored: ").append(i).append('\n');
            }
            return b.isEmpty() ? "Not in any backup exchange yet (see the plugin's host_exchange and exchange_rooms)." : b.toString().strip();
        }

        private String proposals() {
            StringBuilder b = new StringBuilder();
            for (String room : m.rooms()) {
                Exchange x = m.exchange(room);
                java.util.TreeMap<String, String> lines = new java.util.TreeMap<>();
                for (Exchange.Proposal p : x.proposals.values()) lines.put(p.id(), line(p, p.status().name().toLowerCase(Locale.ROOT)));
                for (Exchange.Proposal p : Matching.propose(x)) lines.put(p.id(), line(p, "new"));
                b.append("Exchange ").append(room).append(": ").append(lines.size()).append(" proposals\n");
                lines.values().forEach(l -> b.append(l).append('\n'));
            }
            return b.isEmpty() ? "Not in any backup exchange yet." : b.toString().strip();
        }

        private static String line(Exchange.Proposal p, String status) {
            StringBuilder b = new StringBuilder("  ").append(p.id()).append(' ').append(p.a()).append(" <-> ").append(p.b()).append(' ').append(status);
            if (!p.decisions().isEmpty()) b.append(' ').append(p.decisions());
            for (String r : p.reasons()) b.append("\n    - ").append(r);
            return b.toString();
        }
    }
}
