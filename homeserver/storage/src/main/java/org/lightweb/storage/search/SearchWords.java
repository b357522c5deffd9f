package org.lightweb.storage.search;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into lower-case words of letters and digits, the only characters searches use, so search terms
 * never need quoting in FTS5, tsquery or LIKE patterns.
 */
public final class SearchWords {
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

    private SearchWords() {}

    /** The distinct words of {@code text}, in order, at most {@code max} of them. */
    public static List<String> of(String text, int max) {
        if (text == null) return List.of();
        LinkedHashSet<String> words = new LinkedHashSet<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find() && words.size() < max) words.add(m.group());
        return new ArrayList<>(words);
    }
}
