package org.lightweb.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lightweb.core.ServerName;
import org.lightweb.server.config.ConfigSchema.Entry;
import org.lightweb.server.config.ConfigSchema.Key;
import org.lightweb.server.config.ConfigSchema.Section;

/** Checks a parsed config tree against {@link ConfigSchema}, reporting every problem, not just the first. */
final class ConfigValidator {
    private final List<String> problems = new ArrayList<>();

    static List<String> validate(JsonNode root) {
        ConfigValidator v = new ConfigValidator();
        if (root == null || root.isNull() || root.isMissingNode()) {
            v.problems.add("the config file is empty: expected a YAML map of keys (see config/homeserver.example.yaml)");
            return v.problems;
        }
        if (!root.isObject()) {
            v.problems.add("the config file is not a YAML map: expected 'key: value' lines");
            return v.problems;
        }
        v.walk("", root);
        for (Key k : ConfigSchema.keys()) {
            if (k.required() && at(root, k.path()).map(JsonNode::isNull).orElse(true)) {
                v.problems.add("key '" + k.path() + "' is missing: expected " + expectation(k) + ", e.g. " + k.example());
            }
        }
        return v.problems;
    }

    static Optional<JsonNode> at(JsonNode root, String path) {
        JsonNode n = root;
        for (String part : path.split("\\.")) {
            if (n == null || !n.isObject()) return Optional.empty();
            n = n.get(part);
        }
        return Optional.ofNullable(n);
    }

    private void walk(String prefix, JsonNode node) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            Optional<Entry> entry = ConfigSchema.find(path);
            if (entry.isEmpty()) {
                problems.add("unknown key '" + path + "' (value " + show(field.getValue()) + "): expected one of "
                        + siblings(prefix));
            } else if (entry.get() instanceof Section) {
                if (field.getValue().isNull()) continue;
                if (!field.getValue().isObject()) {
                    problems.add("key '" + path + "' has value " + show(field.getValue()) + ": expected a map of keys");
                } else {
                    walk(path, field.getValue());
                }
            } else {
                Key key = (Key) entry.get();
                JsonNode value = field.getValue();
                if (value.isNull()) {
                    if (key.required()) problems.add("key '" + path + "' is empty: expected " + expectation(key));
                    continue;
                }
                String problem = check(key, value);
                if (problem != null) problems.add("key '" + path + "' has value " + show(value) + ": expected " + problem);
            }
        }
    }

    private static List<String> siblings(String prefix) {
        int depth = prefix.isEmpty() ? 0 : prefix.split("\\.").length;
        return ConfigSchema.entries().stream().map(Entry::path)
                .filter(p -> prefix.isEmpty() ? !p.contains(".") : p.startsWith(prefix + ".") && p.split("\\.").length == depth + 1)
                .map(p -> p.substring(p.lastIndexOf('.') + 1))
                .toList();
    }

    private static String show(JsonNode v) {
        String s = v.isTextual() ? "'" + v.asText() + "'" : v.toString();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    /** Null when the value fits the key; otherwise what was expected. */
    static String check(Key k, JsonNode v) {
        return switch (k.kind()) {
            case STRING, SECRET -> v.isTextual() || v.isNumber() ? null : expectation(k);
            case BOOL -> v.isBoolean() ? null : expectation(k);
            case INT -> v.canConvertToLong() && v.isIntegralNumber() && v.asLong() >= k.min() && v.asLong() <= k.max()
                    ? null : expectation(k);
            case FLOAT -> v.isNumber() && v.asDouble() > 0 ? null : expectation(k);
            case PORT -> v.isIntegralNumber() && v.asInt() >= 0 && v.asInt() <= 65535 ? null : expectation(k);
            case SIZE -> (v.isIntegralNumber() && v.asLong() >= 0) || (v.isTextual() && ByteSize.parse(v.asText()) >= 0)
                    ? null : expectation(k);
            case DURATION -> v.isTextual() && Durations.parse(v.asText()) != null ? null : expectation(k);
            case ENUM -> (v.isTextual() || v.isIntegralNumber()) && k.choices().contains(v.asText()) ? null : expectation(k);
            case SERVER_NAME -> v.isTextual() && ServerName.isValid(v.asText()) ? null : expectation(k);
            case PATH -> v.isTextual() && !v.asText().isBlank() ? null : expectation(k);
            case URL -> v.isTextual() && isHttpUrl(v.asText()) ? null : expectation(k);
            case TLS -> checkTls(v);
            case MAP -> v.isObject() ? null : expectation(k);
            case LIST -> v.isArray() ? null : expectation(k);
        };
    }

    private static boolean isHttpUrl(String s) {
        try {
            URI u = new URI(s);
            return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
        } catch (Exception e) {
            return false;
        }
    }

    private static String checkTls(JsonNode v) {
        if (v.isTextual() && (v.asText().equals("self_signed") || v.asText().equals("none"))) return null;
        if (v.isObject() && v.size() == 2 && v.path("cert").isTextual() && v.path("key").isTextual()) return null;
        return "self_signed, none, or {cert: PATH, key: PATH}";
    }

    static String expectation(Key k) {
        return switch (k.kind()) {
            case STRING, SECRET -> "a string";
            case BOOL -> "true or false";
            case INT -> "a whole number from " + k.min() + " to " + k.max();
            case FLOAT -> "a positive number";
            case PORT -> "a port number from 0 to 65535";
            case SIZE -> "a size such as 1048576, 512KiB, 24MiB or 1GiB";
            case DURATION -> "a duration such as 500ms, 30s, 5m, 2h or 7d";
            case ENUM -> "one of " + String.join(", ", k.choices());
            case SERVER_NAME -> "a server name: hostname[:port], e.g. kaslo.example or localhost:8448";
            case PATH -> "a file system path";
            case URL -> "an http(s) URL";
            case TLS -> "self_signed, none, or {cert: PATH, key: PATH}";
            case MAP -> "a map";
            case LIST -> "a list";
        };
    }
}
