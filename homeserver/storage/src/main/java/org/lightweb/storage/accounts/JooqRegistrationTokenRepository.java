package org.lightweb.storage.accounts;

import static org.lightweb.storage.jooq.Tables.REGISTRATION_TOKENS;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import org.lightweb.storage.Db;
import org.lightweb.storage.jooq.tables.records.RegistrationTokensRecord;

public final class JooqRegistrationTokenRepository implements RegistrationTokenRepository {
    private final Db db;

    public JooqRegistrationTokenRepository(Db db) {
        this.db = db;
    }

    private static RegistrationToken toToken(RegistrationTokensRecord r) {
        return new RegistrationToken(r.getToken(), r.getUsesAllowed(), r.getPending(), r.getCompleted(), r.getExpiryTs());
    }

    @Override
    public Future<Boolean> create(String token, Integer usesAllowed, Long expiryTs, long now) {
        return db.write(tx -> {
            if (tx.fetchExists(REGISTRATION_TOKENS, REGISTRATION_TOKENS.TOKEN.eq(token))) return false;
            tx.insertInto(REGISTRATION_TOKENS)
                    .set(REGISTRATION_TOKENS.TOKEN, token).set(REGISTRATION_TOKENS.USES_ALLOWED, usesAllowed)
                    .set(REGISTRATION_TOKENS.EXPIRY_TS, expiryTs).set(REGISTRATION_TOKENS.CREATED_TS, now)
                    .execute();
            return true;
        });
    }

    @Override
    public Future<Optional<RegistrationToken>> find(String token) {
        return db.read(ctx -> ctx.selectFrom(REGISTRATION_TOKENS).where(REGISTRATION_TOKENS.TOKEN.eq(token))
                .fetchOptional().map(JooqRegistrationTokenRepository::toToken));
    }

    @Override
    public Future<List<RegistrationToken>> list() {
        return db.read(ctx -> ctx.selectFrom(REGISTRATION_TOKENS).orderBy(REGISTRATION_TOKENS.CREATED_TS)
                .fetch(JooqRegistrationTokenRepository::toToken));
    }

    @Override
    public Future<Optional<RegistrationToken>> update(String token, Optional<Integer> usesAllowed, boolean setUses,
                                                      Optional<Long> expiryTs, boolean setExpiry) {
        return db.write(tx -> {
            var r = tx.selectFrom(REGISTRATION_TOKENS).where(REGISTRATION_TOKENS.TOKEN.eq(token)).fetchOne();
            if (r == null) return Optional.<RegistrationToken>empty();
            if (setUses) r.setUsesAllowed(usesAllowed.orElse(null));
            if (setExpiry) r.setExpiryTs(expiryTs.orElse(null));
            r.update();
            return Optional.of(toToken(r));
        });
    }

    @Override
    public Future<Boolean> delete(String token) {
        return db.write(tx -> tx.deleteFrom(REGISTRATION_TOKENS).where(REGISTRATION_TOKENS.TOKEN.eq(token)).execute() > 0);
    }

    @Override
    public Future<Boolean> reservePending(String token, long now) {
        return db.write(tx -> {
            var r = tx.selectFrom(REGISTRATION_TOKENS).where(REGISTRATION_TOKENS.TOKEN.eq(token)).fetchOne();
            if (r == null || !toToken(r).usableAt(now)) return false;
            r.setPending(r.getPending() + 1);
            r.update();
            return true;
        });
    }

    @Override
    public Future<Void> releasePending(String token) {
        return db.write(tx -> {
            tx.update(REGISTRATION_TOKENS).set(REGISTRATION_TOKENS.PENDING, REGISTRATION_TOKENS.PENDING.minus(1))
                    .where(REGISTRATION_TOKENS.TOKEN.eq(token), REGISTRATION_TOKENS.PENDING.gt(0)).execute();
            return null;
        });
    }
}
