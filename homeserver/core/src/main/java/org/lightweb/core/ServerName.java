package org.lightweb.core;

import java.util.Optional;
import java.util.regex.Pattern;

/** A server name as the appendices define it: {@code hostname [ ":" port ]}. Case-sensitive. */
public record ServerName(String value) {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9A-Fa-f:.]{2,45}]");
    private static final Pattern DNS = Pattern.compile("[0-9A-Za-z.\\-]{1,255}");

    public ServerName {
        if (!isValid(value)) throw new IllegalArgumentException("Invalid server name: " + value);
    }

    public static Optional<ServerName> parse(String value) {
        return isValid(value) ? Optional.of(new ServerName(value)) : Optional.empty();
    }

    public static boolean isValid(String s) {
        if (s == null || s.isEmpty() || s.length() > 255) return false;
        String host = s;
        int colon = s.lastIndexOf(':');
        int bracket = s.lastIndexOf(']');
        if (colon > bracket) {
            String port = s.substring(colon + 1);
            if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) return false;
            if (Integer.parseInt(port) > 65535) return false;
            host = s.substring(0, colon);
        }
        if (host.startsWith("[")) return IPV6.matcher(host).matches();
        if (IPV4.matcher(host).matches()) {
            for (String part : host.split("\\.")) if (Integer.parseInt(part) > 255) return false;
            return true;
        }
        return DNS.matcher(host).matches();
    }

    /** The hostname without any port. */
    public String host() {
        int colon = value.lastIndexOf(':');
        return colon > value.lastIndexOf(']') ? value.substring(0, colon) : value;
    }

    /** The explicit port, if the name carries one. */
    public Optional<Integer> port() {
        int colon = value.lastIndexOf(':');
        return colon > value.lastIndexOf(']') ? Optional.of(Integer.parseInt(value.substring(colon + 1))) : Optional.empty();
    }

    @Override public String toString() { return value; }
}
