package org.lightweb.storage.sync;

import static org.lightweb.storage.jooq.Tables.ACCOUNT_DATA;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.lightweb.storage.Db;
import org.lightweb.storage.StreamPositions;

public final class JooqAccountDataRepository implements AccountDataRepository {
    public static final String STREAM = "account_data";

    private final Db db;

    public JooqAccountDataRepository(Db db) {
        this.db = db;
    }

    @Override
    public Future<Long> put(String userId, String roomId, String type, String content) {
        return db.writeOrdered(tx -> upsert(tx, userId, roomId, type, content));
    }

    @Override
    public Future<Long> update(String userId, String roomId, String type, Function<Optional<String>, String> change) {
        var A = ACCOUNT_DATA;
        return db.writeOrdered(tx -> {
            Optional<String> current = tx.select(A.CONTENT).from(A)
                    .where(A.USER_ID.eq(userId), A.ROOM_ID.eq(roomId), A.TYPE.eq(type)).fetchOptional(A.CONTENT);
            return upsert(tx, userId, roomId, type, change.apply(current));
        });
    }

    private static long upsert(DSLContext tx, String userId, String roomId, String type, String content) {
        long id = StreamPositions.next(tx, STREAM, 1);
        var A = ACCOUNT_DATA;
        tx.insertInto(A).set(A.USER_ID, userId).set(A.ROOM_ID, roomId).set(A.TYPE, type).set(A.CONTENT, content)
                .set(A.STREAM_ID, id)
                .onConflict(A.USER_ID, A.ROOM_ID, A.TYPE).doUpdate().set(A.CONTENT, content).set(A.STREAM_ID, id)
                .execute();
        return id;
    }

    @Override
    public Future<Optional<String>> get(String userId, String roomId, String type) {
        var A = ACCOUNT_DATA;
        return db.read(ctx -> ctx.select(A.CONTENT).from(A).where(A.USER_ID.eq(userId), A.ROOM_ID.eq(roomId), A.TYPE.eq(type))
                .fetchOptional(A.CONTENT));
    }

    @Override
    public Future<List<Entry>> changedSince(String userId, long since, long upTo) {
        var A = ACCOUNT_DATA;
        return db.read(ctx -> ctx.selectFrom(A).where(A.USER_ID.eq(userId), A.STREAM_ID.gt(since), A.STREAM_ID.le(upTo))
                .orderBy(A.STREAM_ID)
                .fetch(r -> new Entry(r.getRoomId(), r.getType(), r.getContent(), r.getStreamId())));
    }
}
