package org.lightweb.appservice.adminbot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Splitting a command line and reading its arguments: words, "quoted words", {@code --flag} and {@code --key=value}. */
public final class Args {
    private final List<String> positional = new ArrayList<>();
    private final List<String> options = new ArrayList<>();

    private Args(List<String> args) {
        for (String a : args) (a.startsWith("--") ? options : positional).add(a);
    }

    public static Args of(List<String> args) { return new Args(args); }

    /** The words of the first line of {@code body} (the leading '!' removed); double quotes group words. */
    public static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) out.add(cur.toString());
                cur.setLength(0);
                any = false;
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (any) out.add(cur.toString());
        return out;
    }

    public int size() { return positional.size(); }

    public String required(int i, String what) {
        if (i >= positional.size()) throw new UsageException("missing " + what);
        return positional.get(i);
    }

    public String optional(int i, String dflt) { return i < positional.size() ? positional.get(i) : dflt; }

    public void atMost(int n) {
        if (positional.size() > n) throw new UsageException("too many arguments (" + positional.size() + ", at most " + n + ")");
    }

    public boolean flag(String name) { return options.contains("--" + name); }

    public String option(String name, String dflt) {
        String prefix = "--" + name + "=";
        return options.stream().filter(o -> o.startsWith(prefix)).map(o -> o.substring(prefix.length()))
                .findFirst().orElse(dflt);
    }

    public int intOption(String name, int dflt, int min, int max) {
        String v = option(name, null);
        if (v == null) return dflt;
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) throw new UsageException("--" + name + " must be between " + min + " and " + max);
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number");
        }
    }

    /** A duration written {@code 30d}, {@code 12h}, {@code 45m} or {@code 90s}, in milliseconds. */
    public static long durationMillis(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        if (v.length() < 2) throw new UsageException("'" + s + "' is not a duration like 30d, 12h, 45m or 90s");
        long unit = switch (v.charAt(v.length() - 1)) {
            case 'd' -> 86_400_000L;
            case 'h' -> 3_600_000L;
            case 'm' -> 60_000L;
            case 's' -> 1_000L;
            default -> throw new UsageException("'" + s + "' is not a duration like 30d, 12h, 45m or 90s");
        };
        try {
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            if (n < 0) throw new NumberFormatException();
            return Math.multiplyExact(n, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new UsageException("'" + s + "' is not a duration like 30d, 12h, 45m or 90s");
        }
    }
}
