package org.lightweb.storage.accounts;

import static org.lightweb.storage.jooq.Tables.ACCESS_TOKENS;
import static org.lightweb.storage.jooq.Tables.DEVICES;
import static org.lightweb.storage.jooq.Tables.DEVICE_INBOX;
import static org.lightweb.storage.jooq.Tables.REFRESH_TOKENS;
import static org.lightweb.storage.jooq.Tables.USERS;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.lightweb.core.Clock;
import org.lightweb.core.UserId;
import org.lightweb.storage.Db;
import org.lightweb.storage.jooq.tables.records.DevicesRecord;

public final class JooqDeviceRepository implements DeviceRepository {
    private final Db db;
    private final Clock clock;

    public JooqDeviceRepository(Db db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Creates the device if needed and stores the session's tokens; shared with registration. A login on an
     * existing device replaces that device's tokens (spec: "the server will invalidate any access token
     * previously associated with the device"); a refresh does not.
     */
    static void insertSession(DSLContext tx, UserId user, NewSession s, long now, boolean replaceDeviceTokens) {
        String uid = user.toString();
        boolean exists = tx.fetchExists(DEVICES, DEVICES.USER_ID.eq(uid), DEVICES.DEVICE_ID.eq(s.deviceId()));
        if (!exists) {
            tx.insertInto(DEVICES)
                    .set(DEVICES.USER_ID, uid).set(DEVICES.DEVICE_ID, s.deviceId())
                    .set(DEVICES.DISPLAY_NAME, s.deviceDisplayName()).set(DEVICES.CREATED_TS, now)
                    .set(DEVICES.LAST_SEEN_TS, now).set(DEVICES.LAST_SEEN_IP, s.ip())
                    .set(DEVICES.LAST_SEEN_USER_AGENT, s.userAgent())
                    .execute();
        } else {
            if (s.deviceDisplayName() != null) {
                tx.update(DEVICES).set(DEVICES.DISPLAY_NAME, s.deviceDisplayName())
                        .where(DEVICES.USER_ID.eq(uid), DEVICES.DEVICE_ID.eq(s.deviceId())).execute();
            }
            if (replaceDeviceTokens) {
                tx.deleteFrom(ACCESS_TOKENS).where(ACCESS_TOKENS.USER_ID.eq(uid), ACCESS_TOKENS.DEVICE_ID.eq(s.deviceId()))
                        .execute();
                tx.deleteFrom(REFRESH_TOKENS).where(REFRESH_TOKENS.USER_ID.eq(uid), REFRESH_TOKENS.DEVICE_ID.eq(s.deviceId()))
                        .execute();
            }
        }
        if (s.refreshTokenHash() != null) {
            tx.insertInto(REFRESH_TOKENS)
                    .set(REFRESH_TOKENS.TOKEN_HASH, s.refreshTokenHash()).set(REFRESH_TOKENS.USER_ID, uid)
                    .set(REFRESH_TOKENS.DEVICE_ID, s.deviceId()).set(REFRESH_TOKENS.CREATED_TS, now)
                    .execute();
        }
        tx.insertInto(ACCESS_TOKENS)
                .set(ACCESS_TOKENS.TOKEN_HASH, s.accessTokenHash()).set(ACCESS_TOKENS.USER_ID, uid)
                .set(ACCESS_TOKENS.DEVICE_ID, s.deviceId()).set(ACCESS_TOKENS.CREATED_TS, now)
                .set(ACCESS_TOKENS.EXPIRES_TS, s.accessExpiresTs())
                .set(ACCESS_TOKENS.REFRESH_TOKEN_HASH, s.refreshTokenHash())
                .execute();
    }

    @Override
    public Future<Void> login(UserId user, NewSession session) {
        return db.write(tx -> {
            insertSession(tx, user, session, clock.millis(), true);
            return null;
        });
    }

    @Override
    public Future<Optional<TokenOwner>> findAccessToken(String tokenHash) {
        return db.read(ctx -> ctx.select(ACCESS_TOKENS.USER_ID, ACCESS_TOKENS.DEVICE_ID, USERS.IS_GUEST, USERS.IS_ADMIN,
                        USERS.DEACTIVATED, ACCESS_TOKENS.EXPIRES_TS, ACCESS_TOKENS.REFRESH_TOKEN_HASH, ACCESS_TOKENS.USED)
                .from(ACCESS_TOKENS).join(USERS).on(USERS.USER_ID.eq(ACCESS_TOKENS.USER_ID))
                .where(ACCESS_TOKENS.TOKEN_HASH.eq(tokenHash))
                .fetchOptional(r -> new TokenOwner(UserId.parse(r.value1()).orElseThrow(), r.value2(), r.value3(),
                        r.value4(), r.value5(), r.value6(), r.value7(), r.value8())));
    }

    @Override
    public Future<Void> markAccessTokenUsed(String tokenHash) {
        return db.write(tx -> {
            var token = tx.selectFrom(ACCESS_TOKENS).where(ACCESS_TOKENS.TOKEN_HASH.eq(tokenHash)).fetchOne();
            if (token == null || token.getUsed()) return null;
            token.setUsed(true);
            token.update();
            if (token.getRefreshTokenHash() != null) {
                // The refresh token that was exchanged for this one is now spent for good.
                tx.deleteFrom(REFRESH_TOKENS).where(REFRESH_TOKENS.NEXT_TOKEN_HASH.eq(token.getRefreshTokenHash()))
                        .execute();
            }
            return null;
        });
    }

    @Override
    public Future<Optional<UserId>> refresh(String refreshTokenHash, NewSession next) {
        return db.write(tx -> {
            var old = tx.selectFrom(REFRESH_TOKENS).where(REFRESH_TOKENS.TOKEN_HASH.eq(refreshTokenHash)).fetchOne();
            if (old == null) return Optional.<UserId>empty();
            UserId user = UserId.parse(old.getUserId()).orElseThrow();
            long now = clock.millis();
            if (old.getNextTokenHash() != null) {
                // Exchanged before, and its successor never used: that successor is abandoned.
                tx.deleteFrom(ACCESS_TOKENS).where(ACCESS_TOKENS.REFRESH_TOKEN_HASH.eq(old.getNextTokenHash())).execute();
                tx.deleteFrom(REFRESH_TOKENS).where(REFRESH_TOKENS.TOKEN_HASH.eq(old.getNextTokenHash())).execute();
            }
            // The access tokens issued with the old refresh token are replaced by the new one.
            tx.deleteFrom(ACCESS_TOKENS).where(ACCESS_TOKENS.REFRESH_TOKEN_HASH.eq(refreshTokenHash)).execute();
            NewSession onSameDevice = new NewSession(old.getDeviceId(), null, next.accessTokenHash(),
                    next.accessExpiresTs(), next.refreshTokenHash(), next.ip(), next.userAgent());
            insertSession(tx, user, onSameDevice, now, false);
            old.setNextTokenHash(next.refreshTokenHash());
            old.update();
            return Optional.of(user);
        });
    }

    @Override
    public Future<Void> deleteAccessToken(String tokenHash) {
        return db.write(tx -> {
            var token = tx.selectFrom(ACCESS_TOKENS).where(ACCESS_TOKENS.TOKEN_HASH.eq(tokenHash)).fetchOne();
            if (token == null) return null;
            if (token.getRefreshTokenHash() != null) {
                tx.deleteFrom(REFRESH_TOKENS).where(REFRESH_TOKENS.TOKEN_HASH.eq(token.getRefreshTokenHash()))
                        .execute();
            }
            token.delete();
            return null;
        });
    }

    @Override
    public Future<Void> deleteDevices(UserId user, Collection<String> deviceIds) {
        if (deviceIds.isEmpty()) return Future.succeededFuture();
        return db.write(tx -> {
            tx.deleteFrom(DEVICES).where(DEVICES.USER_ID.eq(user.toString()), DEVICES.DEVICE_ID.in(deviceIds))
                    .execute();
            // Their undelivered to-device messages go with them: nobody can fetch them any more.
            tx.deleteFrom(DEVICE_INBOX).where(DEVICE_INBOX.USER_ID.eq(user.toString()), DEVICE_INBOX.DEVICE_ID.in(deviceIds))
                    .execute();
            return null;
        });
    }

    @Override
    public Future<List<DeviceRecord>> list(UserId user) {
        return db.read(ctx -> ctx.selectFrom(DEVICES).where(DEVICES.USER_ID.eq(user.toString()))
                .orderBy(DEVICES.CREATED_TS, DEVICES.DEVICE_ID).fetch(JooqDeviceRepository::toRecord));
    }

    @Override
    public Future<Optional<DeviceRecord>> find(UserId user, String deviceId) {
        return db.read(ctx -> ctx.selectFrom(DEVICES)
                .where(DEVICES.USER_ID.eq(user.toString()), DEVICES.DEVICE_ID.eq(deviceId))
                .fetchOptional().map(JooqDeviceRepository::toRecord));
    }

    private static DeviceRecord toRecord(DevicesRecord r) {
        return new DeviceRecord(UserId.parse(r.getUserId()).orElseThrow(), r.getDeviceId(), r.getDisplayName(),
                r.getCreatedTs(), r.getLastSeenTs(), r.getLastSeenIp(), r.getLastSeenUserAgent());
    }

    @Override
    public Future<Boolean> rename(UserId user, String deviceId, String displayName) {
        return db.write(tx -> tx.update(DEVICES).set(DEVICES.DISPLAY_NAME, displayName)
                .where(DEVICES.USER_ID.eq(user.toString()), DEVICES.DEVICE_ID.eq(deviceId)).execute() > 0);
    }

    @Override
    public Future<Void> touch(UserId user, String deviceId, long ts, String ip, String userAgent) {
        return db.write(tx -> {
            tx.update(DEVICES).set(DEVICES.LAST_SEEN_TS, ts).set(DEVICES.LAST_SEEN_IP, ip)
                    .set(DEVICES.LAST_SEEN_USER_AGENT, userAgent)
                    .where(DEVICES.USER_ID.eq(user.toString()), DEVICES.DEVICE_ID.eq(deviceId)).execute();
            return null;
        });
    }
}
