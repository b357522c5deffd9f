package org.lightweb.storage.rooms;

import static org.lightweb.storage.jooq.Tables.CURRENT_STATE;
import static org.lightweb.storage.jooq.Tables.EVENTS;
import static org.lightweb.storage.jooq.Tables.EVENT_TXN_IDS;
import static org.lightweb.storage.jooq.Tables.REDACTIONS;
import static org.lightweb.storage.jooq.Tables.ROOMS;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.lightweb.core.Clock;
import org.lightweb.storage.Db;
import org.lightweb.storage.Jdbc;
import org.lightweb.storage.StreamPositions;
import org.lightweb.storage.relations.EventRelations;

public final class JooqEventRepository implements EventRepository {
    private static final int ROOMS_PER_QUERY = 500;
    final Db db;
    private final Clock clock;
    final StateGroups stateGroups;

    /** Stored events never change (a redaction is a separate event), so reads are cached by event id. */
    private final com.github.benmanes.caffeine.cache.Cache<String, StoredEvent> cache;

    private final RoomCaches caches;
    /** event id -> the redaction that applies to it, or "" for none; dropped when a redaction of it is stored. */
    private final org.lightweb.storage.cache.ReadThroughCache<String, String> redactions;
    /** event id -> the device and transaction that sent it, or {@link #NO_TXN}; kept from the send on. */
    private final org.lightweb.storage.cache.ReadThroughCache<String, NewEvent.Txn> txns;
    private static final NewEvent.Txn NO_TXN = new NewEvent.Txn("", "", "");

    /** What an append's transaction hands to its after-commit step. */
    record Appended(List<StoredEvent> stored, Map<String, String> earlyRedactions, java.util.Set<String> parents,
                            java.util.Set<String> withChildren, Map<Long, Map<StateKeyId, String>> newGroups) {}

    public JooqEventRepository(Db db, Clock clock, StateGroups stateGroups, long cachedEvents) {
        this(db, clock, stateGroups, cachedEvents, RoomCaches.none());
    }

    public JooqEventRepository(Db db, Clock clock, StateGroups stateGroups, long cachedEvents, RoomCaches caches) {
        this.db = db;
        this.caches = caches;
        this.redactions = new org.lightweb.storage.cache.ReadThroughCache<>(cachedEvents);
        this.txns = new org.lightweb.storage.cache.ReadThroughCache<>(cachedEvents);
        this.clock = clock;
        this.stateGroups = stateGroups;
        this.cache = com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(cachedEvents).build();
    }

    /** Drops redactions the other processes of a clustered node store, and tells them of this one's. */
    public JooqEventRepository share(org.lightweb.storage.cache.CacheBus bus) {
        redactions.share("redactions", bus, k -> k);
        return this;
    }

