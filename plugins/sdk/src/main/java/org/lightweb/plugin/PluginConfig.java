package org.lightweb.plugin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A plugin's section of homeserver.yaml, read with typed getters. Each getter takes the default to use when the key
 * is absent and throws {@link PluginConfigException} naming the full key ({@code plugins.config.<id>.<key>}), the
 * value and what was expected when it is of the wrong kind, so that a plugin refusing to start tells the operator
 * exactly what to fix.
 */
public final class PluginConfig {
    private final String path;
    private final Map<String, Object> values;

    /** A section at {@code path} (for messages) holding {@code values} as YAML gives them. */
    public PluginConfig(String path, Map<String, Object> values) {
        this.path = path;
        this.values = values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Every key and value of the section. */
    public Map<String, Object> asMap() { return values; }

    /** Whether the key is set. */
    public boolean has(String key) { return values.containsKey(key); }

    /** A string; numbers and booleans are refused rather than silently turned into text. */
    public String string(String key, String def) {
        Object v = values.get(key);
        if (v == null) return def;
        if (v instanceof String s) return s;
        throw wrong(key, v, "a string");
    }

    /** A string that must be set. */
    public String requiredString(String key) {
        String s = string(key, null);
        if (s == null || s.isBlank()) throw new PluginConfigException("key '" + full(key) + "' is required: expected a string");
        return s;
    }

    /** A whole number within [min, max]. */
    public long integer(String key, long def, long min, long max) {
        Object v = values.get(key);
        long n;
        if (v == null) n = def;
        else if (v instanceof Integer || v instanceof Long || v instanceof Short) n = ((Number) v).longValue();
        else throw wrong(key, v, "a whole number");
        if (n < min || n > max) throw wrong(key, n, "a whole number from " + min + " to " + max);
        return n;
    }

    /** true or false. */
    public boolean bool(String key, boolean def) {
        Object v = values.get(key);
        if (v == null) return def;
        if (v instanceof Boolean b) return b;
        throw wrong(key, v, "true or false");
    }

    /** A duration written as a number and a unit: 500ms, 30s, 5m, 2h, 7d. */
    public Duration duration(String key, Duration def) {
        Object v = values.get(key);
        if (v == null) return def;
        if (v instanceof String s && s.matches("\\d+(ms|s|m|h|d)")) {
            String unit = s.replaceAll("\\d+", "");
            long n = Long.parseLong(s.substring(0, s.length() - unit.length()));
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        throw wrong(key, v, "a duration such as 30s, 5m, 2h or 7d");
    }

    /** A duration within [min, max]. */
    public Duration duration(String key, Duration def, Duration min, Duration max) {
        Duration d = duration(key, def);
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw wrong(key, values.getOrDefault(key, d), "a duration from " + min + " to " + max);
        }
        return d;
    }

    /** A list of strings. */
    public List<String> strings(String key, List<String> def) {
        Object v = values.get(key);
        if (v == null) return def;
        if (v instanceof List<?> list) {
            List<String> out = new ArrayList<>();
            for (Object o : list) {
                if (!(o instanceof String s)) throw wrong(key, v, "a list of strings");
                out.add(s);
            }
            return List.copyOf(out);
        }
        throw wrong(key, v, "a list of strings");
    }

    /** A nested section; empty when absent. */
    @SuppressWarnings("unchecked")
    public PluginConfig section(String key) {
        Object v = values.get(key);
        if (v == null) return new PluginConfig(full(key), Map.of());
        if (v instanceof Map<?, ?> m) return new PluginConfig(full(key), (Map<String, Object>) m);
        throw wrong(key, v, "a map");
    }

    /** Fails on keys the plugin does not know, as the node does for its own sections. */
    public void allowOnly(String... keys) {
        List<String> known = List.of(keys);
        for (String k : values.keySet()) {
            if (!known.contains(k)) {
                throw new PluginConfigException("key '" + full(k) + "' is unknown: expected one of " + String.join(", ", known));
            }
        }
    }

    /** The full name of a key, for messages. */
    public String full(String key) { return path.isEmpty() ? key : path + "." + key; }

    /** The value of a key, if set, as YAML gave it. */
    public Optional<Object> raw(String key) { return Optional.ofNullable(values.get(key)); }

    private PluginConfigException wrong(String key, Object value, String expected) {
        return new PluginConfigException("key '" + full(key) + "' has value '" + value + "': expected " + expected);
    }
}
