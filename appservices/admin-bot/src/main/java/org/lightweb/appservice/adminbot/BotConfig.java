package org.lightweb.appservice.adminbot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lightweb.appservice.kit.Registration;

/**
 * The standalone bot's config file ({@code --config bot.yaml}); every problem is reported at once:
 * <pre>
 * homeserver_url: http://127.0.0.1:8008   # the node's client-server and admin APIs
 * server_name: example.org                # the part after ':' in user ids
 * registration: admin-bot.yaml            # the registration the node loaded (relative to this file)
 * bind: { host: 127.0.0.1, port: 9009 }  # where the node pushes transactions (the registration's url)
 * request_timeout: 30s                    # each call to the node (default 30s)
 * admin_cache: 60s                        # how long an "is a server admin" answer is kept (default 60s)
 * </pre>
 */
record BotConfig(URI homeserverUrl, String serverName, Path registrationFile, String bindHost, int bindPort,
                 Duration requestTimeout, Duration adminCache) {

    static BotConfig load(Path file) throws IOException {
        JsonNode root = new YAMLMapper().readTree(Files.readString(file));
        if (root == null || !root.isObject()) throw new IllegalArgumentException(file + ": must be a YAML mapping");
        List<String> problems = new ArrayList<>();
        String url = text(root, "homeserver_url", problems);
        URI hs = null;
        if (url != null) {
            try {
                hs = URI.create(url);
                if (!"http".equals(hs.getScheme()) && !"https".equals(hs.getScheme())) throw new IllegalArgumentException();
            } catch (IllegalArgumentException e) {
                problems.add("'homeserver_url' must be an http(s) URL");
            }
        }
        String serverName = text(root, "server_name", problems);
        String reg = text(root, "registration", problems);
        JsonNode bind = root.path("bind");
        String host = bind.path("host").asText("127.0.0.1");
        int port = bind.path("port").asInt(-1);
        if (port < 0 || port > 65535) problems.add("'bind.port' must be a port number (0 for a random one)");
        Duration timeout = duration(root, "request_timeout", Duration.ofSeconds(30), problems);
        Duration cache = duration(root, "admin_cache", Duration.ofSeconds(60), problems);
        if (!problems.isEmpty()) throw new IllegalArgumentException(file + ": " + String.join("; ", problems));
        Path regFile = file.toAbsolutePath().getParent().resolve(reg);
        return new BotConfig(hs, serverName, regFile, host, port, timeout, cache);
    }

    AdminBot.Settings settings() throws IOException {
        Registration registration = Registration.parse(Files.readString(registrationFile));
        return new AdminBot.Settings(homeserverUrl, serverName, registration, bindHost, bindPort, requestTimeout, adminCache, null);
    }

    private static String text(JsonNode root, String field, List<String> problems) {
        JsonNode v = root.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            problems.add("'" + field + "' is missing");
            return null;
        }
        return v.asText();
    }

    /** {@code 30s}, {@code 5m}, {@code 1h} or {@code 500ms}. */
    static Duration duration(JsonNode root, String field, Duration dflt, List<String> problems) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) return dflt;
        String s = v.asText().trim().toLowerCase(Locale.ROOT);
        try {
            if (s.endsWith("ms")) return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            long n = Long.parseLong(s.substring(0, s.length() - 1));
            return switch (s.charAt(s.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            problems.add("'" + field + "' must be a duration like 30s, 5m, 1h or 500ms");
            return dflt;
        }
    }
}
