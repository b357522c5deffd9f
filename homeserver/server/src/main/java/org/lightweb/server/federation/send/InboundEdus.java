package org.lightweb.server.federation.send;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;

/**
 * EDUs received in a {@code PUT /send/{txnId}} transaction: typing, receipts, presence, device list updates,
 * signing key updates, direct to-device messages. Each one from {@code origin} (already authenticated; checks that
 * the EDU speaks only for the origin's own users are this interface's job). An EDU that fails is logged and
 * dropped: EDUs are not retried and never fail the transaction.
 */
public interface InboundEdus {
    Future<Void> onEdu(String origin, String eduType, JsonNode content);
}
