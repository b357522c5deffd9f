package org.lightweb.federation.protocol.auth;

import java.util.Map;
import org.lightweb.federation.protocol.JsonSigning;
import org.lightweb.federation.protocol.Pdu;

/**
 * Answers whether an event carries a valid signature by a server. Rule 5.2.1 needs it for restricted joins: the
 * event must be signed by the server of the {@code join_authorised_via_users_server} user. Fetching that server's
 * keys is I/O, so the caller loads them before the rules run and answers from what it loaded.
 */
@FunctionalInterface
public interface SignatureChecker {
    /** True when {@code event} is validly signed by {@code serverName}. */
    boolean isSignedBy(Pdu event, String serverName);

    /**
     * Checks against keys already loaded: server name -> (key id -> ed25519 public key). A server with no keys here
     * has not signed.
     */
    static SignatureChecker withKeys(Map<String, Map<String, byte[]>> keysByServer) {
        Map<String, Map<String, byte[]>> keys = Map.copyOf(keysByServer);
        return (event, server) -> {
            Map<String, byte[]> serverKeys = keys.get(server);
            return serverKeys != null && JsonSigning.verifyEvent(event.json(), event.roomVersion(), server, serverKeys);
        };
    }
}
