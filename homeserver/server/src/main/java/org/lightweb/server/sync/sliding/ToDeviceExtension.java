package org.lightweb.server.sync.sliding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.List;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.server.sync.SyncContributor;
import org.lightweb.server.sync.SyncToken;
import org.lightweb.server.sync.SyncToken.Stream;

/**
 * The to_device extension (MSC3885): {@code {next_batch, events}} for the requesting device. It has its own
 * position: the request's {@code since} is the previous {@code next_batch}, and acknowledges the messages up to
 * it, exactly as a /sync since token does; the messages come from the contributor that serves /sync's
 * {@code to_device} (which also says, through its next_batch, when it sent only part of them).
 */
public final class ToDeviceExtension implements Extension {
    private final SyncContributor source;

    public ToDeviceExtension(SyncContributor source) {
        this.source = source;
    }

    @Override
    public String name() { return "to_device"; }

    @Override
    public Future<ObjectNode> answer(ExtensionContext ctx, JsonNode config) {
        String raw = SlidingRequest.optText(config, "since");
        SyncToken from;
        try {
            from = raw == null ? null : SyncToken.ZERO.with(Stream.TO_DEVICE, Long.parseLong(raw));
        } catch (NumberFormatException e) {
            return Future.failedFuture(MatrixException.invalidParam("to_device since must be a next_batch it answered"));
        }
        return ContributorRuns.top(List.of(source), ctx.syncContext(from)).map(scratch -> {
            JsonNode events = scratch.path("to_device").path("events");
            long next = scratch.hasNonNull("next_batch") ? SyncToken.parse(scratch.get("next_batch").asText()).toDevice()
                    : ctx.upTo().toDevice();
            ObjectNode out = Json.object().put("next_batch", Long.toString(next));
            out.set("events", events.isArray() ? events : Json.MAPPER.createArrayNode());
            return out;
        });
    }

    @Override
    public boolean hasNews(ObjectNode answer) {
        return !answer.path("events").isEmpty();
    }
}
