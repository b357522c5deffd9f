package org.lightweb.server.federation.send;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.lightweb.core.Json;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.StateKeyId;

/**
 * Server ACLs ({@code m.room.server_acl}) for room-scoped EDUs (typing, receipts): a server the room's current
 * ACL denies may not speak in it, as Synapse checks. The matching follows the spec's rules (globs over the host
 * without port, deny before allow, IP literals unless allowed); the receiving side has the same rules for PDUs.
 */
public interface RoomAcls {
    Future<Boolean> allows(String roomId, String server);

    RoomAcls ALLOW_ALL = (roomId, server) -> Future.succeededFuture(true);

    /** Reads the room's current m.room.server_acl. */
    static RoomAcls fromState(EventRepository events) {
        StateKeyId acl = new StateKeyId("m.room.server_acl", "");
        return (roomId, server) -> events.currentStateEvents(roomId, List.of(acl)).map(found -> {
            var e = found.get(acl);
            return e == null || permits(Json.parse(e.json()).path("content"), server);
        });
    }

    /** Whether {@code server} is allowed by the ACL's content; none (null or not an object) allows everyone. */
    static boolean permits(JsonNode content, String server) {
        if (content == null || !content.isObject()) return true;
        String host = hostOf(server).toLowerCase(Locale.ROOT);
        boolean ipLiteral = host.startsWith("[") || host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        if (!content.path("allow_ip_literals").asBoolean(true) && ipLiteral) return false;
        for (JsonNode deny : content.path("deny")) {
            if (deny.isTextual() && glob(deny.asText()).matcher(host).matches()) return false;
        }
        for (JsonNode allow : content.path("allow")) {
            if (allow.isTextual() && glob(allow.asText()).matcher(host).matches()) return true;
        }
        return false;
    }

    private static String hostOf(String server) {
        if (server.startsWith("[")) {
            int end = server.indexOf(']');
            return end < 0 ? server : server.substring(0, end + 1);
        }
        int colon = server.lastIndexOf(':');
        return colon < 0 ? server : server.substring(0, colon);
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
