package org.lightweb.storage.sync;

import static org.lightweb.storage.jooq.Tables.DEVICE_INBOX;

import io.vertx.core.Future;
import java.util.List;
import org.lightweb.storage.Db;
import org.lightweb.storage.StreamPositions;

public final class JooqDeviceInboxRepository implements DeviceInboxRepository {
    public static final String STREAM = "to_device";

    private final Db db;

    public JooqDeviceInboxRepository(Db db) {
        this.db = db;
    }

    @Override
    public Future<Long> add(List<Message> messages) {
        var D = DEVICE_INBOX;
        return db.writeOrdered(tx -> {
            long id = StreamPositions.next(tx, STREAM, 1);
            var insert = tx.insertInto(D, D.USER_ID, D.DEVICE_ID, D.STREAM_ID, D.MESSAGE);
            for (Message m : messages) insert = insert.values(m.userId(), m.deviceId(), id, m.json());
            insert.execute();
            return id;
        });
    }

    @Override
    public Future<List<Stored>> pending(String userId, String deviceId, long after, long upTo, int limit) {
        var D = DEVICE_INBOX;
        return db.read(ctx -> ctx.select(D.STREAM_ID, D.MESSAGE).from(D)
                .where(D.USER_ID.eq(userId), D.DEVICE_ID.eq(deviceId), D.STREAM_ID.gt(after), D.STREAM_ID.le(upTo))
                .orderBy(D.STREAM_ID).limit(limit)
                .fetch(r -> new Stored(r.value1(), r.value2())));
    }

    @Override
    public Future<Boolean> hasUpTo(String userId, String deviceId, long upTo) {
        var D = DEVICE_INBOX;
        return db.read(ctx -> ctx.fetchExists(D, D.USER_ID.eq(userId), D.DEVICE_ID.eq(deviceId), D.STREAM_ID.le(upTo)));
    }

    @Override
    public Future<Integer> deleteUpTo(String userId, String deviceId, long upTo) {
        var D = DEVICE_INBOX;
        return db.write(tx -> tx.deleteFrom(D)
                .where(D.USER_ID.eq(userId), D.DEVICE_ID.eq(deviceId), D.STREAM_ID.le(upTo)).execute());
    }
}
