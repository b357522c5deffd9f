package org.lightweb.server.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes written for humans: {@code 1024}, {@code 512KiB}, {@code 24MiB}, {@code 1GiB}, {@code 10MB}. */
public final class ByteSize {
    private static final Pattern FORM = Pattern.compile("(\\d+)\\s*([KMGT]i?B|B)?", Pattern.CASE_INSENSITIVE);

    private ByteSize() {}

    /** The number of bytes, or -1 when the text is not a size. */
    public static long parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) return -1;
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return -1;
        }
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        long factor = switch (unit) {
            case "B" -> 1L;
            case "KIB" -> 1L << 10;
            case "MIB" -> 1L << 20;
            case "GIB" -> 1L << 30;
            case "TIB" -> 1L << 40;
            case "KB" -> 1_000L;
            case "MB" -> 1_000_000L;
            case "GB" -> 1_000_000_000L;
            case "TB" -> 1_000_000_000_000L;
            default -> -1L;
        };
        if (factor < 0 || n > Long.MAX_VALUE / factor) return -1;
        return n * factor;
    }
}
