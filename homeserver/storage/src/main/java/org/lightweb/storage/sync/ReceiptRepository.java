package org.lightweb.storage.sync;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** Read receipts: the latest one of each (room, type, user, thread), as a stream. */
public interface ReceiptRepository {
    /** A stored receipt; {@code threadId} is '' for an unthreaded receipt. */
    record Receipt(String roomId, String type, String userId, String threadId, String eventId, long ts, long streamId) {}

    /**
     * Stores a receipt and answers its stream position; empty when the user's receipt of this type and thread
     * already points at the same event or a later one (by stream order), which is then kept, as Synapse does.
     */
    Future<Optional<Long>> put(String roomId, String type, String userId, String threadId, String eventId,
                               long eventStream, long ts);

    /**
     * The receipts that changed in (after, upTo] in the rooms {@code userId} is joined to, leaving out other
     * users' private ones ({@code privateType}). All current ones when {@code after} is 0.
     */
    Future<List<Receipt>> changedFor(String userId, long after, long upTo, String privateType);
}
