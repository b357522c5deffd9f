package org.lightweb.storage.e2ee;

import static org.lightweb.storage.jooq.Tables.DEVICES;
import static org.lightweb.storage.jooq.Tables.E2E_CROSS_SIGNING_KEYS;
import static org.lightweb.storage.jooq.Tables.E2E_DEVICE_KEYS;
import static org.lightweb.storage.jooq.Tables.E2E_FALLBACK_KEYS;
import static org.lightweb.storage.jooq.Tables.E2E_ONE_TIME_KEYS;
import static org.lightweb.storage.jooq.Tables.E2E_SIGNATURES;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jooq.DSLContext;
import org.lightweb.storage.Db;

public final class JooqE2eKeyRepository implements E2eKeyRepository {
    /** How often a claim retries when a concurrent claim took the one-time key it picked. */
    private static final int CLAIM_ATTEMPTS = 20;

    private final Db db;

    public JooqE2eKeyRepository(Db db) {
        this.db = db;
    }

    @Override
    public Future<Optional<String>> deviceKeys(String userId, String deviceId) {
        var K = E2E_DEVICE_KEYS;
        return db.read(ctx -> ctx.select(K.KEY_JSON).from(K).where(K.USER_ID.eq(userId), K.DEVICE_ID.eq(deviceId))
                .fetchOptional(K.KEY_JSON));
    }

    @Override
    public Future<List<DeviceKeys>> deviceKeysOf(Collection<String> userIds) {
        if (userIds.isEmpty()) return Future.succeededFuture(List.of());
        var K = E2E_DEVICE_KEYS;
        return db.read(ctx -> ctx.select(K.USER_ID, K.DEVICE_ID, K.KEY_JSON, DEVICES.DISPLAY_NAME).from(K)
                .join(DEVICES).on(DEVICES.USER_ID.eq(K.USER_ID), DEVICES.DEVICE_ID.eq(K.DEVICE_ID))
                .where(K.USER_ID.in(userIds)).orderBy(K.USER_ID, K.DEVICE_ID)
                .fetch(r -> new DeviceKeys(r.value1(), r.value2(), r.value3(), r.value4())));
    }

    @Override
    public Future<Void> setDeviceKeys(String userId, String deviceId, String keyJson, long ts) {
        var K = E2E_DEVICE_KEYS;
        return db.write(tx -> {
            tx.insertInto(K, K.USER_ID, K.DEVICE_ID, K.KEY_JSON, K.TS).values(userId, deviceId, keyJson, ts)
                    .onConflict(K.USER_ID, K.DEVICE_ID).doUpdate().set(K.KEY_JSON, keyJson).set(K.TS, ts).execute();
            return null;
        });
    }

    @Override
    public Future<List<String>> addOneTimeKeys(String userId, String deviceId, List<OneTimeKey> keys, long ts) {
        var O = E2E_ONE_TIME_KEYS;
        return db.write(tx -> {
            List<String> conflicts = new ArrayList<>();
            List<OneTimeKey> fresh = new ArrayList<>();
            for (OneTimeKey k : keys) {
                Optional<String> old = tx.select(O.KEY_JSON).from(O).where(O.USER_ID.eq(userId), O.DEVICE_ID.eq(deviceId),
                        O.ALGORITHM.eq(k.algorithm()), O.KEY_ID.eq(k.keyId())).fetchOptional(O.KEY_JSON);
                if (old.isEmpty()) fresh.add(k);
                else if (!old.get().equals(k.keyJson())) conflicts.add(k.algorithm() + ":" + k.keyId());
            }
            if (!conflicts.isEmpty() || fresh.isEmpty()) return conflicts;
            var insert = tx.insertInto(O, O.USER_ID, O.DEVICE_ID, O.ALGORITHM, O.KEY_ID, O.KEY_JSON, O.TS);
            for (OneTimeKey k : fresh) insert = insert.values(userId, deviceId, k.algorithm(), k.keyId(), k.keyJson(), ts);
            insert.onConflictDoNothing().execute();
            return conflicts;
        });
    }

    @Override
    public Future<Map<String, Integer>> oneTimeKeyCounts(String userId, String deviceId) {
        var O = E2E_ONE_TIME_KEYS;
        return db.read(ctx -> {
            Map<String, Integer> counts = new TreeMap<>();
            ctx.select(O.ALGORITHM, org.jooq.impl.DSL.count()).from(O).where(O.USER_ID.eq(userId), O.DEVICE_ID.eq(deviceId))
                    .groupBy(O.ALGORITHM).forEach(r -> counts.put(r.value1(), r.value2()));
            return counts;
        });
    }

    @Override
    public Future<Void> setFallbackKeys(String userId, String deviceId, List<OneTimeKey> keys) {
        if (keys.isEmpty()) return Future.succeededFuture();
        var F = E2E_FALLBACK_KEYS;
        return db.write(tx -> {
            for (OneTimeKey k : keys) {
                Optional<String> old = tx.select(F.KEY_JSON).from(F).where(F.USER_ID.eq(userId), F.DEVICE_ID.eq(deviceId),
                        F.ALGORITHM.eq(k.algorithm()), F.KEY_ID.eq(k.keyId())).fetchOptional(F.KEY_JSON);
                if (old.isPresent() && old.get().equals(k.keyJson())) continue;   // the same key again: keep "used"
                tx.insertInto(F, F.USER_ID, F.DEVICE_ID, F.ALGORITHM, F.KEY_ID, F.KEY_JSON, F.USED)
                        .values(userId, deviceId, k.algorithm(), k.keyId(), k.keyJson(), false)
                        .onConflict(F.USER_ID, F.DEVICE_ID, F.ALGORITHM).doUpdate()
                        .set(F.KEY_ID, k.keyId()).set(F.KEY_JSON, k.keyJson()).set(F.USED, false).execute();
            }
            return null;
        });
    }

