package org.lightweb.storage.accounts;

import static org.lightweb.storage.jooq.Tables.PROFILES;

import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.Map;
import org.lightweb.core.UserId;
import org.lightweb.storage.Db;

public final class JooqProfileRepository implements ProfileRepository {
    private final Db db;

    public JooqProfileRepository(Db db) {
        this.db = db;
    }

    @Override
    public Future<Map<String, String>> fields(UserId user) {
        return db.read(ctx -> {
            Map<String, String> out = new LinkedHashMap<>();
            ctx.selectFrom(PROFILES).where(PROFILES.USER_ID.eq(user.toString())).orderBy(PROFILES.FIELD)
                    .forEach(r -> out.put(r.getField(), r.getValue()));
            return out;
        });
    }

    @Override
    public Future<Void> set(UserId user, String field, String jsonValue) {
        return db.write(tx -> {
            if (jsonValue == null) {
                tx.deleteFrom(PROFILES).where(PROFILES.USER_ID.eq(user.toString()), PROFILES.FIELD.eq(field)).execute();
            } else {
                tx.insertInto(PROFILES).set(PROFILES.USER_ID, user.toString()).set(PROFILES.FIELD, field)
                        .set(PROFILES.VALUE, jsonValue)
                        .onConflict(PROFILES.USER_ID, PROFILES.FIELD).doUpdate().set(PROFILES.VALUE, jsonValue)
                        .execute();
            }
            return null;
        });
    }
}
