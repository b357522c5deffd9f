package org.lightweb.server.federation.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Server access control lists (client-server API, {@code m.room.server_acl}): whether a server may take part in a
 * room. Checked against the room's current state for every PDU received, every read of the room and every
 * room-scoped EDU (send/RoomAcls). Pure.
 */
public final class ServerAcl {
    private ServerAcl() {}

    /** Whether {@code server} is allowed by the ACL's content; no ACL (null content) allows everyone. */
    public static boolean allows(JsonNode content, String server) {
        if (content == null || !content.isObject()) return true;
        String host = hostOf(server).toLowerCase(Locale.ROOT);
        if (!content.path("allow_ip_literals").asBoolean(true) && isIpLiteral(host)) return false;
        for (JsonNode deny : content.path("deny")) {
            if (deny.isTextual() && glob(deny.asText()).matcher(host).matches()) return false;
        }
        for (JsonNode allow : content.path("allow")) {
            if (allow.isTextual() && glob(allow.asText()).matcher(host).matches()) return true;
        }
        return false;
    }

    /** The server name without its port. */
    static String hostOf(String server) {
        if (server.startsWith("[")) {
            int end = server.indexOf(']');
            return end < 0 ? server : server.substring(0, end + 1);
        }
        int colon = server.lastIndexOf(':');
        return colon < 0 ? server : server.substring(0, colon);
    }

    private static boolean isIpLiteral(String host) {
        return host.startsWith("[") || host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    }

    private static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toLowerCase(Locale.ROOT).toCharArray()) {
            if (c == '*') re.append(".*");
            else if (c == '?') re.append('.');
            else re.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
