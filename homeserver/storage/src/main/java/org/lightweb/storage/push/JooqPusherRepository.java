package org.lightweb.storage.push;

import static org.lightweb.storage.jooq.Tables.EVENTS;
import static org.lightweb.storage.jooq.Tables.PUSHERS;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.impl.DSL;
import org.lightweb.storage.Db;
import org.lightweb.storage.jooq.tables.records.PushersRecord;

public final class JooqPusherRepository implements PusherRepository {
    private final Db db;

    public JooqPusherRepository(Db db) {
        this.db = db;
    }

    private static Pusher toPusher(PushersRecord r) {
        return new Pusher(r.getUserId(), r.getDeviceId(), r.getAccessTokenHash(), r.getKind(), r.getAppId(),
                r.getPushkey(), r.getAppDisplayName(), r.getDeviceDisplayName(), r.getProfileTag(), r.getLang(),
                r.getData(), r.getPushkeyTs(), r.getLastStreamOrdering(), r.getFailingSince());
    }

    private static Condition key(String userId, String appId, String pushkey) {
        return PUSHERS.USER_ID.eq(userId).and(PUSHERS.APP_ID.eq(appId)).and(PUSHERS.PUSHKEY.eq(pushkey));
    }

    @Override
    public Future<Void> set(Pusher p, boolean append) {
        var P = PUSHERS;
        return db.write(tx -> {
            if (!append) {
                tx.deleteFrom(P).where(P.APP_ID.eq(p.appId()), P.PUSHKEY.eq(p.pushkey()), P.USER_ID.ne(p.userId())).execute();
            }
            Long head = tx.select(DSL.max(EVENTS.STREAM_ORDERING)).from(EVENTS).fetchOne(0, Long.class);
            tx.insertInto(P)
                    .set(P.USER_ID, p.userId()).set(P.DEVICE_ID, p.deviceId()).set(P.ACCESS_TOKEN_HASH, p.accessTokenHash())
                    .set(P.KIND, p.kind()).set(P.APP_ID, p.appId()).set(P.PUSHKEY, p.pushkey())
                    .set(P.APP_DISPLAY_NAME, p.appDisplayName()).set(P.DEVICE_DISPLAY_NAME, p.deviceDisplayName())
                    .set(P.PROFILE_TAG, p.profileTag()).set(P.LANG, p.lang()).set(P.DATA, p.data())
                    .set(P.PUSHKEY_TS, p.pushkeyTs()).set(P.LAST_STREAM_ORDERING, head == null ? 0L : head)
                    .onConflict(P.USER_ID, P.APP_ID, P.PUSHKEY).doUpdate()
                    .set(P.DEVICE_ID, p.deviceId()).set(P.ACCESS_TOKEN_HASH, p.accessTokenHash()).set(P.KIND, p.kind())
                    .set(P.APP_DISPLAY_NAME, p.appDisplayName()).set(P.DEVICE_DISPLAY_NAME, p.deviceDisplayName())
                    .set(P.PROFILE_TAG, p.profileTag()).set(P.LANG, p.lang()).set(P.DATA, p.data())
                    .set(P.PUSHKEY_TS, p.pushkeyTs())
                    .execute();
            return null;
        });
    }

    @Override
    public Future<Boolean> delete(String userId, String appId, String pushkey) {
        return db.write(tx -> tx.deleteFrom(PUSHERS).where(key(userId, appId, pushkey)).execute() > 0);
    }

    @Override
    public Future<Integer> deleteAllOf(String userId) {
        return db.write(tx -> tx.deleteFrom(PUSHERS).where(PUSHERS.USER_ID.eq(userId)).execute());
    }

    @Override
    public Future<List<Pusher>> of(String userId) {
        return db.read(ctx -> ctx.selectFrom(PUSHERS).where(PUSHERS.USER_ID.eq(userId))
                .orderBy(PUSHERS.APP_ID, PUSHERS.PUSHKEY).fetch(JooqPusherRepository::toPusher));
    }

    @Override
    public Future<List<Pusher>> ofUsers(Collection<String> userIds, String kind) {
        if (userIds.isEmpty()) return Future.succeededFuture(List.of());
        // Plain SQL (see Jdbc): every message asks it of the room's members.
        return db.read(ctx -> org.lightweb.storage.Jdbc.query(ctx, "SELECT user_id, device_id, access_token_hash, kind, app_id, "
                + "pushkey, app_display_name, device_display_name, profile_tag, lang, data, pushkey_ts, last_stream_ordering, "
                + "failing_since FROM pushers WHERE kind = ? AND user_id IN (" + org.lightweb.storage.Jdbc.marks(userIds.size()) + ")",
                rs -> new Pusher(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                        rs.getLong(12), rs.getLong(13), org.lightweb.storage.Jdbc.nullableLong(rs, "failing_since")),
                org.lightweb.storage.Jdbc.args(userIds, kind)));
    }

    @Override
    public Future<List<Pusher>> all(String kind) {
        return db.read(ctx -> ctx.selectFrom(PUSHERS).where(PUSHERS.KIND.eq(kind)).fetch(JooqPusherRepository::toPusher));
    }

    @Override
    public Future<Optional<Pusher>> find(String userId, String appId, String pushkey) {
        return db.read(ctx -> ctx.selectFrom(PUSHERS).where(key(userId, appId, pushkey)).fetchOptional()
                .map(JooqPusherRepository::toPusher));
    }

    @Override
    public Future<Boolean> advance(String userId, String appId, String pushkey, long streamOrdering) {
        var P = PUSHERS;
        return db.write(tx -> tx.update(P)
                .set(P.LAST_STREAM_ORDERING, DSL.greatest(P.LAST_STREAM_ORDERING, DSL.val(streamOrdering)))
                .setNull(P.FAILING_SINCE)
                .where(key(userId, appId, pushkey)).execute() > 0);
    }

    @Override
    public Future<Void> markFailing(String userId, String appId, String pushkey, long since) {
        var P = PUSHERS;
        return db.write(tx -> {
            tx.update(P).set(P.FAILING_SINCE, since).where(key(userId, appId, pushkey), P.FAILING_SINCE.isNull()).execute();
            return null;
        });
    }
}
