package org.lightweb.server.push;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Dot-separated property paths (appendices, "Dot-separated property paths"): {@code content.m\.relates_to.rel_type}
 * is {@code content} / {@code m.relates_to} / {@code rel_type}. {@code \.} is a literal dot and {@code \\} a literal
 * backslash; any other escape is kept as it is ({@code \x} is a backslash and an x).
 */
final class PropertyPath {
    private PropertyPath() {}

    /** The property names of {@code path}, unescaped. */
    static List<String> parse(String path) {
        List<String> out = new ArrayList<>();
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\\' && i + 1 < path.length() && (path.charAt(i + 1) == '.' || path.charAt(i + 1) == '\\')) {
                name.append(path.charAt(++i));
            } else if (c == '.') {
                out.add(name.toString());
                name.setLength(0);
            } else {
                name.append(c);
            }
        }
        out.add(name.toString());
        return out;
    }

    /** Parsed paths: the same few keys are looked up for every member of every room. */
    private static final com.github.benmanes.caffeine.cache.Cache<String, List<String>> PARSED =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(4_096).build();

    /** The value at {@code path} in {@code event}, or null when some step is missing or not an object. */
    static JsonNode lookup(JsonNode event, String path) {
        List<String> names = PARSED.get(path, p -> List.copyOf(parse(p)));
        JsonNode at = event;
        for (String name : names) {
            if (at == null || !at.isObject()) return null;
            at = at.get(name);
        }
        return at;
    }
}
