package org.lightweb.storage.rooms;

import static org.lightweb.storage.jooq.Tables.EVENTS;
import static org.lightweb.storage.jooq.Tables.ROOM_MEMBERSHIPS;

import io.vertx.core.Future;
import java.util.Optional;
import org.lightweb.core.Clock;
import org.lightweb.storage.Db;
import org.lightweb.storage.StreamPositions;

/**
 * Memberships of local users in rooms this server is not in (Synapse's "out-of-band membership"): an invite
 * received over federation ({@code PUT /invite}), the leave that rejects it, a knock sent through another server.
 * The event is stored as an outlier (no state, no graph edges: the room's DAG is unknown here) but with a stream
 * position, and the user's {@code room_memberships} row points at it, so sync shows the room under {@code invite},
 * {@code knock} or {@code leave}.
 */
public final class OutOfBandMemberships {
    private final Db db;
    private final Clock clock;
    private final RoomCaches caches;

    public OutOfBandMemberships(Db db, Clock clock, RoomCaches caches) {
        this.db = db;
        this.clock = clock;
        this.caches = caches;
    }

    /**
     * Stores {@code e} (an m.room.member event about a local user) as an out-of-band membership. Idempotent: an
     * event stored already is answered as it is.
     */
    public Future<StoredEvent> store(NewEvent e) {
        if (e.membership() == null || e.stateKey() == null) throw new IllegalArgumentException("not a member event");
        return db.<Stored>writeOrdered(tx -> {
            var existing = tx.selectFrom(EVENTS).where(EVENTS.EVENT_ID.eq(e.eventId())).fetchOptional();
            if (existing.isPresent()) return new Stored(JooqEventRepository.toEvent(existing.get()), false);
            long ordering = StreamPositions.next(tx, "events", 1);
            tx.insertInto(EVENTS)
                    .set(EVENTS.EVENT_ID, e.eventId()).set(EVENTS.ROOM_ID, e.roomId()).set(EVENTS.STREAM_ORDERING, ordering)
                    .set(EVENTS.DEPTH, e.depth()).set(EVENTS.TYPE, e.type()).set(EVENTS.STATE_KEY, e.stateKey())
                    .set(EVENTS.SENDER, e.sender()).set(EVENTS.ORIGIN_SERVER_TS, e.originServerTs())
                    .set(EVENTS.RECEIVED_TS, clock.millis()).set(EVENTS.JSON, e.json()).set(EVENTS.OUTLIER, true)
                    .set(EVENTS.MEMBERSHIP, e.membership())
                    .execute();
            var m = ROOM_MEMBERSHIPS;
            tx.insertInto(m).set(m.ROOM_ID, e.roomId()).set(m.USER_ID, e.stateKey()).set(m.MEMBERSHIP, e.membership())
                    .set(m.EVENT_ID, e.eventId()).set(m.STREAM_ORDERING, ordering).set(m.FORGOTTEN, false)
                    .onConflict(m.ROOM_ID, m.USER_ID).doUpdate()
                    .set(m.MEMBERSHIP, e.membership()).set(m.EVENT_ID, e.eventId()).set(m.STREAM_ORDERING, ordering)
                    .set(m.FORGOTTEN, false)
                    .execute();
            return new Stored(new StoredEvent(e.eventId(), e.roomId(), ordering, e.depth(), e.type(), e.stateKey(),
                    e.sender(), e.originServerTs(), e.json(), true, null, null, null, null, e.membership()), true);
        }, stored -> {
            if (!stored.fresh()) return;
            caches.membershipChanged(e.roomId(), e.stateKey());
            caches.eventsStored(e.roomId(), stored.event().streamOrdering(), stored.event().streamOrdering());
        }).map(Stored::event);
    }

    /** The out-of-band membership event of {@code userId} in {@code roomId}, when the current one is out of band. */
    public Future<Optional<StoredEvent>> current(String roomId, String userId) {
        return db.read(ctx -> ctx.select(EVENTS.fields()).from(ROOM_MEMBERSHIPS)
                .join(EVENTS).on(EVENTS.EVENT_ID.eq(ROOM_MEMBERSHIPS.EVENT_ID))
                .where(ROOM_MEMBERSHIPS.ROOM_ID.eq(roomId), ROOM_MEMBERSHIPS.USER_ID.eq(userId), EVENTS.OUTLIER.isTrue())
                .fetchOptional(JooqEventRepository::toEvent));
    }

    private record Stored(StoredEvent event, boolean fresh) {}
}
