package org.lightweb.storage.sync;

import static org.lightweb.storage.jooq.Tables.DEVICE_LIST_CHANGES;
import static org.lightweb.storage.jooq.Tables.ROOM_MEMBERSHIPS;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.lightweb.storage.Db;
import org.lightweb.storage.StreamPositions;
import org.lightweb.storage.rooms.JooqRoomRepository;

public final class JooqDeviceListRepository implements DeviceListRepository {
    public static final String STREAM = "device_lists";

    private final Db db;

    public JooqDeviceListRepository(Db db) {
        this.db = db;
    }

    @Override
    public Future<Long> add(Collection<String> userIds) {
        var D = DEVICE_LIST_CHANGES;
        return db.writeOrdered(tx -> {
            long id = StreamPositions.next(tx, STREAM, 1);
            var insert = tx.insertInto(D, D.STREAM_ID, D.USER_ID);
            for (String u : new HashSet<>(userIds)) insert = insert.values(id, u);
            insert.execute();
            return id;
        });
    }

    @Override
    public Future<Set<String>> changedFor(String userId, long after, long upTo) {
        var D = DEVICE_LIST_CHANGES;
        return db.read(ctx -> new HashSet<>(ctx.selectDistinct(D.USER_ID).from(D)
                .where(D.STREAM_ID.gt(after), D.STREAM_ID.le(upTo),
                        D.USER_ID.eq(userId).or(D.USER_ID.in(JooqRoomRepository.roomMatesOf(userId))))
                .fetch(D.USER_ID)));
    }

    @Override
    public Future<Set<String>> membershipMovesAround(String userId, long after, long upTo) {
        var me = ROOM_MEMBERSHIPS.as("me");
        var other = ROOM_MEMBERSHIPS.as("other");
        var otherMoved = other.STREAM_ORDERING.gt(after).and(other.STREAM_ORDERING.le(upTo));
        var iMoved = me.STREAM_ORDERING.gt(after).and(me.STREAM_ORDERING.le(upTo));
        return db.read(ctx -> new HashSet<>(ctx.selectDistinct(other.USER_ID).from(me)
                .join(other).on(other.ROOM_ID.eq(me.ROOM_ID))
                .where(me.USER_ID.eq(userId), other.USER_ID.ne(userId), me.MEMBERSHIP.eq("join").or(iMoved),
                        otherMoved.or(iMoved))
                .fetch(other.USER_ID)));
    }
}
