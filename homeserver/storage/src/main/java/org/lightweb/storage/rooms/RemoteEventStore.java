package org.lightweb.storage.rooms;

import static org.lightweb.storage.jooq.Tables.EVENTS;
import static org.lightweb.storage.jooq.Tables.EVENT_AUTH_EDGES;
import static org.lightweb.storage.jooq.Tables.EVENT_EDGES;
import static org.lightweb.storage.jooq.Tables.ROOMS;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.lightweb.storage.Jdbc;
import org.lightweb.storage.StreamPositions;

/**
 * Stores events that other servers built (server-server API, "Checks performed on receipt of a PDU" decided what
 * each one is): outliers (auth chains, state fetched for a join: known, not in the timeline), rejected events (kept,
 * never served), soft-failed events (kept with their state, no forward extremity, not served to clients) and
 * timeline events whose state before them the caller computed. A timeline event replaces its prev_events as
 * forward extremity, and the room's current state becomes what the caller resolved over the new forward
 * extremities; {@code current_state} and {@code room_memberships} are rewritten for the keys that changed, and the
 * same after-commit steps as {@link JooqEventRepository#append} keep the in-memory views (sync) right.
 */
public final class RemoteEventStore {
    /**
     * What became of a received event. BACKFILLED: history fetched with /backfill, stored with a negative stream
     * ordering (as Synapse does), so it pages where it belongs topologically but no sync sees it as new, and it
     * changes neither forward extremities nor current state.
     */
    public enum Kind { TIMELINE, SOFT_FAILED, REJECTED, BACKFILLED }

    /**
     * @param stateBefore      the state before the event (type, state_key) -> event id
     * @param stateBeforeGroup a state group known to hold {@code stateBefore} or something close to it (the state
     *                         after its prev event), or null; new groups are written as deltas against it
     */
    public record Remote(NewEvent event, Kind kind, String rejectedReason, Map<StateKeyId, String> stateBefore,
                         Long stateBeforeGroup) {}

    private record Result(StoredEvent stored, JooqEventRepository.Appended appended, Set<String> membersChanged,
                          Map<Long, Map<StateKeyId, String>> newGroups, boolean roomCreated) {}

    private final JooqEventRepository repo;

    public RemoteEventStore(JooqEventRepository repo) {
        this.repo = repo;
    }

    /**
     * Stores events as outliers: no stream position, no state, no forward extremity. Events already known are left
     * as they are.
     *
     * @param rejected event id -> why it was rejected, for those that were
     */
    public Future<Void> storeOutliers(List<NewEvent> events, Map<String, String> rejected) {
        if (events.isEmpty()) return Future.succeededFuture();
        return repo.db.<Void>writeOrdered(tx -> {
            Set<String> known = new HashSet<>();
            for (List<String> chunk : JooqEventRepository.chunks(events.stream().map(NewEvent::eventId).toList())) {
                known.addAll(tx.select(EVENTS.EVENT_ID).from(EVENTS).where(EVENTS.EVENT_ID.in(chunk)).fetch(EVENTS.EVENT_ID));
            }
            List<NewEvent> fresh = new java.util.ArrayList<>();
            for (NewEvent e : events) {
                if (known.add(e.eventId())) fresh.add(e);
            }
            repo.insertOutliers(tx, fresh, rejected);
            return null;
        }, done -> {});
    }

