package org.lightweb.server.federation.send;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;

/**
 * The outbound queue: PDUs and EDUs for other servers, sent in transactions, one in flight per destination, kept
 * in the database until the destination acknowledged them. Calls only queue; they never wait for the network.
 * Destinations equal to this server's name are ignored.
 */
public interface FederationSender {
    /** Queues a PDU (the full event as stored) for each destination. */
    void sendPdu(Collection<String> destinations, ObjectNode pdu);

    /** {@link #sendPdu}, completing once the PDU is durably queued (the fan-out records its position after it). */
    default io.vertx.core.Future<Void> queuePdu(Collection<String> destinations, ObjectNode pdu) {
        sendPdu(destinations, pdu);
        return io.vertx.core.Future.succeededFuture();
    }

    /** Queues an EDU of {@code eduType} for one destination. */
    void sendEdu(String destination, String eduType, JsonNode content);

    /**
     * The destination was just heard from (it sent this server a request): any backoff towards it ends now and
     * what is queued for it goes out, as Synapse does on an inbound transaction. Added by the sending part.
     */
    default void destinationUp(String destination) {}

    /** Sends nothing: for nodes without federation in tests. */
    FederationSender NONE = new FederationSender() {
        @Override public void sendPdu(Collection<String> destinations, ObjectNode pdu) {}
        @Override public void sendEdu(String destination, String eduType, JsonNode content) {}
    };
}
