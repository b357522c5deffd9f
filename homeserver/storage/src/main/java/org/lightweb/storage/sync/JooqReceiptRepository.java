package org.lightweb.storage.sync;

import static org.lightweb.storage.jooq.Tables.RECEIPTS;
import static org.lightweb.storage.jooq.Tables.ROOM_MEMBERSHIPS;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import org.lightweb.storage.Db;
import org.lightweb.storage.StreamPositions;

public final class JooqReceiptRepository implements ReceiptRepository {
    public static final String STREAM = "receipts";

    private final Db db;

    private final org.lightweb.storage.push.UnreadCountCache unreadCounts;

    public JooqReceiptRepository(Db db) {
        this(db, org.lightweb.storage.push.UnreadCountCache.none());
    }

    /** @param unreadCounts told of each read receipt that moved, since unread counts start from it */
    public JooqReceiptRepository(Db db, org.lightweb.storage.push.UnreadCountCache unreadCounts) {
        this.db = db;
        this.unreadCounts = unreadCounts;
    }

    @Override
    public Future<Optional<Long>> put(String roomId, String type, String userId, String threadId, String eventId,
                                      long eventStream, long ts) {
        var R = RECEIPTS;
        return db.writeOrdered(tx -> {
            Long existing = tx.select(R.EVENT_STREAM).from(R)
                    .where(R.ROOM_ID.eq(roomId), R.RECEIPT_TYPE.eq(type), R.USER_ID.eq(userId), R.THREAD_ID.eq(threadId))
                    .fetchOne(R.EVENT_STREAM);
            if (existing != null && existing >= eventStream) return Optional.<Long>empty();
            long id = StreamPositions.next(tx, STREAM, 1);
            tx.insertInto(R).set(R.ROOM_ID, roomId).set(R.RECEIPT_TYPE, type).set(R.USER_ID, userId)
                    .set(R.THREAD_ID, threadId).set(R.EVENT_ID, eventId).set(R.EVENT_STREAM, eventStream).set(R.TS, ts)
                    .set(R.STREAM_ID, id)
                    .onConflict(R.ROOM_ID, R.RECEIPT_TYPE, R.USER_ID, R.THREAD_ID).doUpdate()
                    .set(R.EVENT_ID, eventId).set(R.EVENT_STREAM, eventStream).set(R.TS, ts).set(R.STREAM_ID, id)
                    .execute();
            return Optional.of(id);
        }, stored -> {
            if (stored.isPresent()) unreadCounts.receiptMoved(userId, roomId);
        });
    }

    @Override
    public Future<List<Receipt>> changedFor(String userId, long after, long upTo, String privateType) {
        var R = RECEIPTS;
        var M = ROOM_MEMBERSHIPS;
        return db.read(ctx -> ctx.select(R.fields()).from(R)
                .join(M).on(M.ROOM_ID.eq(R.ROOM_ID), M.USER_ID.eq(userId), M.MEMBERSHIP.eq("join"))
                .where(R.STREAM_ID.gt(after), R.STREAM_ID.le(upTo), R.RECEIPT_TYPE.ne(privateType).or(R.USER_ID.eq(userId)))
                .orderBy(R.STREAM_ID)
                .fetch(r -> new Receipt(r.get(R.ROOM_ID), r.get(R.RECEIPT_TYPE), r.get(R.USER_ID), r.get(R.THREAD_ID),
                        r.get(R.EVENT_ID), r.get(R.TS), r.get(R.STREAM_ID))));
    }
}