    /**
     * Stores one event that is not an outlier.
     *
     * @param newRoom            the room to create first (a room joined over federation), or null
     * @param expectedStateGroup the room's state group the caller computed {@code currentState} from; the write fails
     *                           with {@link EventRepository.StateChangedException} when it moved (ignored with newRoom)
     * @param currentState       for {@link Kind#TIMELINE}: the room's state after it (resolved over the new forward
     *                           extremities); ignored otherwise
     */
    public Future<StoredEvent> store(RoomRecord newRoom, Long expectedStateGroup, Remote remote,
                                     Map<StateKeyId, String> currentState) {
        NewEvent e = remote.event();
        String roomId = e.roomId();
        boolean timeline = remote.kind() == Kind.TIMELINE;
        return repo.db.<Result>writeOrdered(tx -> {
            boolean created = false;
            if (newRoom != null) {
                created = 1 == tx.insertInto(ROOMS).set(ROOMS.ROOM_ID, newRoom.roomId()).set(ROOMS.ROOM_VERSION, newRoom.roomVersion())
                        .set(ROOMS.CREATOR, newRoom.creator()).set(ROOMS.CREATED_TS, newRoom.createdTs())
                        .set(ROOMS.IS_PUBLIC, false).onConflictDoNothing().execute();
            }
            var room = tx.select(ROOMS.STATE_GROUP).from(ROOMS).where(ROOMS.ROOM_ID.eq(roomId)).fetchOne();
            if (room == null) throw new IllegalArgumentException("unknown room " + roomId);
            Long roomGroup = room.value1();
            boolean backfilled = remote.kind() == Kind.BACKFILLED;
            var existing = tx.select(EVENTS.OUTLIER).from(EVENTS).where(EVENTS.EVENT_ID.eq(e.eventId())).fetchOne();
            if (existing != null) {
                if (!existing.value1()) throw new IllegalStateException("event " + e.eventId() + " is stored already");
                // An outlier (known from an auth chain or a room's state) becomes part of the room's history.
                tx.deleteFrom(EVENTS).where(EVENTS.EVENT_ID.eq(e.eventId())).execute();
                tx.deleteFrom(EVENT_EDGES).where(EVENT_EDGES.EVENT_ID.eq(e.eventId())).execute();
                tx.deleteFrom(EVENT_AUTH_EDGES).where(EVENT_AUTH_EDGES.EVENT_ID.eq(e.eventId())).execute();
            }
            if (newRoom == null && timeline && !Objects.equals(roomGroup, expectedStateGroup)) {
                throw new EventRepository.StateChangedException(roomId);
            }
            Map<Long, Map<StateKeyId, String>> newGroups = new HashMap<>();
            Map<StateKeyId, String> before = remote.stateBefore();
            Long parent = remote.stateBeforeGroup() != null ? remote.stateBeforeGroup() : roomGroup;
            long beforeGroup = groupFor(tx, roomId, parent, before, newGroups);
            long afterGroup = beforeGroup;
            Map<StateKeyId, String> after = before;
            String replaces = null;
            if (e.isState()) {
                StateKeyId key = new StateKeyId(e.type(), e.stateKey());
                replaces = before.get(key);
                if (remote.kind() != Kind.REJECTED) {
                    after = new HashMap<>(before);
                    after.put(key, e.eventId());
                    afterGroup = repo.stateGroups.write(tx, roomId, beforeGroup, before, after);
                    newGroups.put(afterGroup, after);
                }
            }
            Long ordering = timeline ? Long.valueOf(StreamPositions.next(tx, "events", 1))
                    : backfilled ? backfillOrdering(tx) : null;
            String relationParent = repo.insertEvent(tx, e, ordering, beforeGroup, afterGroup, replaces, timeline,
                    new JooqEventRepository.Flags(false, remote.kind() == Kind.SOFT_FAILED, remote.rejectedReason()));
            StoredEvent stored = new StoredEvent(e.eventId(), roomId, ordering, e.depth(), e.type(), e.stateKey(),
                    e.sender(), e.originServerTs(), e.json(), false, remote.rejectedReason(), beforeGroup, afterGroup,
                    replaces, e.membership());
            if (backfilled) org.lightweb.storage.search.EventSearchRows.index(tx, e, ordering);
            if (!timeline) return new Result(stored, null, Set.of(), newGroups, created);

            org.lightweb.storage.search.EventSearchRows.index(tx, e, ordering);
            Set<String> membersChanged = rewriteCurrentState(tx, roomId, currentState, ordering);
            long currentGroup = currentState.equals(after) ? afterGroup
                    : groupFor(tx, roomId, afterGroup, currentState, newGroups);
            tx.update(ROOMS).set(ROOMS.STATE_GROUP, currentGroup).where(ROOMS.ROOM_ID.eq(roomId)).execute();
            Set<String> parents = relationParent == null ? Set.of() : Set.of(relationParent);
            return new Result(stored, JooqEventRepository.appendedOf(tx, List.of(stored), parents, newGroups),
                    membersChanged, newGroups, created);
        }, result -> {
            repo.forget(e.eventId());
            if (result.appended() != null) {
                repo.committed(roomId, result.roomCreated(), List.of(e), result.appended(), result.membersChanged());
            } else {
                result.newGroups().forEach(repo.stateGroups::remember);
            }
        }).map(Result::stored);
    }

