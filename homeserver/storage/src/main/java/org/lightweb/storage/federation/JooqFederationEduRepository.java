package org.lightweb.storage.federation;

import static org.lightweb.storage.jooq.Tables.FEDERATION_DEVICE_LIST_OUTBOUND;
import static org.lightweb.storage.jooq.Tables.FEDERATION_RECEIVED_TO_DEVICE;
import static org.lightweb.storage.jooq.Tables.FEDERATION_REMOTE_CROSS_SIGNING_KEYS;
import static org.lightweb.storage.jooq.Tables.FEDERATION_REMOTE_DEVICES;
import static org.lightweb.storage.jooq.Tables.FEDERATION_REMOTE_DEVICE_LISTS;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.lightweb.storage.Db;
import org.lightweb.storage.StreamPositions;

public final class JooqFederationEduRepository implements FederationEduRepository {
    /** The stream the stream_ids of announced device updates come from. */
    public static final String DEVICE_STREAM = "federation_device_lists";
    static final String DELETED = "deleted";
    /** The device_id under which the cross-signing digest is kept (no device has an empty ID). */
    static final String CROSS_SIGNING = "";

    private final Db db;

    public JooqFederationEduRepository(Db db) {
        this.db = db;
    }

    @Override
    public Future<Boolean> firstToDevice(String origin, String messageId, long now) {
        var T = FEDERATION_RECEIVED_TO_DEVICE;
        return db.write(tx -> tx.insertInto(T).set(T.ORIGIN, origin).set(T.MESSAGE_ID, messageId).set(T.RECEIVED_TS, now)
                .onConflictDoNothing().execute() == 1);
    }

    @Override
    public Future<Void> forgetToDevice(String origin, String messageId) {
        var T = FEDERATION_RECEIVED_TO_DEVICE;
        return db.write(tx -> {
            tx.deleteFrom(T).where(T.ORIGIN.eq(origin), T.MESSAGE_ID.eq(messageId)).execute();
            return null;
        });
    }

    @Override
    public Future<List<DeviceUpdate>> announceDevices(String userId, Map<String, String> digests) {
        var O = FEDERATION_DEVICE_LIST_OUTBOUND;
        return db.writeOrdered(tx -> {
            Map<String, String> before = new HashMap<>();
            long last = 0;
            for (var r : tx.selectFrom(O).where(O.USER_ID.eq(userId), O.DEVICE_ID.ne(CROSS_SIGNING)).fetch()) {
                before.put(r.getDeviceId(), r.getDigest());
                last = Math.max(last, r.getStreamId());
            }
            Map<String, String> changed = new TreeMap<>();
            digests.forEach((d, digest) -> {
                if (!digest.equals(before.get(d))) changed.put(d, digest);
            });
            before.forEach((d, digest) -> {
                if (!digests.containsKey(d) && !DELETED.equals(digest)) changed.put(d, DELETED);
            });
            List<DeviceUpdate> out = new ArrayList<>();
            if (changed.isEmpty()) return out;
            long end = StreamPositions.next(tx, DEVICE_STREAM, changed.size());
            long id = end - changed.size();
            Long prev = last == 0 ? null : last;
            for (var e : changed.entrySet()) {
                id++;
                tx.insertInto(O).set(O.USER_ID, userId).set(O.DEVICE_ID, e.getKey()).set(O.DIGEST, e.getValue())
                        .set(O.STREAM_ID, id).onConflict(O.USER_ID, O.DEVICE_ID).doUpdate()
                        .set(O.DIGEST, e.getValue()).set(O.STREAM_ID, id).execute();
                out.add(new DeviceUpdate(e.getKey(), id, prev, DELETED.equals(e.getValue())));
                prev = id;
            }
            return out;
        });
    }

    @Override
    public Future<Long> announcedDeviceStream(String userId) {
        var O = FEDERATION_DEVICE_LIST_OUTBOUND;
        return db.read(ctx -> {
            Long max = ctx.select(org.jooq.impl.DSL.max(O.STREAM_ID)).from(O)
                    .where(O.USER_ID.eq(userId), O.DEVICE_ID.ne(CROSS_SIGNING)).fetchOne(0, Long.class);
            return max == null ? 0L : max;
        });
    }

    @Override
    public Future<Boolean> announceCrossSigning(String userId, String digest) {
        var O = FEDERATION_DEVICE_LIST_OUTBOUND;
        return db.writeOrdered(tx -> {
            String before = tx.select(O.DIGEST).from(O).where(O.USER_ID.eq(userId), O.DEVICE_ID.eq(CROSS_SIGNING))
                    .fetchOne(O.DIGEST);
            if (digest.equals(before)) return false;
            tx.insertInto(O).set(O.USER_ID, userId).set(O.DEVICE_ID, CROSS_SIGNING).set(O.DIGEST, digest)
                    .set(O.STREAM_ID, 0L).onConflict(O.USER_ID, O.DEVICE_ID).doUpdate().set(O.DIGEST, digest).execute();
            return true;
        });
    }

