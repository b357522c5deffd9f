package org.lightweb.storage.e2ee;

import static org.lightweb.storage.jooq.Tables.E2E_ROOM_KEYS;
import static org.lightweb.storage.jooq.Tables.E2E_ROOM_KEY_VERSIONS;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.lightweb.storage.Db;

public final class JooqKeyBackupRepository implements KeyBackupRepository {
    private final Db db;

    public JooqKeyBackupRepository(Db db) {
        this.db = db;
    }

    @Override
    public Future<Long> create(String userId, String algorithm, String authData) {
        var V = E2E_ROOM_KEY_VERSIONS;
        return db.write(tx -> {
            Long max = tx.select(DSL.max(V.VERSION)).from(V).where(V.USER_ID.eq(userId)).fetchOne().value1();
            long next = max == null ? 1 : max + 1;
            tx.insertInto(V, V.USER_ID, V.VERSION, V.ALGORITHM, V.AUTH_DATA, V.ETAG, V.DELETED)
                    .values(userId, next, algorithm, authData, 0L, false).execute();
            return next;
        });
    }

    @Override
    public Future<Optional<Version>> find(String userId, Optional<Long> version) {
        var V = E2E_ROOM_KEY_VERSIONS;
        var K = E2E_ROOM_KEYS;
        return db.read(ctx -> {
            Condition which = V.USER_ID.eq(userId).and(V.DELETED.isFalse());
            if (version.isPresent()) which = which.and(V.VERSION.eq(version.get()));
            var row = ctx.select(V.VERSION, V.ALGORITHM, V.AUTH_DATA, V.ETAG).from(V).where(which)
                    .orderBy(V.VERSION.desc()).limit(1).fetchOptional();
            return row.map(r -> new Version(r.value1(), r.value2(), r.value3(), r.value4(),
                    ctx.fetchCount(K, K.USER_ID.eq(userId), K.VERSION.eq(r.value1()))));
        });
    }

    @Override
    public Future<Boolean> update(String userId, long version, String authData) {
        var V = E2E_ROOM_KEY_VERSIONS;
        return db.write(tx -> tx.update(V).set(V.AUTH_DATA, authData)
                .where(V.USER_ID.eq(userId), V.VERSION.eq(version), V.DELETED.isFalse()).execute() == 1);
    }

    @Override
    public Future<Boolean> delete(String userId, long version) {
        var V = E2E_ROOM_KEY_VERSIONS;
        var K = E2E_ROOM_KEYS;
        return db.write(tx -> {
            tx.deleteFrom(K).where(K.USER_ID.eq(userId), K.VERSION.eq(version)).execute();
            return tx.update(V).set(V.DELETED, true)
                    .where(V.USER_ID.eq(userId), V.VERSION.eq(version), V.DELETED.isFalse()).execute() == 1;
        });
    }

    private static Condition keysOf(String userId, long version, String roomId, String sessionId) {
        var K = E2E_ROOM_KEYS;
        Condition c = K.USER_ID.eq(userId).and(K.VERSION.eq(version));
        if (roomId != null) c = c.and(K.ROOM_ID.eq(roomId));
        if (sessionId != null) c = c.and(K.SESSION_ID.eq(sessionId));
        return c;
    }

    @Override
    public Future<List<RoomKey>> keys(String userId, long version, String roomId, String sessionId) {
        var K = E2E_ROOM_KEYS;
        return db.read(ctx -> ctx.selectFrom(K).where(keysOf(userId, version, roomId, sessionId))
                .orderBy(K.ROOM_ID, K.SESSION_ID)
                .fetch(r -> new RoomKey(r.getRoomId(), r.getSessionId(), r.getFirstMessageIndex(), r.getForwardedCount(),
                        r.getIsVerified(), r.getSessionData())));
    }

    @Override
    public Future<Void> put(String userId, long version, List<RoomKey> keys) {
        var K = E2E_ROOM_KEYS;
        return db.write(tx -> {
            boolean changed = false;
            for (RoomKey k : keys) {
                var old = tx.selectFrom(K).where(keysOf(userId, version, k.roomId(), k.sessionId())).fetchOptional();
                if (old.isPresent() && !better(k, old.get().getIsVerified(), old.get().getFirstMessageIndex(),
                        old.get().getForwardedCount())) continue;
                tx.insertInto(K, K.USER_ID, K.VERSION, K.ROOM_ID, K.SESSION_ID, K.FIRST_MESSAGE_INDEX, K.FORWARDED_COUNT,
                                K.IS_VERIFIED, K.SESSION_DATA)
                        .values(userId, version, k.roomId(), k.sessionId(), k.firstMessageIndex(), k.forwardedCount(),
                                k.isVerified(), k.sessionData())
                        .onConflict(K.USER_ID, K.VERSION, K.ROOM_ID, K.SESSION_ID).doUpdate()
                        .set(K.FIRST_MESSAGE_INDEX, k.firstMessageIndex()).set(K.FORWARDED_COUNT, k.forwardedCount())
                        .set(K.IS_VERIFIED, k.isVerified()).set(K.SESSION_DATA, k.sessionData()).execute();
                changed = true;
            }
            if (changed) bumpEtag(tx, userId, version);
            return null;
        });
    }

    /** Synapse's _should_replace_room_key: verified first, then the earlier first message, then fewer forwards. */
    static boolean better(RoomKey k, boolean oldVerified, long oldFirstIndex, long oldForwarded) {
        if (k.isVerified() != oldVerified) return k.isVerified();
        if (k.firstMessageIndex() != oldFirstIndex) return k.firstMessageIndex() < oldFirstIndex;
        return k.forwardedCount() < oldForwarded;
    }

    private static void bumpEtag(DSLContext tx, String userId, long version) {
        var V = E2E_ROOM_KEY_VERSIONS;
        tx.update(V).set(V.ETAG, V.ETAG.plus(1)).where(V.USER_ID.eq(userId), V.VERSION.eq(version)).execute();
    }

    @Override
    public Future<Void> deleteKeys(String userId, long version, String roomId, String sessionId) {
        var K = E2E_ROOM_KEYS;
        return db.write(tx -> {
            tx.deleteFrom(K).where(keysOf(userId, version, roomId, sessionId)).execute();
            bumpEtag(tx, userId, version);
            return null;
        });
    }

    @Override
    public Future<Void> deleteAllOf(String userId) {
        var V = E2E_ROOM_KEY_VERSIONS;
        var K = E2E_ROOM_KEYS;
        return db.write(tx -> {
            tx.deleteFrom(K).where(K.USER_ID.eq(userId)).execute();
            tx.update(V).set(V.DELETED, true).where(V.USER_ID.eq(userId), V.DELETED.isFalse()).execute();
            return null;
        });
    }
}