    /** The next backfill position: below every stream ordering given so far (and below 0). */
    private static long backfillOrdering(DSLContext tx) {
        Long min = tx.select(org.jooq.impl.DSL.min(EVENTS.STREAM_ORDERING)).from(EVENTS).fetchOne(0, Long.class);
        return Math.min(-1, min == null ? 0 : min - 1);
    }

    /** A group holding exactly {@code state}: {@code parent} itself when it does, else a new one (a delta against it). */
    private long groupFor(DSLContext tx, String roomId, Long parent, Map<StateKeyId, String> state,
                          Map<Long, Map<StateKeyId, String>> newGroups) {
        Map<StateKeyId, String> parentState = parent == null ? Map.of() : repo.stateGroups.read(tx, parent);
        if (parent != null && parentState.equals(state)) return parent;
        long group = repo.stateGroups.write(tx, roomId, parent, parentState, state);
        newGroups.put(group, state);
        return group;
    }

    /**
     * Makes {@code current_state} equal {@code state}, touching only the keys that changed, and the memberships of
     * changed member keys (at stream position {@code ordering}). @return the users whose membership changed
     */
    private static Set<String> rewriteCurrentState(DSLContext tx, String roomId, Map<StateKeyId, String> state,
                                                   long ordering) {
        // Plain JDBC batches: a join rewrites thousands of keys, and jOOQ's rendering per row was most of the
        // writer's time in a federated join.
        Map<StateKeyId, String> old = new HashMap<>();
        Jdbc.query(tx, "SELECT type, state_key, event_id FROM current_state WHERE room_id = ?",
                rs -> Map.entry(new StateKeyId(rs.getString(1), rs.getString(2)), rs.getString(3)), roomId)
                .forEach(r -> old.put(r.getKey(), r.getValue()));
        Set<String> members = new HashSet<>();
        Map<String, String> memberEvents = new HashMap<>();   // event id -> user id
        List<Object[]> upserts = new ArrayList<>();
        for (var entry : state.entrySet()) {
            StateKeyId key = entry.getKey();
            if (entry.getValue().equals(old.get(key))) continue;
            upserts.add(new Object[] {roomId, key.type(), key.stateKey(), entry.getValue()});
            if (key.type().equals("m.room.member")) memberEvents.put(entry.getValue(), key.stateKey());
        }
        Jdbc.batch(tx, JooqEventRepository.UPSERT_CURRENT_STATE, upserts);
        List<Object[]> gone = new ArrayList<>();
        List<Object[]> goneMembers = new ArrayList<>();
        for (StateKeyId key : old.keySet()) {
            if (state.containsKey(key)) continue;
            gone.add(new Object[] {roomId, key.type(), key.stateKey()});
            if (key.type().equals("m.room.member")) {
                goneMembers.add(new Object[] {roomId, key.stateKey()});
                members.add(key.stateKey());
            }
        }
        Jdbc.batch(tx, "DELETE FROM current_state WHERE room_id = ? AND type = ? AND state_key = ?", gone);
        Jdbc.batch(tx, "DELETE FROM room_memberships WHERE room_id = ? AND user_id = ?", goneMembers);
        if (!memberEvents.isEmpty()) {
            List<Object[]> memberships = new ArrayList<>();
            for (List<String> chunk : JooqEventRepository.chunks(memberEvents.keySet())) {
                Jdbc.query(tx, "SELECT event_id, membership FROM events WHERE event_id IN (" + Jdbc.marks(chunk.size()) + ")",
                        rs -> Map.entry(rs.getString(1), Optional.ofNullable(rs.getString(2))), chunk.toArray()).forEach(r -> {
                    String user = memberEvents.get(r.getKey());
                    memberships.add(new Object[] {roomId, user, r.getValue().orElse("leave"), r.getKey(), ordering});
                    members.add(user);
                });
            }
            Jdbc.batch(tx, JooqEventRepository.UPSERT_MEMBERSHIP, memberships);
        }
        return members;
    }
}
