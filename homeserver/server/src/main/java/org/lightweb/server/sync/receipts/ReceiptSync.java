package org.lightweb.server.sync.receipts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.lightweb.core.Json;
import org.lightweb.server.sync.EphemeralEvents;
import org.lightweb.server.sync.PerSync;
import org.lightweb.server.sync.SyncContext;
import org.lightweb.server.sync.SyncContributor;
import org.lightweb.server.sync.SyncToken.Stream;
import org.lightweb.storage.sync.ReceiptRepository;
import org.lightweb.storage.sync.ReceiptRepository.Receipt;

/**
 * Receipts in sync: one m.receipt ephemeral event per joined room with the receipts that changed since the token
 * (all current ones on an initial sync), {@code {event_id: {type: {user: {ts, thread_id?}}}}}. Other users'
 * m.read.private never leave the database.
 */
public final class ReceiptSync implements SyncContributor {
    @Override
    public java.util.Set<org.lightweb.server.sync.SyncToken.Stream> streams() {
        return java.util.EnumSet.of(org.lightweb.server.sync.SyncToken.Stream.RECEIPTS);
    }

    private final PerSync<List<Receipt>> changed;

    public ReceiptSync(ReceiptRepository repo) {
        this.changed = new PerSync<>(ctx -> repo.changedFor(ctx.userId(), ctx.fullState() ? 0 : ctx.since(Stream.RECEIPTS),
                ctx.upTo().receipts(), ReceiptService.READ_PRIVATE));
    }

    @Override
    public Future<Set<String>> roomsWithNews(SyncContext ctx, Set<String> joinedRooms) {
        return changed.get(ctx).map(list -> {
            Set<String> out = new HashSet<>();
            for (Receipt r : list) if (joinedRooms.contains(r.roomId())) out.add(r.roomId());
            return out;
        });
    }

    @Override
    public Future<Void> contributeRoom(SyncContext ctx, String roomId, ObjectNode room) {
        if (!ctx.filter().room().ephemeral().matches(roomId, "m.receipt", "", Json.object())) return Future.succeededFuture();
        return changed.get(ctx).map(list -> {
            ObjectNode content = Json.object();
            for (Receipt r : list) {
                if (!r.roomId().equals(roomId)) continue;
                ObjectNode byType = content.has(r.eventId()) ? (ObjectNode) content.get(r.eventId()) : content.putObject(r.eventId());
                ObjectNode byUser = byType.has(r.type()) ? (ObjectNode) byType.get(r.type()) : byType.putObject(r.type());
                ObjectNode receipt = byUser.putObject(r.userId()).put("ts", r.ts());
                if (!r.threadId().isEmpty()) receipt.put("thread_id", r.threadId());
            }
            if (!content.isEmpty()) {
                ObjectNode event = Json.object().put("type", "m.receipt");
                event.set("content", content);
                EphemeralEvents.add(room, event);
            }
            return null;
        });
    }

    @Override
    public Future<Void> contribute(SyncContext ctx, ObjectNode response) {
        changed.done(ctx);
        return Future.succeededFuture();
    }
}
