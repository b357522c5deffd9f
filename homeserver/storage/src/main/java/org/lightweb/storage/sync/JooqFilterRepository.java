package org.lightweb.storage.sync;

import static org.lightweb.storage.jooq.Tables.USER_FILTERS;

import io.vertx.core.Future;
import java.util.Optional;
import org.jooq.impl.DSL;
import org.lightweb.storage.Db;

public final class JooqFilterRepository implements FilterRepository {
    private final Db db;

    public JooqFilterRepository(Db db) {
        this.db = db;
    }

    @Override
    public Future<Long> create(String userId, String filterJson) {
        return db.write(tx -> {
            Long max = tx.select(DSL.max(USER_FILTERS.FILTER_ID)).from(USER_FILTERS).where(USER_FILTERS.USER_ID.eq(userId))
                    .fetchOne(0, Long.class);
            long id = max == null ? 0 : max + 1;
            tx.insertInto(USER_FILTERS).set(USER_FILTERS.USER_ID, userId).set(USER_FILTERS.FILTER_ID, id)
                    .set(USER_FILTERS.FILTER_JSON, filterJson).execute();
            return id;
        });
    }

    @Override
    public Future<Optional<String>> find(String userId, long filterId) {
        return db.read(ctx -> ctx.select(USER_FILTERS.FILTER_JSON).from(USER_FILTERS)
                .where(USER_FILTERS.USER_ID.eq(userId), USER_FILTERS.FILTER_ID.eq(filterId))
                .fetchOptional(USER_FILTERS.FILTER_JSON));
    }
}