    @Override
    public Future<List<Long>> append(RoomRecord newRoom, String roomId, Long expectedStateGroup, List<NewEvent> events) {
        // What the JSON says (relation, searchable text) is read here, not on the single writer.
        List<Derived> derived = new ArrayList<>(events.size());
        try {
            for (NewEvent e : events) {
                var pdu = org.lightweb.core.Json.parse(e.json());
                derived.add(new Derived(EventRelations.of(pdu), org.lightweb.storage.search.EventSearchRows.searchable(e, pdu)));
            }
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        // Shared: the after-commit step fills caches the reads consult, with the database behind them; an append's
        // work reads the database only (its room's next append waits for this one's answer anyway).
        return db.<Appended>writeOrderedShared(tx -> {
            if (newRoom != null) {
                tx.insertInto(ROOMS).set(ROOMS.ROOM_ID, newRoom.roomId()).set(ROOMS.ROOM_VERSION, newRoom.roomVersion())
                        .set(ROOMS.CREATOR, newRoom.creator()).set(ROOMS.CREATED_TS, newRoom.createdTs())
                        .set(ROOMS.IS_PUBLIC, false).execute();
            }
            // Positions first: the stream's row stays locked until this transaction ends, so on PostgreSQL the
            // processes of a cluster append one at a time, and the state group read next is the latest committed.
            long last = StreamPositions.next(tx, "events", events.size());
            var room = Jdbc.query(tx, "SELECT state_group FROM rooms WHERE room_id = ?",
                    rs -> Optional.ofNullable(Jdbc.nullableLong(rs, "state_group")), roomId);
            if (room.isEmpty()) throw new IllegalArgumentException("unknown room " + roomId);
            Long group = room.get(0).orElse(null);
            Long groupBefore = group;
            if (!java.util.Objects.equals(group, expectedStateGroup)) throw new StateChangedException(roomId);
            Map<StateKeyId, String> state = group == null ? Map.of() : stateGroups.read(tx, group);
            long ordering = last - events.size();
            List<StoredEvent> stored = new ArrayList<>();
            java.util.Set<String> parents = new java.util.HashSet<>();
            Map<Long, Map<StateKeyId, String>> newGroups = new HashMap<>();
            for (int i = 0; i < events.size(); i++) {
                NewEvent e = events.get(i);
                ordering++;
                Long before = group;
                String replaces = null;
                if (e.isState()) {
                    StateKeyId key = new StateKeyId(e.type(), e.stateKey());
                    replaces = state.get(key);
                    Map<StateKeyId, String> after = new HashMap<>(state);
                    after.put(key, e.eventId());
                    group = stateGroups.write(tx, roomId, before, state, after);
                    state = after;
                    newGroups.put(group, after);
                    Jdbc.update(tx, UPSERT_CURRENT_STATE, roomId, e.type(), e.stateKey(), e.eventId());
                }
                String parent = insertEvent(tx, e, ordering, before, group, replaces, true, Flags.NONE, derived.get(i).relation());
                if (parent != null) parents.add(parent);
                org.lightweb.storage.search.EventSearchRows.index(tx, e, ordering, derived.get(i).text());
                if (e.membership() != null) upsertMembership(tx, e, ordering);
                stored.add(new StoredEvent(e.eventId(), roomId, ordering, e.depth(), e.type(), e.stateKey(), e.sender(),
                        e.originServerTs(), e.json(), false, null, before, group, replaces, e.membership()));
            }
            if (!java.util.Objects.equals(group, groupBefore)) {
                Jdbc.update(tx, "UPDATE rooms SET state_group = ? WHERE room_id = ?", group, roomId);
            }
            return appendedOf(tx, stored, parents, newGroups);
        }, appended -> committed(roomId, newRoom != null, events, appended, java.util.Set.of())
        ).map(appended -> appended.stored().stream().map(StoredEvent::streamOrdering).toList());
    }

    /** What the after-commit step needs to know of events stored in {@code tx}. */
    static Appended appendedOf(DSLContext tx, List<StoredEvent> stored, java.util.Set<String> parents,
                               Map<Long, Map<StateKeyId, String>> newGroups) {
        // Redactions that came before their event (possible over federation): what the redaction cache
        // must know of the new events.
        Map<String, String> early = new HashMap<>();
        for (List<String> chunk : chunks(stored.stream().map(StoredEvent::eventId).toList())) {
            Jdbc.query(tx, "SELECT redacts, redaction_event_id FROM redactions WHERE redacts IN (" + Jdbc.marks(chunk.size())
                            + ") ORDER BY redaction_event_id", rs -> Map.entry(rs.getString(1), rs.getString(2)), chunk.toArray())
                    .forEach(r -> early.putIfAbsent(r.getKey(), r.getValue()));
        }
        // Children that came before their parent (possible over federation), for the relations cache.
        java.util.Set<String> withChildren = new java.util.HashSet<>();
        for (List<String> chunk : chunks(stored.stream().map(StoredEvent::eventId).toList())) {
            withChildren.addAll(Jdbc.query(tx, "SELECT DISTINCT relates_to_id FROM event_relations WHERE relates_to_id IN ("
                    + Jdbc.marks(chunk.size()) + ")", rs -> rs.getString(1), chunk.toArray()));
        }
        return new Appended(stored, early, parents, withChildren, newGroups);
    }

    /**
     * The after-commit step of every write of timeline events: the in-memory views learn of them in commit order.
     * {@code membersChanged}: users whose membership changed other than by one of {@code events} (state resolution).
     */
    void committed(String roomId, boolean newRoom, List<NewEvent> events, Appended appended,
                   java.util.Set<String> membersChanged) {
        List<StoredEvent> stored = appended.stored();
        appended.newGroups().forEach(stateGroups::remember);
        List<Long> orderings = stored.stream().map(StoredEvent::streamOrdering).toList();
        Map<String, String> early = appended.earlyRedactions();
        for (StoredEvent e : stored) {
            cache.put(e.eventId(), e);
            redactions.put(e.eventId(), early.getOrDefault(e.eventId(), ""));
        }
        for (NewEvent e : events) txns.put(e.eventId(), e.txn() == null ? NO_TXN : e.txn());
        caches.recent().stored(roomId, stored, newRoom);
        for (NewEvent e : events) if (e.redacts() != null) redactions.invalidate(e.redacts());
        for (StoredEvent e : stored) caches.relationParents().put(e.eventId(), appended.withChildren().contains(e.eventId()));
        for (String parent : appended.parents()) caches.relationParents().invalidate(parent);
        Long lastMembership = null;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).membership() == null) continue;
            caches.membershipChanged(roomId, events.get(i).stateKey());
            lastMembership = orderings.get(i);
        }
        for (String user : membersChanged) {
            caches.membershipChanged(roomId, user);
            if (!orderings.isEmpty()) lastMembership = orderings.get(orderings.size() - 1);
        }
        if (!orderings.isEmpty()) caches.eventsStored(roomId, orderings.get(orderings.size() - 1), lastMembership);
    }

    /** Drops what is cached of an event whose row was replaced (an outlier that became part of the history). */
    void forget(String eventId) {
        cache.invalidate(eventId);
        redactions.invalidate(eventId);
    }

    /** How an event not built here is kept: an outlier, soft-failed, or rejected (with the reason). */
    record Flags(boolean outlier, boolean softFailed, String rejectedReason) {
        static final Flags NONE = new Flags(false, false, null);
    }

    /** What an appended event's JSON says, read before the write. */
    private record Derived(Optional<EventRelations.Relation> relation, org.lightweb.storage.search.EventSearchRows.Text text) {}

    /**
     * Inserts one event with its edges. {@code ordering} null: not part of the timeline (an outlier, a soft-failed or
     * a rejected event), so no relation row; {@code extremity}: it replaces its prev_events as forward extremity.
     *
     * @return the parent of the event's relation, or null
     */
    String insertEvent(DSLContext tx, NewEvent e, Long ordering, Long before, Long after, String replaces,
                       boolean extremity, Flags flags) {
        return insertEvent(tx, e, ordering, before, after, replaces, extremity, flags, null);
    }

    /** {@code relation}: what the event's JSON says, already read; null: read it here. */
    private String insertEvent(DSLContext tx, NewEvent e, Long ordering, Long before, Long after, String replaces,
                               boolean extremity, Flags flags, Optional<EventRelations.Relation> relation) {
        Jdbc.update(tx, INSERT_EVENT, e.eventId(), e.roomId(), ordering, e.depth(), e.type(), e.stateKey(), e.sender(),
                e.originServerTs(), clock.millis(), e.json(), before, after, replaces, e.membership(), flags.outlier(),
                flags.softFailed(), flags.rejectedReason());
        // Same transaction as the event: a relation is never lost between the two (appended events are authorised).
        String parent = ordering == null ? null : EventRelations.record(tx, e.eventId(), e.roomId(), e.type(), e.sender(),
                e.originServerTs(), ordering, relation != null ? relation : EventRelations.of(e.json()))
                .map(EventRelations.Relation::relatesTo).orElse(null);
        Jdbc.batch(tx, "INSERT INTO event_edges (event_id, prev_event_id) VALUES (?, ?)",
                e.prevEvents().stream().map(prev -> new Object[] {e.eventId(), prev}).toList());
        Jdbc.batch(tx, "INSERT INTO event_auth_edges (event_id, auth_event_id) VALUES (?, ?)",
                e.authEvents().stream().map(auth -> new Object[] {e.eventId(), auth}).toList());
        if (extremity) {
            if (!e.prevEvents().isEmpty()) {
                Jdbc.update(tx, "DELETE FROM room_forward_extremities WHERE room_id = ? AND event_id IN ("
                        + Jdbc.marks(e.prevEvents().size()) + ")", Jdbc.args(e.prevEvents(), e.roomId()));
            }
            // Not when stored events already follow it (an outlier that becomes part of the room late).
            if (Jdbc.first(tx, "SELECT 1 FROM event_edges WHERE prev_event_id = ? LIMIT 1", rs -> true, e.eventId()) == null) {
                Jdbc.update(tx, "INSERT INTO room_forward_extremities (room_id, event_id) VALUES (?, ?)", e.roomId(), e.eventId());
            }
        }
        if (e.txn() != null) {
            Jdbc.update(tx, "INSERT INTO event_txn_ids (user_id, device_id, txn_id, event_id, created_ts) VALUES (?, ?, ?, ?, ?)",
                    e.txn().userId(), e.txn().deviceId(), e.txn().txnId(), e.eventId(), clock.millis());
        }
        if (e.redacts() != null && ordering != null) {
            Jdbc.update(tx, "INSERT INTO redactions (redaction_event_id, redacts, room_id) VALUES (?, ?, ?)",
                    e.eventId(), e.redacts(), e.roomId());
        }
        return parent;
    }

    /**
     * Inserts outliers (no stream position, no state, never a forward extremity) with their edges: what
     * {@link #insertEvent} does for them, as three prepared statements bound per row. A federated join stores the
     * room's whole state and auth chain this way (thousands of events, each with several auth edges).
     */
    void insertOutliers(DSLContext tx, List<NewEvent> events, Map<String, String> rejected) {
        if (events.isEmpty()) return;
        long now = clock.millis();
        // Plain JDBC batches: a joined room's state and auth chain are thousands of rows, and jOOQ's binding per row
        // was most of the writer's time in a join.
        List<Object[]> rows = new ArrayList<>(events.size());
        List<Object[]> edges = new ArrayList<>();
        List<Object[]> authEdges = new ArrayList<>();
        for (NewEvent e : events) {
            rows.add(new Object[] {e.eventId(), e.roomId(), e.depth(), e.type(), e.stateKey(), e.sender(), e.originServerTs(),
                    now, e.json(), e.membership(), true, false, rejected.get(e.eventId())});
            for (String prev : e.prevEvents()) edges.add(new Object[] {e.eventId(), prev});
            for (String auth : e.authEvents()) authEdges.add(new Object[] {e.eventId(), auth});
        }
        Jdbc.batch(tx, INSERT_OUTLIER, rows);
        Jdbc.batch(tx, "INSERT INTO event_edges (event_id, prev_event_id) VALUES (?, ?)", edges);
        Jdbc.batch(tx, "INSERT INTO event_auth_edges (event_id, auth_event_id) VALUES (?, ?)", authEdges);
    }

    private static final String INSERT_OUTLIER = "INSERT INTO events (event_id, room_id, depth, type, state_key, sender, "
            + "origin_server_ts, received_ts, json, membership, outlier, soft_failed, rejected_reason) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    static void upsertMembership(DSLContext tx, NewEvent e, long ordering) {
        Jdbc.update(tx, UPSERT_MEMBERSHIP, e.roomId(), e.stateKey(), e.membership(), e.eventId(), ordering);
    }

    static final String UPSERT_CURRENT_STATE = "INSERT INTO current_state (room_id, type, state_key, event_id) "
            + "VALUES (?, ?, ?, ?) ON CONFLICT (room_id, type, state_key) DO UPDATE SET event_id = excluded.event_id";
    private static final String INSERT_EVENT = "INSERT INTO events (event_id, room_id, stream_ordering, depth, type, "
            + "state_key, sender, origin_server_ts, received_ts, json, state_before, state_after, replaces_state, membership, "
            + "outlier, soft_failed, rejected_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String UPSERT_MEMBERSHIP = "INSERT INTO room_memberships (room_id, user_id, membership, event_id, "
            + "stream_ordering, forgotten) VALUES (?, ?, ?, ?, ?, FALSE) ON CONFLICT (room_id, user_id) DO UPDATE SET "
            + "membership = excluded.membership, event_id = excluded.event_id, stream_ordering = excluded.stream_ordering, "
            + "forgotten = FALSE";
    /** The columns {@link #toEvent(java.sql.ResultSet)} reads. */
    static final String EVENT_COLUMNS = "event_id, room_id, stream_ordering, depth, type, state_key, sender, origin_server_ts, "
            + "json, outlier, rejected_reason, state_before, state_after, replaces_state, membership";

    static StoredEvent toEvent(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new StoredEvent(rs.getString(1), rs.getString(2), Jdbc.nullableLong(rs, "stream_ordering"), rs.getLong(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8), rs.getString(9), rs.getBoolean(10),
                rs.getString(11), Jdbc.nullableLong(rs, "state_before"), Jdbc.nullableLong(rs, "state_after"),
                rs.getString(14), rs.getString(15));
    }

    static StoredEvent toEvent(Record r) {
        return new StoredEvent(r.get(EVENTS.EVENT_ID), r.get(EVENTS.ROOM_ID), r.get(EVENTS.STREAM_ORDERING),
                r.get(EVENTS.DEPTH), r.get(EVENTS.TYPE), r.get(EVENTS.STATE_KEY), r.get(EVENTS.SENDER),
                r.get(EVENTS.ORIGIN_SERVER_TS), r.get(EVENTS.JSON), r.get(EVENTS.OUTLIER), r.get(EVENTS.REJECTED_REASON),
                r.get(EVENTS.STATE_BEFORE), r.get(EVENTS.STATE_AFTER), r.get(EVENTS.REPLACES_STATE), r.get(EVENTS.MEMBERSHIP));
    }

    @Override
    public Future<Optional<StoredEvent>> event(String eventId) {
        StoredEvent cached = cache.getIfPresent(eventId);
        if (cached != null) return Future.succeededFuture(Optional.of(cached));
        return db.read(ctx -> Optional.ofNullable(Jdbc.first(ctx, "SELECT " + EVENT_COLUMNS + " FROM events WHERE event_id = ?",
                JooqEventRepository::toEvent, eventId))).map(found -> {
                    found.ifPresent(e -> cache.put(e.eventId(), e));
                    return found;
                });
    }

    @Override
    public Future<Map<String, StoredEvent>> events(Collection<String> ids) {
        if (ids.isEmpty()) return Future.succeededFuture(Map.of());
        Map<String, StoredEvent> out = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String id : ids) {
            StoredEvent cached = cache.getIfPresent(id);
            if (cached != null) out.put(id, cached);
            else missing.add(id);
        }
        if (missing.isEmpty()) return Future.succeededFuture(out);
        return db.read(ctx -> {
            Map<String, StoredEvent> loaded = new LinkedHashMap<>();
            for (List<String> chunk : chunks(missing)) {
                for (StoredEvent e : Jdbc.query(ctx, "SELECT " + EVENT_COLUMNS + " FROM events WHERE event_id IN ("
                        + Jdbc.marks(chunk.size()) + ")", JooqEventRepository::toEvent, chunk.toArray())) {
                    loaded.put(e.eventId(), e);
                }
            }
            return loaded;
        }).map(loaded -> {
            cache.putAll(loaded);
            out.putAll(loaded);
            return out;
        });
    }

    static List<List<String>> chunks(Collection<String> ids) {
        List<List<String>> out = new ArrayList<>();
        List<String> all = new ArrayList<>(ids);
        for (int i = 0; i < all.size(); i += 500) out.add(all.subList(i, Math.min(all.size(), i + 500)));
        return out;
    }

    private static Optional<String> txnEvent(DSLContext ctx, String userId, String deviceId, String txnId) {
        return Optional.ofNullable(Jdbc.first(ctx, "SELECT event_id FROM event_txn_ids WHERE user_id = ? AND device_id = ? "
                + "AND txn_id = ?", rs -> rs.getString(1), userId, deviceId, txnId));
    }

    @Override
    public Future<SendBasis> sendBasis(String roomId, Collection<StateKeyId> keys, NewEvent.Txn txn) {
        return db.read(ctx -> {
            Optional<String> earlier = txn == null ? Optional.<String>empty() : txnEvent(ctx, txn.userId(), txn.deviceId(), txn.txnId());
            if (earlier.isPresent()) return new Basis(Optional.empty(), Map.of(), Map.of(), earlier);
            return new Basis(JooqRoomRepository.room(ctx, roomId), currentStateIds(ctx, roomId, keys), extremities(ctx, roomId),
                    Optional.empty());
        }).compose(b -> withEvents(b.state()).map(state -> new SendBasis(b.room(), state, b.extremities(), b.earlier())));
    }

    @Override
    public Future<BatchBasis> batchBasis(String roomId, Collection<StateKeyId> keys, Collection<NewEvent.Txn> txns) {
        return db.read(ctx -> {
            Map<NewEvent.Txn, String> earlier = new HashMap<>();
            for (NewEvent.Txn t : txns) txnEvent(ctx, t.userId(), t.deviceId(), t.txnId()).ifPresent(id -> earlier.put(t, id));
            return Map.entry(new Basis(JooqRoomRepository.room(ctx, roomId), currentStateIds(ctx, roomId, keys),
                    extremities(ctx, roomId), Optional.empty()), earlier);
        }).compose(read -> withEvents(read.getKey().state()).map(state -> new BatchBasis(new SendBasis(read.getKey().room(),
                state, read.getKey().extremities(), Optional.empty()), read.getValue())));
    }

    /** A send's basis as read, the state as event ids. */
    private record Basis(Optional<RoomRecord> room, Map<StateKeyId, String> state, Map<String, Long> extremities,
                         Optional<String> earlier) {}

    @Override
    public Future<Map<String, String>> txnIdsOf(String userId, String deviceId, Collection<String> eventIds) {
        if (eventIds.isEmpty()) return Future.succeededFuture(Map.of());
        return txns.getAll(eventIds, missing -> db.read(ctx -> {
            Map<String, NewEvent.Txn> found = new HashMap<>();
            for (List<String> chunk : chunks(missing)) {
                ctx.select(EVENT_TXN_IDS.EVENT_ID, EVENT_TXN_IDS.USER_ID, EVENT_TXN_IDS.DEVICE_ID, EVENT_TXN_IDS.TXN_ID)
                        .from(EVENT_TXN_IDS).where(EVENT_TXN_IDS.EVENT_ID.in(chunk))
                        .forEach(r -> found.put(r.value1(), new NewEvent.Txn(r.value2(), r.value3(), r.value4())));
            }
            for (String id : missing) found.putIfAbsent(id, NO_TXN);
            return found;
        })).map(all -> {
            Map<String, String> out = new HashMap<>();
            all.forEach((eventId, txn) -> {
                if (txn != NO_TXN && txn.userId().equals(userId) && txn.deviceId().equals(deviceId)) out.put(eventId, txn.txnId());
            });
            return out;
        });
    }

    @Override
    public Future<Map<String, Long>> forwardExtremities(String roomId) {
        return db.read(ctx -> extremities(ctx, roomId));
    }

    private static Map<String, Long> extremities(DSLContext ctx, String roomId) {
        Map<String, Long> out = new LinkedHashMap<>();
        Jdbc.query(ctx, "SELECT e.event_id, e.depth FROM room_forward_extremities x JOIN events e ON e.event_id = x.event_id "
                        + "WHERE x.room_id = ? ORDER BY e.depth DESC, e.event_id", rs -> Map.entry(rs.getString(1), rs.getLong(2)), roomId)
                .forEach(r -> out.put(r.getKey(), r.getValue()));
        return out;
    }

    @Override
    public Future<Map<StateKeyId, String>> stateOfGroup(long stateGroup) {
        Map<StateKeyId, String> cached = stateGroups.cached(stateGroup);
        if (cached != null) return Future.succeededFuture(cached);
        return db.read(ctx -> stateGroups.read(ctx, stateGroup));
    }

    @Override
    public Future<Map<StateKeyId, String>> currentState(String roomId) {
        return db.read(ctx -> {
            Map<StateKeyId, String> out = new HashMap<>();
            ctx.selectFrom(CURRENT_STATE).where(CURRENT_STATE.ROOM_ID.eq(roomId))
                    .forEach(r -> out.put(new StateKeyId(r.getType(), r.getStateKey()), r.getEventId()));
            return out;
        });
    }

    @Override
    public Future<Map<StateKeyId, StoredEvent>> currentStateEvents(String roomId, Collection<StateKeyId> keys) {
        if (keys.isEmpty()) return Future.succeededFuture(Map.of());
        return db.read(ctx -> currentStateIds(ctx, roomId, keys)).compose(this::withEvents);
    }

    /**
     * The event ids of {@code keys} in the room's current state: only the ids from the database, the events
     * themselves (the same few for every send: create, power levels, join rules, the sender's membership) usually
     * come from the event cache ({@link #withEvents}).
     */
    private static Map<StateKeyId, String> currentStateIds(DSLContext ctx, String roomId, Collection<StateKeyId> keys) {
        Map<StateKeyId, String> ids = new HashMap<>();
        if (keys.isEmpty()) return ids;
        StringBuilder sql = new StringBuilder("SELECT type, state_key, event_id FROM current_state WHERE room_id = ? AND (");
        List<Object> args = new ArrayList<>();
        args.add(roomId);
        for (StateKeyId k : keys) {
            if (args.size() > 1) sql.append(" OR ");
            sql.append("(type = ? AND state_key = ?)");
            args.add(k.type());
            args.add(k.stateKey());
        }
        Jdbc.query(ctx, sql.append(')').toString(), rs -> Map.entry(new StateKeyId(rs.getString(1), rs.getString(2)),
                rs.getString(3)), args.toArray()).forEach(r -> ids.put(r.getKey(), r.getValue()));
        return ids;
    }

    /** The events of a state map of ids (ids whose event is missing are left out). */
    private Future<Map<StateKeyId, StoredEvent>> withEvents(Map<StateKeyId, String> ids) {
        return events(ids.values()).map(found -> {
            Map<StateKeyId, StoredEvent> out = new HashMap<>();
            ids.forEach((key, id) -> {
                StoredEvent e = found.get(id);
                if (e != null) out.put(key, e);
            });
            return out;
        });
    }

    @Override
    public Future<Long> maxStreamOrdering() {
        return db.read(ctx -> {
            Long max = ctx.select(org.jooq.impl.DSL.max(EVENTS.STREAM_ORDERING)).from(EVENTS).fetchOne(0, Long.class);
            return max == null ? 0L : max;
        });
    }

    @Override
    public Future<List<StoredEvent>> timeline(String roomId, long after, long upTo, int limit) {
        List<StoredEvent> recent = caches.recent().timeline(roomId, after, upTo, limit);
        if (recent != null) return Future.succeededFuture(recent);
        return db.read(ctx -> {
            List<StoredEvent> newestFirst = ctx.selectFrom(EVENTS)
                    .where(EVENTS.ROOM_ID.eq(roomId), EVENTS.STREAM_ORDERING.gt(after), EVENTS.STREAM_ORDERING.le(upTo),
                            EVENTS.REJECTED_REASON.isNull())
                    .orderBy(EVENTS.STREAM_ORDERING.desc()).limit(limit)
                    .fetch(JooqEventRepository::toEvent);
            List<StoredEvent> out = new ArrayList<>(newestFirst);
            java.util.Collections.reverse(out);
            return out;
        });
    }

    @Override
    public Future<List<StoredEvent>> eventsAfter(long after, long upTo, int limit) {
        return db.read(ctx -> Jdbc.query(ctx, "SELECT " + EVENT_COLUMNS + " FROM events WHERE stream_ordering > ? "
                + "AND stream_ordering <= ? AND rejected_reason IS NULL ORDER BY stream_ordering LIMIT ?",
                JooqEventRepository::toEvent, after, upTo, limit));
    }

    @Override
    public Future<java.util.Set<String>> roomsChanged(long after, long upTo) {
        java.util.Set<String> known = caches.roomsChanged(after, upTo);
        if (known != null) return Future.succeededFuture(known);
        return db.read(ctx -> new java.util.HashSet<>(ctx.selectDistinct(EVENTS.ROOM_ID).from(EVENTS)
                .where(EVENTS.STREAM_ORDERING.gt(after), EVENTS.STREAM_ORDERING.le(upTo)).fetch(EVENTS.ROOM_ID)));
    }

    @Override
    public Future<Map<String, Long>> latestPositions(Collection<String> roomIds, long upTo, Collection<String> types) {
        if (roomIds.isEmpty()) return Future.succeededFuture(Map.of());
        List<String> ids = List.copyOf(new java.util.LinkedHashSet<>(roomIds));
        var latest = org.jooq.impl.DSL.max(EVENTS.STREAM_ORDERING);
        return db.read(ctx -> {
            Map<String, Long> out = new HashMap<>();
            for (int from = 0; from < ids.size(); from += ROOMS_PER_QUERY) {
                List<String> batch = ids.subList(from, Math.min(ids.size(), from + ROOMS_PER_QUERY));
                var where = EVENTS.ROOM_ID.in(batch).and(EVENTS.STREAM_ORDERING.le(upTo)).and(EVENTS.REJECTED_REASON.isNull());
                if (types != null) where = where.and(EVENTS.TYPE.in(types));
                ctx.select(EVENTS.ROOM_ID, latest).from(EVENTS).where(where).groupBy(EVENTS.ROOM_ID)
                        .forEach(r -> { if (r.value2() != null) out.put(r.value1(), r.value2()); });
            }
            return out;
        });
    }

    @Override
    public Future<List<StoredEvent>> memberEventsAbout(String userId, long after, long upTo) {
        return db.read(ctx -> ctx.selectFrom(EVENTS)
                .where(EVENTS.TYPE.eq("m.room.member"), EVENTS.STATE_KEY.eq(userId), EVENTS.STREAM_ORDERING.gt(after),
                        EVENTS.STREAM_ORDERING.le(upTo), EVENTS.REJECTED_REASON.isNull())
                .orderBy(EVENTS.STREAM_ORDERING).fetch(JooqEventRepository::toEvent));
    }

    @Override
    public Future<Optional<Long>> stateGroupAt(String roomId, long at) {
        return db.read(ctx -> ctx.select(EVENTS.STATE_AFTER).from(EVENTS)
                .where(EVENTS.ROOM_ID.eq(roomId), EVENTS.STREAM_ORDERING.le(at), EVENTS.REJECTED_REASON.isNull())
                .orderBy(EVENTS.STREAM_ORDERING.desc()).limit(1)
                .fetchOptional(EVENTS.STATE_AFTER));
    }

    @Override
    public Future<Boolean> joinedSince(String roomId, String userId, long after) {
        return db.read(ctx -> ctx.fetchExists(EVENTS, EVENTS.TYPE.eq("m.room.member"), EVENTS.STATE_KEY.eq(userId),
                EVENTS.ROOM_ID.eq(roomId), EVENTS.MEMBERSHIP.eq("join"), EVENTS.STREAM_ORDERING.gt(after)));
    }

    @Override
    public Future<Map<String, String>> redactionsOf(Collection<String> eventIds) {
        if (eventIds.isEmpty()) return Future.succeededFuture(Map.of());
        return redactions.getAll(eventIds, missing -> db.read(ctx -> {
            Map<String, String> found = new HashMap<>();
            for (List<String> chunk : chunks(missing)) {
                ctx.select(REDACTIONS.REDACTS, REDACTIONS.REDACTION_EVENT_ID).from(REDACTIONS)
                        .where(REDACTIONS.REDACTS.in(chunk))
                        .orderBy(REDACTIONS.REDACTION_EVENT_ID)
                        .forEach(r -> found.putIfAbsent(r.value1(), r.value2()));
            }
            for (String id : missing) found.putIfAbsent(id, "");
            return found;
        })).map(all -> {
            Map<String, String> out = new HashMap<>();
            all.forEach((target, redaction) -> {
                if (!redaction.isEmpty()) out.put(target, redaction);
            });
            return out;
        });
    }

    @Override
    public Future<Map<String, Map<StateKeyId, StoredEvent>>> currentStateEventsOfRooms(Collection<String> roomIds,
                                                                                   Collection<StateKeyId> keys) {
        if (roomIds.isEmpty() || keys.isEmpty()) return Future.succeededFuture(Map.of());
        List<String> ids = List.copyOf(new java.util.LinkedHashSet<>(roomIds));
        var condition = keys.stream().map(k -> CURRENT_STATE.TYPE.eq(k.type()).and(CURRENT_STATE.STATE_KEY.eq(k.stateKey())))
                .reduce(org.jooq.Condition::or).orElseThrow();
        return db.read(ctx -> {
            Map<String, Map<StateKeyId, StoredEvent>> out = new HashMap<>();
            for (int from = 0; from < ids.size(); from += ROOMS_PER_QUERY) {
                List<String> batch = ids.subList(from, Math.min(ids.size(), from + ROOMS_PER_QUERY));
                ctx.select(EVENTS.fields()).from(CURRENT_STATE).join(EVENTS).on(EVENTS.EVENT_ID.eq(CURRENT_STATE.EVENT_ID))
                        .where(CURRENT_STATE.ROOM_ID.in(batch)).and(condition)
                        .forEach(r -> {
                            StoredEvent e = toEvent(r);
                            out.computeIfAbsent(e.roomId(), k -> new HashMap<>()).put(new StateKeyId(e.type(), e.stateKey()), e);
                        });
            }
            return out;
        });
    }

    @Override
    public Future<RoomPosition> positionAtStream(String roomId, long stream) {
        return db.read(ctx -> ctx.select(EVENTS.DEPTH, EVENTS.STREAM_ORDERING).from(EVENTS)
                .where(EVENTS.ROOM_ID.eq(roomId), EVENTS.STREAM_ORDERING.le(stream))
                .orderBy(EVENTS.DEPTH.desc(), EVENTS.STREAM_ORDERING.desc()).limit(1)
                .fetchOptional(r -> new RoomPosition(r.value1(), r.value2()))
                .orElse(RoomPosition.START));
    }

    @Override
    public Future<List<StoredEvent>> roomEvents(String roomId, RoomPosition from, RoomPosition to, boolean backwards,
                                                int limit) {
        org.jooq.Condition where = EVENTS.ROOM_ID.eq(roomId).and(EVENTS.STREAM_ORDERING.isNotNull())
                .and(EVENTS.REJECTED_REASON.isNull());
        // (depth, stream) compared as a pair, spelled out for SQLite; the plain depth bound lets the index
        // events_by_room_depth narrow the range.
        org.jooq.Condition fromBound = backwards ? atOrBefore(from) : atOrBefore(from).not();
        where = where.and(fromBound).and(backwards ? EVENTS.DEPTH.le(from.depth()) : EVENTS.DEPTH.ge(from.depth()));
        if (to != null) where = where.and(backwards ? atOrBefore(to).not() : atOrBefore(to));
        var order = backwards ? List.of(EVENTS.DEPTH.desc(), EVENTS.STREAM_ORDERING.desc())
                : List.of(EVENTS.DEPTH.asc(), EVENTS.STREAM_ORDERING.asc());
        org.jooq.Condition finalWhere = where;
        return db.read(ctx -> ctx.selectFrom(EVENTS).where(finalWhere).orderBy(order).limit(limit)
                .fetch(JooqEventRepository::toEvent));
    }

    private static org.jooq.Condition atOrBefore(RoomPosition p) {
        return EVENTS.DEPTH.lt(p.depth()).or(EVENTS.DEPTH.eq(p.depth()).and(EVENTS.STREAM_ORDERING.le(p.stream())));
    }

    @Override
    public Future<List<StoredEvent>> eventsFromTimestamp(String roomId, long ts, StoredEvent cursor, boolean forwards,
                                                         int limit) {
        org.jooq.Condition where = EVENTS.ROOM_ID.eq(roomId).and(EVENTS.STREAM_ORDERING.isNotNull())
                .and(EVENTS.REJECTED_REASON.isNull());
        if (cursor == null) {
            where = where.and(forwards ? EVENTS.ORIGIN_SERVER_TS.ge(ts) : EVENTS.ORIGIN_SERVER_TS.le(ts));
        } else if (forwards) {
            where = where.and(EVENTS.ORIGIN_SERVER_TS.ge(cursor.originServerTs())).and(EVENTS.ORIGIN_SERVER_TS.gt(cursor.originServerTs())
                    .or(EVENTS.STREAM_ORDERING.gt(cursor.streamOrdering())));
        } else {
            where = where.and(EVENTS.ORIGIN_SERVER_TS.le(cursor.originServerTs())).and(EVENTS.ORIGIN_SERVER_TS.lt(cursor.originServerTs())
                    .or(EVENTS.STREAM_ORDERING.lt(cursor.streamOrdering())));
        }
        var order = forwards ? List.of(EVENTS.ORIGIN_SERVER_TS.asc(), EVENTS.STREAM_ORDERING.asc())
                : List.of(EVENTS.ORIGIN_SERVER_TS.desc(), EVENTS.STREAM_ORDERING.desc());
        org.jooq.Condition finalWhere = where;
        return db.read(ctx -> ctx.selectFrom(EVENTS).where(finalWhere).orderBy(order).limit(limit)
                .fetch(JooqEventRepository::toEvent));
    }
}
