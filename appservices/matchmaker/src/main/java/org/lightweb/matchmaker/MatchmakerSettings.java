package org.lightweb.matchmaker;

import java.time.Duration;
import java.util.List;
import org.lightweb.plugin.PluginConfig;
import org.lightweb.plugin.PluginConfigException;

/** The plugin's section of homeserver.yaml, {@code plugins.config.matchmaker}; README.md lists every key. */
record MatchmakerSettings(String bot, String hostExchange, List<String> exchangeRooms, long offerBytes, long needBytes,
                          int copies, int maxPartners, String region, int uptimePercent, List<String> avoidRegions,
                          Duration replaceAfter, Duration interval, int maxOfferBytes) {

    static MatchmakerSettings from(PluginConfig c) {
        c.allowOnly("bot", "host_exchange", "exchange_rooms", "offer_bytes", "need_bytes", "copies", "max_partners", "region",
                "uptime_percent", "avoid_regions", "replace_after", "interval", "max_offer_bytes");
        String host = c.string("host_exchange", null);
        if (host != null && !host.matches("[a-z0-9._=/-]{1,64}"))
            throw new PluginConfigException("key '" + c.full("host_exchange") + "' has value '" + host + "': expected an alias localpart such as backup-exchange");
        List<String> rooms = c.strings("exchange_rooms", List.of());
        for (String r : rooms) {
            if (!r.matches("[#!][^:\\s]+:[A-Za-z0-9.:\\[\\]-]+"))
                throw new PluginConfigException("key '" + c.full("exchange_rooms") + "' has value '" + r + "': expected #alias:server or !room:server");
        }
        if (host == null && rooms.isEmpty())
            throw new PluginConfigException("key '" + c.full("host_exchange") + "' or '" + c.full("exchange_rooms")
                    + "' is required: a backup exchange room to host or to join");
        int copies = (int) c.integer("copies", 1, 0, 16);
        String region = c.requiredString("region");
        if (region.length() > Offer.MAX_TEXT) throw new PluginConfigException("key '" + c.full("region") + "' is longer than " + Offer.MAX_TEXT);
        return new MatchmakerSettings(c.string("bot", "matchmaker"), host, List.copyOf(rooms),
                c.integer("offer_bytes", 0, 0, Long.MAX_VALUE / 4), c.integer("need_bytes", 0, 0, Long.MAX_VALUE / 4), copies,
                (int) c.integer("max_partners", copies + 1L, copies, 64), region, (int) c.integer("uptime_percent", 99, 0, 100),
                c.strings("avoid_regions", List.of()), c.duration("replace_after", Duration.ofHours(24)),
                c.duration("interval", Duration.ofMinutes(1)), (int) c.integer("max_offer_bytes", 4096, 256, 65536));
    }
}
