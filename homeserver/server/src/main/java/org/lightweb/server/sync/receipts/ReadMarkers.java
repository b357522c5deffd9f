package org.lightweb.server.sync.receipts;

import io.vertx.core.Future;
import org.lightweb.core.Json;
import org.lightweb.core.UserId;
import org.lightweb.server.sync.AccountData;

/**
 * Read markers (client-server API, Fully read markers): m.fully_read is the room's account data, which only this
 * API sets (the account data API refuses it); /read_markers can set the read receipts in the same call.
 */
public final class ReadMarkers {
    private final ReceiptService receipts;
    private final AccountData accountData;

    public ReadMarkers(ReceiptService receipts, AccountData accountData) {
        this.receipts = receipts;
        this.accountData = accountData;
    }

    /** Moves the fully read marker to an event of the room the user may see (back too, as Synapse allows). */
    public Future<Void> setFullyRead(UserId user, String roomId, String eventId) {
        return receipts.visibleEvent(user, roomId, eventId)
                .compose(e -> accountData.put(user.toString(), roomId, ReceiptService.FULLY_READ,
                        Json.object().put("event_id", eventId)));
    }

    /** POST /rooms/{roomId}/read_markers: each of the three is optional (null: left as it is). */
    public Future<Void> setReadMarkers(UserId user, String roomId, String fullyRead, String read, String readPrivate) {
        Future<Void> done = Future.succeededFuture();
        if (fullyRead != null) done = done.compose(v -> setFullyRead(user, roomId, fullyRead));
        if (read != null) done = done.compose(v -> receipts.receipt(user, roomId, ReceiptService.READ, read, null));
        if (readPrivate != null) {
            done = done.compose(v -> receipts.receipt(user, roomId, ReceiptService.READ_PRIVATE, readPrivate, null));
        }
        return done;
    }
}
