package org.lightweb.server.config;

import java.util.Map;
import org.lightweb.server.config.ConfigSchema.Entry;
import org.lightweb.server.config.ConfigSchema.Key;
import org.lightweb.server.config.ConfigSchema.Kind;
import org.lightweb.server.config.ConfigSchema.Section;

/**
 * Writes a complete, commented homeserver.yaml from {@link ConfigSchema}: every key with its comment and default.
 * {@code values} sets keys to other values (the server name, the data directory, a fresh shared secret...).
 * Keys without a default and without a value are written commented out, with an example.
 */
public final class ConfigGenerator {
    private ConfigGenerator() {}

    public static String generate(Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        out.append("# Lightweb homeserver configuration.\n")
           .append("# Every key is listed with its default. Sizes: 512KiB, 24MiB, 1GiB. Durations: 500ms, 30s, 5m, 2h, 7d.\n")
           .append("# Check a changed file with: scripts/lightweb check-config --config FILE\n");
        for (Entry e : ConfigSchema.entries()) {
            int depth = e.path().split("\\.").length - 1;
            String indent = "  ".repeat(depth);
            String name = e.path().substring(e.path().lastIndexOf('.') + 1);
            out.append('\n');
            for (String line : wrap(e.comment(), 100 - indent.length())) out.append(indent).append("# ").append(line).append('\n');
            if (e instanceof Section) {
                out.append(indent).append(name).append(":\n");
                continue;
            }
            Key k = (Key) e;
            String value = values.get(k.path());
            if (value != null) {
                out.append(indent).append(name).append(": ").append(render(k, value)).append('\n');
            } else if (k.defaultValue() != null) {
                out.append(indent).append(name).append(": ").append(render(k, k.defaultValue())).append('\n');
            } else {
                out.append(indent).append("# ").append(name).append(": ").append(render(k, k.example())).append('\n');
            }
        }
        return out.toString();
    }

    private static String render(Key k, String value) {
        boolean quoted = switch (k.kind()) {
            case STRING, SECRET, SERVER_NAME, PATH, URL -> true;
            default -> false;
        };
        if (!quoted || (k.kind() == Kind.STRING && value.matches("[0-9.]+"))) return value;
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static java.util.List<String> wrap(String text, int width) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + word.length() + 1 > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) line.append(' ');
            line.append(word);
        }
        if (line.length() > 0) lines.add(line.toString());
        return lines;
    }
}
