package org.lightweb.appservice.adminbot.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Formatting the admin APIs' JSON values for people: timestamps, durations, yes/no, absent values. */
public final class Fmt {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Fmt() {}

    /** A field's text, "-" when absent or null. */
    public static String str(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() || v.asText().isEmpty() ? "-" : v.asText();
    }

    /** Synapse's booleans (true/false, or 0/1 in older answers) as yes/no. */
    public static String yesNo(JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (v.isMissingNode() || v.isNull()) return "-";
        return v.asBoolean() || v.asInt() == 1 ? "yes" : "no";
    }

    /** A timestamp in ms (or in s, as some Synapse fields were) as a UTC date and time; "-" for null or 0. */
    public static String ts(JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (!v.isNumber() || v.asLong() <= 0) return "-";
        long ms = v.asLong() < 100_000_000_000L ? v.asLong() * 1000 : v.asLong();
        return TS.format(Instant.ofEpochMilli(ms));
    }

    public static String duration(Duration d) {
        long s = Math.max(0, d.getSeconds());
        long days = s / 86_400, hours = s % 86_400 / 3600, minutes = s % 3600 / 60;
        if (days > 0) return days + "d " + hours + "h " + minutes + "m";
        if (hours > 0) return hours + "h " + minutes + "m";
        if (minutes > 0) return minutes + "m " + s % 60 + "s";
        return s + "s";
    }
}
