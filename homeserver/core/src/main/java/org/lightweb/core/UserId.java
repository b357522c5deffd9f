package org.lightweb.core;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A user ID, {@code @localpart:server_name}. Parsing accepts the historical character set (any printable ASCII
 * but ':'), as the appendices require servers to; {@link #isValidNewLocalpart} applies the strict grammar that
 * new registrations must follow.
 */
public record UserId(String localpart, ServerName server) {
    public static final int MAX_LENGTH = 255;

    public UserId {
        if (localpart == null || localpart.isEmpty()) throw new IllegalArgumentException("empty localpart");
    }

    public static UserId of(String localpart, ServerName server) {
        return new UserId(localpart, server);
    }

    /** Parses {@code @local:server}; empty when the string is not a user ID. */
    public static Optional<UserId> parse(String s) {
        if (s == null || s.length() < 4 || s.charAt(0) != '@') return Optional.empty();
        if (s.getBytes(StandardCharsets.UTF_8).length > MAX_LENGTH) return Optional.empty();
        int colon = s.indexOf(':');
        if (colon < 2) return Optional.empty();
        String local = s.substring(1, colon);
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (c < 0x21 || c > 0x7E) return Optional.empty();
        }
        return ServerName.parse(s.substring(colon + 1)).map(server -> new UserId(local, server));
    }

    /** The grammar for localparts a server creates: {@code [a-z0-9._=/+-]+}. */
    public static boolean isValidNewLocalpart(String localpart) {
        if (localpart == null || localpart.isEmpty()) return false;
        for (int i = 0; i < localpart.length(); i++) {
            char c = localpart.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '=' || c == '_' || c == '/' || c == '+';
            if (!ok) return false;
        }
        return true;
    }

    public boolean isLocalTo(ServerName name) { return server.equals(name); }

    @Override public String toString() { return "@" + localpart + ":" + server.value(); }
}
