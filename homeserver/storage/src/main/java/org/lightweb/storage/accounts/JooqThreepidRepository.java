package org.lightweb.storage.accounts;

import static org.lightweb.storage.jooq.Tables.THREEPID_VALIDATION_SESSIONS;
import static org.lightweb.storage.jooq.Tables.USER_THREEPIDS;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.lightweb.core.UserId;
import org.lightweb.storage.Db;
import org.lightweb.storage.jooq.tables.records.ThreepidValidationSessionsRecord;

public final class JooqThreepidRepository implements ThreepidRepository {
    private final Db db;

    public JooqThreepidRepository(Db db) {
        this.db = db;
    }

    static void insertBinding(DSLContext tx, UserId user, Threepid t) {
        tx.insertInto(USER_THREEPIDS)
                .set(USER_THREEPIDS.MEDIUM, t.medium()).set(USER_THREEPIDS.ADDRESS, t.address())
                .set(USER_THREEPIDS.USER_ID, user.toString())
                .set(USER_THREEPIDS.VALIDATED_TS, t.validatedTs()).set(USER_THREEPIDS.ADDED_TS, t.addedTs())
                .execute();
    }

    @Override
    public Future<List<Threepid>> list(UserId user) {
        return db.read(ctx -> ctx.selectFrom(USER_THREEPIDS).where(USER_THREEPIDS.USER_ID.eq(user.toString()))
                .orderBy(USER_THREEPIDS.ADDED_TS)
                .fetch(r -> new Threepid(r.getMedium(), r.getAddress(), r.getValidatedTs(), r.getAddedTs())));
    }

    @Override
    public Future<Optional<UserId>> owner(String medium, String address) {
        return db.read(ctx -> ctx.select(USER_THREEPIDS.USER_ID).from(USER_THREEPIDS)
                .where(USER_THREEPIDS.MEDIUM.eq(medium), USER_THREEPIDS.ADDRESS.eq(address))
                .fetchOptional(r -> UserId.parse(r.value1()).orElseThrow()));
    }

    @Override
    public Future<Boolean> bind(UserId user, Threepid threepid) {
        return db.write(tx -> {
            var existing = tx.selectFrom(USER_THREEPIDS)
                    .where(USER_THREEPIDS.MEDIUM.eq(threepid.medium()), USER_THREEPIDS.ADDRESS.eq(threepid.address()))
                    .fetchOne();
            if (existing != null) return existing.getUserId().equals(user.toString());
            insertBinding(tx, user, threepid);
            return true;
        });
    }

    @Override
    public Future<Boolean> unbind(UserId user, String medium, String address) {
        return db.write(tx -> tx.deleteFrom(USER_THREEPIDS)
                .where(USER_THREEPIDS.USER_ID.eq(user.toString()), USER_THREEPIDS.MEDIUM.eq(medium),
                        USER_THREEPIDS.ADDRESS.eq(address))
                .execute() > 0);
    }

    @Override
    public Future<ValidationRequest> requestValidation(NewValidation v) {
        var S = THREEPID_VALIDATION_SESSIONS;
        return db.write(tx -> {
            var existing = tx.selectFrom(S)
                    .where(S.CLIENT_SECRET.eq(v.clientSecret()), S.MEDIUM.eq(v.medium()), S.ADDRESS.eq(v.address()),
                            S.PURPOSE.eq(v.purpose()), S.EXPIRES_TS.gt(v.now()))
                    .fetchOne();
            if (existing != null) {
                // Spec: a request with the same send_attempt must not send another message.
                if (v.sendAttempt() <= existing.getSendAttempt()) return new ValidationRequest(toSession(existing), false);
                existing.setSendAttempt(v.sendAttempt());
                existing.setTokenHash(v.tokenHash());
                existing.setNextLink(v.nextLink());
                existing.update();
                return new ValidationRequest(toSession(existing), true);
            }
            var r = tx.newRecord(S);
            r.setSessionId(v.sessionId());
            r.setMedium(v.medium());
            r.setAddress(v.address());
            r.setClientSecret(v.clientSecret());
            r.setPurpose(v.purpose());
            r.setTokenHash(v.tokenHash());
            r.setSendAttempt(v.sendAttempt());
            r.setNextLink(v.nextLink());
            r.setCreatedTs(v.now());
            r.setExpiresTs(v.expiresTs());
            r.store();
            return new ValidationRequest(toSession(r), true);
        });
    }

    private static ValidationSession toSession(ThreepidValidationSessionsRecord r) {
        return new ValidationSession(r.getSessionId(), r.getMedium(), r.getAddress(), r.getClientSecret(),
                r.getPurpose(), r.getNextLink(), r.getExpiresTs(), r.getValidatedTs());
    }

    @Override
    public Future<Optional<ValidationSession>> findValidation(String sessionId, String clientSecret) {
        var S = THREEPID_VALIDATION_SESSIONS;
        return db.read(ctx -> ctx.selectFrom(S).where(S.SESSION_ID.eq(sessionId), S.CLIENT_SECRET.eq(clientSecret))
                .fetchOptional().map(JooqThreepidRepository::toSession));
    }

    @Override
    public Future<Boolean> submitValidationToken(String sessionId, String clientSecret, String tokenHash, long now) {
        var S = THREEPID_VALIDATION_SESSIONS;
        return db.write(tx -> {
            var r = tx.selectFrom(S).where(S.SESSION_ID.eq(sessionId), S.CLIENT_SECRET.eq(clientSecret)).fetchOne();
            if (r == null || r.getExpiresTs() <= now || !r.getTokenHash().equals(tokenHash)) return false;
            if (r.getValidatedTs() == null) {
                r.setValidatedTs(now);
                r.setExpiresTs(Math.max(r.getExpiresTs(), now + (r.getExpiresTs() - r.getCreatedTs())));
                r.update();
            }
            return true;
        });
    }

    @Override
    public Future<Void> forgetSendAttempt(String sessionId) {
        var S = THREEPID_VALIDATION_SESSIONS;
        return db.write(tx -> {
            tx.update(S).set(S.SEND_ATTEMPT, -1).where(S.SESSION_ID.eq(sessionId)).execute();
            return null;
        });
    }

    @Override
    public Future<Integer> deleteExpired(long now) {
        var S = THREEPID_VALIDATION_SESSIONS;
        return db.write(tx -> tx.deleteFrom(S).where(S.EXPIRES_TS.le(now)).execute());
    }
}
