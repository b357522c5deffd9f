package org.lightweb.server.sync.todevice;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import org.lightweb.core.Json;
import org.lightweb.server.sync.SyncContext;
import org.lightweb.server.sync.SyncContributor;
import org.lightweb.server.sync.SyncToken.Stream;
import org.lightweb.storage.sync.DeviceInboxRepository;

/**
 * Sync's {@code to_device.events} for the syncing device, delivered exactly once: a sync from token T
 * acknowledges everything up to T's to-device position, which is deleted first; then the messages after it are
 * sent, at most {@code maxPerSync}. When that many were sent, next_batch keeps the to-device position at the
 * last one sent, so the next sync (from it) answers at once with the rest. A sync that answered but whose
 * token is never used acknowledges nothing: its messages come again.
 */
public final class ToDeviceSync implements SyncContributor {
    @Override
    public java.util.Set<org.lightweb.server.sync.SyncToken.Stream> streams() {
        return java.util.EnumSet.of(org.lightweb.server.sync.SyncToken.Stream.TO_DEVICE);
    }

    private final DeviceInboxRepository inbox;
    private final int maxPerSync;
    /**
     * The token position each device last acknowledged (user|device -> position): a sync with the same token
     * acknowledges nothing new, so it need not look for messages to delete (most syncs). Forgotten wholesale
     * when large; a forgotten device just looks once more.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, Long> acknowledged = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_REMEMBERED = 100_000;

    public ToDeviceSync(DeviceInboxRepository inbox, int maxPerSync) {
        this.inbox = inbox;
        this.maxPerSync = maxPerSync;
    }

    /** Always runs: a sync whose token acknowledges delivered messages must delete them even if none are new. */
    @Override
    public boolean moved(SyncContext ctx) {
        return true;
    }

    @Override
    public Future<Void> contribute(SyncContext ctx, ObjectNode response) {
        String user = ctx.userId();
        String device = ctx.who().deviceId();
        long since = ctx.since(Stream.TO_DEVICE);
        ArrayNode events = response.putObject("to_device").putArray("events");
        if (device == null) return Future.succeededFuture();
        String deviceKey = user + "|" + device;
        Future<Void> acknowledging = since == 0 || Long.valueOf(since).equals(acknowledged.get(deviceKey))
                ? Future.succeededFuture()
                : inbox.hasUpTo(user, device, since).compose(any -> any
                        ? inbox.deleteUpTo(user, device, since).<Void>mapEmpty() : Future.succeededFuture())
                .onSuccess(v -> {
                    if (acknowledged.size() > MAX_REMEMBERED) acknowledged.clear();
                    acknowledged.put(deviceKey, since);
                });
        long upTo = ctx.upTo().toDevice();
        return acknowledging.compose(v -> since >= upTo ? Future.succeededFuture(java.util.List.<DeviceInboxRepository.Stored>of())
                : inbox.pending(user, device, since, upTo, maxPerSync)).map(list -> {
            list.forEach(m -> events.add(Json.parse(m.json())));
            if (list.size() == maxPerSync) {
                // More may wait: the next sync starts after the last one sent, and answers at once.
                long last = list.get(list.size() - 1).streamId();
                response.put("next_batch", ctx.upTo().with(Stream.TO_DEVICE, last).toString());
            }
            return null;
        });
    }
}