    @Override
    public Future<List<String>> unusedFallbackKeyTypes(String userId, String deviceId) {
        var F = E2E_FALLBACK_KEYS;
        return db.read(ctx -> ctx.select(F.ALGORITHM).from(F)
                .where(F.USER_ID.eq(userId), F.DEVICE_ID.eq(deviceId), F.USED.isFalse()).orderBy(F.ALGORITHM)
                .fetch(F.ALGORITHM));
    }

    @Override
    public Future<Optional<OneTimeKey>> claim(String userId, String deviceId, String algorithm) {
        return db.write(tx -> {
            for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
                var O = E2E_ONE_TIME_KEYS;
                var candidate = tx.select(O.KEY_ID, O.KEY_JSON).from(O)
                        .where(O.USER_ID.eq(userId), O.DEVICE_ID.eq(deviceId), O.ALGORITHM.eq(algorithm))
                        .orderBy(O.KEY_ID).limit(1).fetchOptional();
                if (candidate.isEmpty()) return claimFallback(tx, userId, deviceId, algorithm);
                // The delete is the claim: a concurrent claim of the same key (PostgreSQL, several writers) waits
                // on the row lock and then deletes nothing, so only one of the two gets the key; the other retries.
                int taken = tx.deleteFrom(O).where(O.USER_ID.eq(userId), O.DEVICE_ID.eq(deviceId),
                        O.ALGORITHM.eq(algorithm), O.KEY_ID.eq(candidate.get().value1())).execute();
                if (taken == 1) return Optional.of(new OneTimeKey(algorithm, candidate.get().value1(), candidate.get().value2()));
            }
            return Optional.empty();
        });
    }

    private static Optional<OneTimeKey> claimFallback(DSLContext tx, String userId, String deviceId, String algorithm) {
        var F = E2E_FALLBACK_KEYS;
        var cond = F.USER_ID.eq(userId).and(F.DEVICE_ID.eq(deviceId)).and(F.ALGORITHM.eq(algorithm));
        var found = tx.select(F.KEY_ID, F.KEY_JSON).from(F).where(cond).fetchOptional();
        if (found.isEmpty()) return Optional.empty();
        tx.update(F).set(F.USED, true).where(cond).execute();
        return Optional.of(new OneTimeKey(algorithm, found.get().value1(), found.get().value2()));
    }

    @Override
    public Future<Map<String, String>> crossSigningKeys(String userId) {
        var C = E2E_CROSS_SIGNING_KEYS;
        return db.read(ctx -> {
            Map<String, String> out = new LinkedHashMap<>();
            ctx.select(C.KEY_TYPE, C.KEY_JSON).from(C).where(C.USER_ID.eq(userId)).forEach(r -> out.put(r.value1(), r.value2()));
            return out;
        });
    }

    @Override
    public Future<Void> setCrossSigningKeys(String userId, Map<String, String> keyJsonByType, long ts) {
        if (keyJsonByType.isEmpty()) return Future.succeededFuture();
        var C = E2E_CROSS_SIGNING_KEYS;
        return db.write(tx -> {
            for (var e : keyJsonByType.entrySet()) {
                tx.insertInto(C, C.USER_ID, C.KEY_TYPE, C.KEY_JSON, C.TS).values(userId, e.getKey(), e.getValue(), ts)
                        .onConflict(C.USER_ID, C.KEY_TYPE).doUpdate().set(C.KEY_JSON, e.getValue()).set(C.TS, ts).execute();
            }
            return null;
        });
    }

    @Override
    public Future<Void> addSignatures(List<Signature> signatures) {
        if (signatures.isEmpty()) return Future.succeededFuture();
        var S = E2E_SIGNATURES;
        return db.write(tx -> {
            for (Signature s : signatures) {
                tx.insertInto(S, S.SIGNER_USER_ID, S.SIGNER_KEY_ID, S.TARGET_USER_ID, S.TARGET_KEY_ID, S.SIGNATURE)
                        .values(s.signerUserId(), s.signerKeyId(), s.targetUserId(), s.targetKeyId(), s.signature())
                        .onConflict(S.SIGNER_USER_ID, S.SIGNER_KEY_ID, S.TARGET_USER_ID, S.TARGET_KEY_ID).doUpdate()
                        .set(S.SIGNATURE, s.signature()).execute();
            }
            return null;
        });
    }

    @Override
    public Future<List<Signature>> signaturesOver(Collection<String> targetUserIds) {
        if (targetUserIds.isEmpty()) return Future.succeededFuture(List.of());
        var S = E2E_SIGNATURES;
        return db.read(ctx -> ctx.selectFrom(S).where(S.TARGET_USER_ID.in(targetUserIds))
                .fetch(r -> new Signature(r.getSignerUserId(), r.getSignerKeyId(), r.getTargetUserId(), r.getTargetKeyId(),
                        r.getSignature())));
    }

    @Override
    public Future<Boolean> deleteAllOf(String userId) {
        var C = E2E_CROSS_SIGNING_KEYS;
        var S = E2E_SIGNATURES;
        var D = E2E_DEVICE_KEYS;
        return db.write(tx -> {
            int n = tx.deleteFrom(C).where(C.USER_ID.eq(userId)).execute();
            n += tx.deleteFrom(S).where(S.SIGNER_USER_ID.eq(userId).or(S.TARGET_USER_ID.eq(userId))).execute();
            n += tx.deleteFrom(D).where(D.USER_ID.eq(userId)).execute();
            return n > 0;
        });
    }
}
