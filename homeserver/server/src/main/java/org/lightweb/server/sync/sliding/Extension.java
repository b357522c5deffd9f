package org.lightweb.server.sync.sliding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;

/**
 * One sliding sync extension (MSC4186 "Extensions"): to_device (MSC3885), e2ee (MSC3884), account_data
 * (MSC3959), receipts (MSC3960), typing (MSC3961). It answers only when the request enables it
 * ({@code extensions.<name>.enabled: true}); each reads its stream through the /sync contributor that serves it.
 */
public interface Extension {
    /** The key in the request's and the response's {@code extensions}. */
    String name();

    /** The extension's section of the response, for the request's {@code config} of it. */
    Future<ObjectNode> answer(ExtensionContext ctx, JsonNode config);

    /** Whether {@code answer} carries anything new: an incremental request keeps waiting while none does. */
    boolean hasNews(ObjectNode answer);
}
