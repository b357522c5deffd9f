package org.lightweb.storage.federation;

import static org.lightweb.storage.jooq.Tables.FEDERATION_INBOUND_TXNS;

import io.vertx.core.Future;
import java.util.Optional;
import org.lightweb.core.Clock;
import org.lightweb.storage.Db;

/** The answers given to {@code PUT /send/{txnId}} transactions, per origin, so that a retried one gets the same. */
public final class InboundTxns {
    private final Db db;
    private final Clock clock;
    private final long retentionMillis;

    /** @param retentionMillis how long an answer is kept for retries */
    public InboundTxns(Db db, Clock clock, long retentionMillis) {
        this.db = db;
        this.clock = clock;
        this.retentionMillis = retentionMillis;
    }

    /** The response JSON given to this transaction, if it was processed before. */
    public Future<Optional<String>> response(String origin, String txnId) {
        return db.read(ctx -> ctx.select(FEDERATION_INBOUND_TXNS.RESPONSE).from(FEDERATION_INBOUND_TXNS)
                .where(FEDERATION_INBOUND_TXNS.ORIGIN.eq(origin), FEDERATION_INBOUND_TXNS.TXN_ID.eq(txnId))
                .fetchOptional(FEDERATION_INBOUND_TXNS.RESPONSE));
    }

    /** Keeps the response (the first one kept wins), and forgets those older than the retention. */
    public Future<Void> save(String origin, String txnId, String response) {
        return db.write(ctx -> {
            ctx.deleteFrom(FEDERATION_INBOUND_TXNS)
                    .where(FEDERATION_INBOUND_TXNS.RECEIVED_TS.lt(clock.millis() - retentionMillis)).execute();
            ctx.insertInto(FEDERATION_INBOUND_TXNS).set(FEDERATION_INBOUND_TXNS.ORIGIN, origin)
                    .set(FEDERATION_INBOUND_TXNS.TXN_ID, txnId).set(FEDERATION_INBOUND_TXNS.RESPONSE, response)
                    .set(FEDERATION_INBOUND_TXNS.RECEIVED_TS, clock.millis()).onConflictDoNothing().execute();
            return null;
        });
    }
}
