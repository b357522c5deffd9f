package org.lightweb.server.push;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Glob-style matching (appendices, "Glob-style matching": {@code *} is any run of characters, {@code ?} exactly
 * one), case-insensitive, against a whole value or, for {@code content.body}, against any substring that starts
 * and ends at a word boundary (push module, event_match): the start or end of the value, or a character outside
 * {@code [A-Za-z0-9_]}. A boundary character may be the pattern's own first or last character ({@code @room} in
 * {@code hi@room}), as Synapse's matcher allows.
 */
public final class Glob {
    private static final String NOT_WORD = "[^A-Za-z0-9_]";
    private static final String WORD_START = "(?:^|(?<=" + NOT_WORD + ")|(?=" + NOT_WORD + "))";
    private static final String WORD_END = "(?:$|(?=" + NOT_WORD + ")|(?<=" + NOT_WORD + "))";
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL;

    /** Compiled patterns, shared by every evaluation: the same few dozen rules run for every member. */
    private static final Cache<String, Pattern> COMPILED = Caffeine.newBuilder().maximumSize(10_000).build();

    private Glob() {}

    /** Whether {@code glob} matches all of {@code value}. */
    public static boolean matchesWhole(String glob, String value) {
        if (!hasWildcard(glob)) return glob.toLowerCase(Locale.ROOT).equals(value.toLowerCase(Locale.ROOT));
        return compiled(glob, false).matcher(value).matches();
    }

    /** Whether {@code glob} matches a substring of {@code value} delimited by word boundaries. */
    static boolean matchesWord(String glob, String value) {
        if (!hasWildcard(glob) && !value.toLowerCase(Locale.ROOT).contains(glob.toLowerCase(Locale.ROOT))) return false;
        return compiled(glob, true).matcher(value).find();
    }

    /** Like {@link #matchesWord} for a literal (no wildcards): the user's display name in a message body. */
    static boolean containsWord(String literal, String value) {
        if (!value.toLowerCase(Locale.ROOT).contains(literal.toLowerCase(Locale.ROOT))) return false;
        return COMPILED.get("L" + literal, k -> Pattern.compile(WORD_START + Pattern.quote(literal) + WORD_END, FLAGS))
                .matcher(value).find();
    }

    private static boolean hasWildcard(String glob) {
        return glob.indexOf('*') >= 0 || glob.indexOf('?') >= 0;
    }

    private static Pattern compiled(String glob, boolean word) {
        return COMPILED.get((word ? "W" : "A") + glob, k -> {
            String body = toRegex(glob);
            return Pattern.compile(word ? WORD_START + body + WORD_END : body, FLAGS);
        });
    }

    /** The regex of a glob; runs of wildcards collapse ({@code ?**?} is {@code ..+}), so no pattern backtracks badly. */
    static String toRegex(String glob) {
        StringBuilder out = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            if (c != '*' && c != '?') {
                literal.append(c);
                i++;
                continue;
            }
            if (!literal.isEmpty()) {
                out.append(Pattern.quote(literal.toString()));
                literal.setLength(0);
            }
            int questions = 0;
            boolean star = false;
            while (i < glob.length() && (glob.charAt(i) == '*' || glob.charAt(i) == '?')) {
                if (glob.charAt(i) == '*') star = true;
                else questions++;
                i++;
            }
            out.append(".{").append(questions).append(star ? ",}" : "}");
        }
        if (!literal.isEmpty()) out.append(Pattern.quote(literal.toString()));
        return out.toString();
    }
}
