package org.lightweb.storage.sync;

import static org.lightweb.storage.jooq.Tables.PRESENCE;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import org.lightweb.storage.Db;
import org.lightweb.storage.StreamPositions;
import org.lightweb.storage.jooq.tables.records.PresenceRecord;
import org.lightweb.storage.rooms.JooqRoomRepository;

public final class JooqPresenceRepository implements PresenceRepository {
    public static final String STREAM = "presence";

    private final Db db;

    public JooqPresenceRepository(Db db) {
        this.db = db;
    }

    @Override
    public Future<Long> put(Row row) {
        var P = PRESENCE;
        return db.writeOrdered(tx -> {
            long id = StreamPositions.next(tx, STREAM, 1);
            tx.insertInto(P).set(P.USER_ID, row.userId()).set(P.STATE, row.state()).set(P.STATUS_MSG, row.statusMsg())
                    .set(P.LAST_ACTIVE_TS, row.lastActiveTs()).set(P.CURRENTLY_ACTIVE, row.currentlyActive())
                    .set(P.STREAM_ID, id)
                    .onConflict(P.USER_ID).doUpdate()
                    .set(P.STATE, row.state()).set(P.STATUS_MSG, row.statusMsg()).set(P.LAST_ACTIVE_TS, row.lastActiveTs())
                    .set(P.CURRENTLY_ACTIVE, row.currentlyActive()).set(P.STREAM_ID, id)
                    .execute();
            return id;
        });
    }

    private static Row toRow(PresenceRecord r) {
        return new Row(r.getUserId(), r.getState(), r.getStatusMsg(), r.getLastActiveTs(), r.getCurrentlyActive(),
                r.getStreamId());
    }

    @Override
    public Future<Optional<Row>> get(String userId) {
        return db.read(ctx -> ctx.selectFrom(PRESENCE).where(PRESENCE.USER_ID.eq(userId)).fetchOptional()
                .map(JooqPresenceRepository::toRow));
    }

    @Override
    public Future<List<Row>> notOffline() {
        return db.read(ctx -> ctx.selectFrom(PRESENCE).where(PRESENCE.STATE.ne("offline"))
                .fetch(JooqPresenceRepository::toRow));
    }

    @Override
    public Future<List<Row>> changedFor(String userId, long after, long upTo) {
        var P = PRESENCE;
        return db.read(ctx -> ctx.selectFrom(P)
                .where(P.STREAM_ID.gt(after), P.STREAM_ID.le(upTo),
                        P.USER_ID.eq(userId).or(P.USER_ID.in(JooqRoomRepository.roomMatesOf(userId))))
                .orderBy(P.STREAM_ID)
                .fetch(JooqPresenceRepository::toRow));
    }
}