    @Override
    public Future<Boolean> applyRemoteDeviceUpdate(RemoteDeviceUpdate u, long now) {
        var L = FEDERATION_REMOTE_DEVICE_LISTS;
        var D = FEDERATION_REMOTE_DEVICES;
        return db.writeOrdered(tx -> {
            var list = tx.selectFrom(L).where(L.USER_ID.eq(u.userId())).fetchOne();
            if (list != null && u.streamId() <= list.getStreamId()) return list.getStale();   // old or repeated
            boolean stale;
            if (list == null) stale = !u.prevIds().isEmpty();   // never heard of them: what came before is unknown
            else stale = list.getStale() || !u.prevIds().stream().allMatch(p -> p == (long) list.getStreamId());
            tx.insertInto(D).set(D.USER_ID, u.userId()).set(D.DEVICE_ID, u.deviceId()).set(D.DISPLAY_NAME, u.displayName())
                    .set(D.KEYS, u.keysJson()).set(D.DELETED, u.deleted()).set(D.STREAM_ID, u.streamId())
                    .onConflict(D.USER_ID, D.DEVICE_ID).doUpdate().set(D.DISPLAY_NAME, u.displayName())
                    .set(D.KEYS, u.keysJson()).set(D.DELETED, u.deleted()).set(D.STREAM_ID, u.streamId()).execute();
            tx.insertInto(L).set(L.USER_ID, u.userId()).set(L.ORIGIN, u.origin()).set(L.STREAM_ID, u.streamId())
                    .set(L.STALE, stale).set(L.UPDATED_TS, now).onConflict(L.USER_ID).doUpdate()
                    .set(L.ORIGIN, u.origin()).set(L.STREAM_ID, u.streamId()).set(L.STALE, stale).set(L.UPDATED_TS, now)
                    .execute();
            return stale;
        });
    }

    @Override
    public Future<Void> replaceRemoteDevices(String origin, String userId, long streamId, List<RemoteDevice> devices, long now) {
        var L = FEDERATION_REMOTE_DEVICE_LISTS;
        var D = FEDERATION_REMOTE_DEVICES;
        return db.writeOrdered(tx -> {
            tx.deleteFrom(D).where(D.USER_ID.eq(userId)).execute();
            for (RemoteDevice d : devices) {
                tx.insertInto(D).set(D.USER_ID, userId).set(D.DEVICE_ID, d.deviceId()).set(D.DISPLAY_NAME, d.displayName())
                        .set(D.KEYS, d.keysJson()).set(D.DELETED, false).set(D.STREAM_ID, streamId)
                        .onConflict(D.USER_ID, D.DEVICE_ID).doNothing().execute();
            }
            tx.insertInto(L).set(L.USER_ID, userId).set(L.ORIGIN, origin).set(L.STREAM_ID, streamId)
                    .set(L.STALE, false).set(L.UPDATED_TS, now).onConflict(L.USER_ID).doUpdate()
                    .set(L.ORIGIN, origin).set(L.STREAM_ID, streamId).set(L.STALE, false).set(L.UPDATED_TS, now)
                    .execute();
            return null;
        });
    }

    @Override
    public Future<Optional<RemoteDeviceList>> remoteDeviceList(String userId) {
        var L = FEDERATION_REMOTE_DEVICE_LISTS;
        return db.read(ctx -> ctx.selectFrom(L).where(L.USER_ID.eq(userId)).fetchOptional()
                .map(r -> new RemoteDeviceList(r.getUserId(), r.getOrigin(), r.getStreamId(), r.getStale())));
    }

    @Override
    public Future<List<RemoteDevice>> remoteDevices(String userId) {
        var D = FEDERATION_REMOTE_DEVICES;
        return db.read(ctx -> ctx.selectFrom(D).where(D.USER_ID.eq(userId)).orderBy(D.DEVICE_ID)
                .fetch(r -> new RemoteDevice(r.getUserId(), r.getDeviceId(), r.getDisplayName(), r.getKeys(),
                        r.getDeleted(), r.getStreamId())));
    }

    @Override
    public Future<Void> putRemoteCrossSigningKeys(String userId, Map<String, String> keyJsonByType, long now) {
        var K = FEDERATION_REMOTE_CROSS_SIGNING_KEYS;
        return db.write(tx -> {
            keyJsonByType.forEach((type, json) -> tx.insertInto(K).set(K.USER_ID, userId).set(K.KEY_TYPE, type)
                    .set(K.KEY_JSON, json).set(K.UPDATED_TS, now).onConflict(K.USER_ID, K.KEY_TYPE).doUpdate()
                    .set(K.KEY_JSON, json).set(K.UPDATED_TS, now).execute());
            return null;
        });
    }

    @Override
    public Future<Map<String, String>> remoteCrossSigningKeys(String userId) {
        var K = FEDERATION_REMOTE_CROSS_SIGNING_KEYS;
        return db.read(ctx -> {
            Map<String, String> out = new TreeMap<>();
            ctx.selectFrom(K).where(K.USER_ID.eq(userId)).fetch().forEach(r -> out.put(r.getKeyType(), r.getKeyJson()));
            return out;
        });
    }
}
