package org.lightweb.server.federation.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import org.lightweb.server.e2ee.RemoteKeys;
import org.lightweb.server.federation.client.FederationClient;

/**
 * Keys of other servers' users: {@code /user/keys/query} and {@code /user/keys/claim} on their server. A failure
 * (error answer, unreachable server, not an object) fails the future, which the key store reports for that server
 * under {@code failures}, as the spec asks.
 */
public final class FederatedRemoteKeys implements RemoteKeys {
    private final FederationClient client;

    public FederatedRemoteKeys(FederationClient client) {
        this.client = client;
    }

    @Override
    public Future<ObjectNode> query(String server, ObjectNode query) {
        return client.post(server, "/_matrix/federation/v1/user/keys/query", query).map(FederatedRemoteKeys::object);
    }

    @Override
    public Future<ObjectNode> claim(String server, ObjectNode query) {
        return client.post(server, "/_matrix/federation/v1/user/keys/claim", query).map(FederatedRemoteKeys::object);
    }

    private static ObjectNode object(com.fasterxml.jackson.databind.JsonNode answer) {
        if (!answer.isObject()) throw new IllegalStateException("not a JSON object");
        return (ObjectNode) answer;
    }
}
