package org.lightweb.storage.accounts;

import static org.lightweb.storage.jooq.Tables.DEVICES;
import static org.lightweb.storage.jooq.Tables.PROFILES;
import static org.lightweb.storage.jooq.Tables.REGISTRATION_TOKENS;
import static org.lightweb.storage.jooq.Tables.USERS;
import static org.lightweb.storage.jooq.Tables.USER_THREEPIDS;

import io.vertx.core.Future;
import java.util.Optional;
import org.jooq.DSLContext;
import org.lightweb.core.Clock;
import org.lightweb.core.Json;
import org.lightweb.core.UserId;
import org.lightweb.storage.Db;
import org.lightweb.storage.StreamPositions;
import org.lightweb.storage.jooq.tables.records.UsersRecord;

public final class JooqAccountRepository implements AccountRepository {
    private final Db db;
    private final Clock clock;

    public JooqAccountRepository(Db db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public Future<Boolean> register(NewAccount a) {
        return db.write(tx -> {
            String id = a.userId().toString();
            if (tx.fetchExists(USERS, USERS.USER_ID.eq(id))) return false;
            long now = clock.millis();
            tx.insertInto(USERS)
                    .set(USERS.USER_ID, id)
                    .set(USERS.PASSWORD_HASH, a.passwordHash())
                    .set(USERS.CREATED_TS, now)
                    .set(USERS.IS_ADMIN, a.admin())
                    .set(USERS.IS_GUEST, a.guest())
                    .set(USERS.USER_TYPE, a.userType())
                    .set(USERS.APPSERVICE_ID, a.appserviceId())
                    .execute();
            if (a.displayName() != null) {
                tx.insertInto(PROFILES).set(PROFILES.USER_ID, id).set(PROFILES.FIELD, "displayname")
                        .set(PROFILES.VALUE, Json.write(a.displayName())).execute();
            }
            a.threepid().ifPresent(t -> JooqThreepidRepository.insertBinding(tx, a.userId(), t));
            a.registrationToken().ifPresent(token -> tx.update(REGISTRATION_TOKENS)
                    .set(REGISTRATION_TOKENS.PENDING, REGISTRATION_TOKENS.PENDING.minus(1))
                    .set(REGISTRATION_TOKENS.COMPLETED, REGISTRATION_TOKENS.COMPLETED.plus(1))
                    .where(REGISTRATION_TOKENS.TOKEN.eq(token)).execute());
            a.session().ifPresent(s -> JooqDeviceRepository.insertSession(tx, a.userId(), s, now, true));
            return true;
        });
    }

    @Override
    public Future<Optional<UserRecord>> find(UserId user) {
        return db.read(ctx -> ctx.selectFrom(USERS).where(USERS.USER_ID.eq(user.toString()))
                .fetchOptional().map(JooqAccountRepository::toRecord));
    }

    static UserRecord toRecord(UsersRecord r) {
        return new UserRecord(UserId.parse(r.getUserId()).orElseThrow(), r.getPasswordHash(), r.getCreatedTs(),
                r.getIsAdmin(), r.getIsGuest(), r.getUserType(), r.getDeactivated(), r.getAppserviceId());
    }

    @Override
    public Future<Long> nextGuestNumber() {
        return db.write(tx -> StreamPositions.next(tx, "guest_users", 1));
    }

    @Override
    public Future<Void> setPassword(UserId user, String passwordHash, String keepDevice, boolean logoutAll) {
        return db.write(tx -> {
            tx.update(USERS).set(USERS.PASSWORD_HASH, passwordHash).where(USERS.USER_ID.eq(user.toString())).execute();
            if (logoutAll) {
                tx.deleteFrom(DEVICES).where(DEVICES.USER_ID.eq(user.toString())).execute();
            } else if (keepDevice != null) {
                tx.deleteFrom(DEVICES).where(DEVICES.USER_ID.eq(user.toString()), DEVICES.DEVICE_ID.ne(keepDevice))
                        .execute();
            }
            return null;
        });
    }

    @Override
    public Future<Void> setAdmin(UserId user, boolean admin) {
        return db.write(tx -> {
            tx.update(USERS).set(USERS.IS_ADMIN, admin).where(USERS.USER_ID.eq(user.toString())).execute();
            return null;
        });
    }

    @Override
    public Future<Void> deactivate(UserId user, boolean erase) {
        return db.write(tx -> {
            String id = user.toString();
            tx.update(USERS).set(USERS.DEACTIVATED, true).set(USERS.PASSWORD_HASH, (String) null)
                    .where(USERS.USER_ID.eq(id)).execute();
            tx.deleteFrom(DEVICES).where(DEVICES.USER_ID.eq(id)).execute();
            tx.deleteFrom(USER_THREEPIDS).where(USER_THREEPIDS.USER_ID.eq(id)).execute();
            if (erase) tx.deleteFrom(PROFILES).where(PROFILES.USER_ID.eq(id)).execute();
            else tx.deleteFrom(PROFILES).where(PROFILES.USER_ID.eq(id), PROFILES.FIELD.eq("avatar_url")).execute();
            return null;
        });
    }

    @Override
    public Future<Long> countUsers() {
        return db.read(ctx -> (long) ctx.fetchCount(USERS));
    }

    static boolean exists(DSLContext ctx, UserId user) {
        return ctx.fetchExists(USERS, USERS.USER_ID.eq(user.toString()));
    }
}
