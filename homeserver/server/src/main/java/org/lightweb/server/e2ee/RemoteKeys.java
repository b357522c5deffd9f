package org.lightweb.server.e2ee;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.Map;
import java.util.Set;

/**
 * Keys of users on other servers (federation /user/keys/query and /user/keys/claim). Until federation is
 * built, {@link #NONE} answers every remote server as unreachable: its users are reported under
 * {@code failures}.
 */
public interface RemoteKeys {
    /**
     * Asks {@code server} about {@code query} (a /keys/query or /keys/claim body restricted to its users) and
     * answers its response body; a failed future means the server is reported under {@code failures}.
     */
    Future<ObjectNode> query(String server, ObjectNode query);

    Future<ObjectNode> claim(String server, ObjectNode query);

    RemoteKeys NONE = new RemoteKeys() {
        @Override
        public Future<ObjectNode> query(String server, ObjectNode query) {
            return Future.failedFuture("federation is not available");
        }

        @Override
        public Future<ObjectNode> claim(String server, ObjectNode query) {
            return Future.failedFuture("federation is not available");
        }
    };

    /** The servers of these user IDs other than {@code local}. */
    static Set<String> serversOf(Iterable<String> userIds, String local) {
        Set<String> out = new java.util.TreeSet<>();
        for (String u : userIds) {
            int colon = u.indexOf(':');
            String server = colon < 0 ? "" : u.substring(colon + 1);
            if (!server.equals(local)) out.add(server);
        }
        return out;
    }

    /** The failures entry for an unreachable server, as Synapse writes it. */
    static Map<String, Object> unreachable() {
        return Map.of("status", 503, "message", "Not ready for retry");
    }
}
