package org.lightweb.storage.federation;

import static org.lightweb.storage.jooq.Tables.SERVER_KEYS;

import io.vertx.core.Future;
import java.util.List;
import org.lightweb.storage.Db;

public final class JooqServerKeyRepository implements ServerKeyRepository {
    private final Db db;

    public JooqServerKeyRepository(Db db) {
        this.db = db;
    }

    @Override
    public Future<Void> store(List<StoredKey> keys) {
        if (keys.isEmpty()) return Future.succeededFuture();
        return db.write(tx -> {
            for (StoredKey k : keys) {
                tx.insertInto(SERVER_KEYS).set(SERVER_KEYS.SERVER_NAME, k.serverName()).set(SERVER_KEYS.KEY_ID, k.keyId())
                        .set(SERVER_KEYS.VERIFY_KEY, k.verifyKey()).set(SERVER_KEYS.VALID_UNTIL_TS, k.validUntilTs())
                        .set(SERVER_KEYS.EXPIRED_TS, k.expiredTs()).set(SERVER_KEYS.FETCHED_TS, k.fetchedTs())
                        .set(SERVER_KEYS.KEY_JSON, k.keyJson())
                        .onConflict(SERVER_KEYS.SERVER_NAME, SERVER_KEYS.KEY_ID).doUpdate()
                        .set(SERVER_KEYS.VERIFY_KEY, k.verifyKey()).set(SERVER_KEYS.VALID_UNTIL_TS, k.validUntilTs())
                        .set(SERVER_KEYS.EXPIRED_TS, k.expiredTs()).set(SERVER_KEYS.FETCHED_TS, k.fetchedTs())
                        .set(SERVER_KEYS.KEY_JSON, k.keyJson())
                        .execute();
            }
            return null;
        });
    }

    @Override
    public Future<List<StoredKey>> keysOf(String serverName) {
        return db.read(ctx -> ctx.selectFrom(SERVER_KEYS).where(SERVER_KEYS.SERVER_NAME.eq(serverName))
                .fetch(r -> new StoredKey(r.getServerName(), r.getKeyId(), r.getVerifyKey(), r.getValidUntilTs(),
                        r.getExpiredTs(), r.getFetchedTs(), r.getKeyJson())));
    }
}
