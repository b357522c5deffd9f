package org.lightweb.storage.federation;

import static org.lightweb.storage.jooq.Tables.FEDERATION_DESTINATIONS;
import static org.lightweb.storage.jooq.Tables.FEDERATION_OUTBOX;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.DSLContext;
import org.lightweb.storage.Db;
import org.lightweb.storage.StreamPositions;

/**
 * The queue in SQL. Every change runs on the ordered writer ({@link Db#writeOrdered}), so positions commit in the
 * order they were allocated and the per-destination row counts kept here (to enforce the bound without counting
 * rows on every insert) are only touched by that one thread.
 */
public final class JooqFederationQueueRepository implements FederationQueueRepository {
    public static final String STREAM = "federation_outbox";

    private final Db db;
    /** destination -> rows queued, once counted; changed only on the ordered writer thread */
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();

    public JooqFederationQueueRepository(Db db) {
        this.db = db;
    }

    @Override
    public Future<java.util.Optional<Long>> fanOutPosition() {
        var F = org.lightweb.storage.jooq.Tables.FEDERATION_FANOUT;
        return db.read(tx -> tx.select(F.STREAM_ORDERING).from(F).where(F.ID.eq(1)).fetchOptional(F.STREAM_ORDERING));
    }

    @Override
    public Future<Void> setFanOutPosition(long streamOrdering) {
        var F = org.lightweb.storage.jooq.Tables.FEDERATION_FANOUT;
        // on the ordered writer, after the enqueues it follows
        return db.writeOrdered(tx -> {
            tx.insertInto(F).set(F.ID, 1).set(F.STREAM_ORDERING, streamOrdering)
                    .onConflict(F.ID).doUpdate().set(F.STREAM_ORDERING, streamOrdering).execute();
            return null;
        });
    }

    @Override
    public Future<Enqueued> enqueue(Collection<String> destinations, String kind, String eduType, String json, long now,
                                    int maxPerDestination) {
        var O = FEDERATION_OUTBOX;
        List<String> dests = List.copyOf(new java.util.LinkedHashSet<>(destinations));
        Map<String, Integer> after = new HashMap<>();
        return db.writeOrdered(tx -> {
            after.clear();
            long position = StreamPositions.next(tx, STREAM, 1);
            Map<String, Integer> dropped = new HashMap<>();
            var insert = tx.insertInto(O, O.DESTINATION, O.POSITION, O.KIND, O.EDU_TYPE, O.JSON, O.QUEUED_TS);
            for (String d : dests) insert = insert.values(d, position, kind, eduType, json, now);
            if (!dests.isEmpty()) insert.execute();
            for (String d : dests) {
                int count = countOf(tx, d) + 1;
                int over = count - Math.max(1, maxPerDestination);
                if (over > 0) {
                    int n = tx.deleteFrom(O).where(O.DESTINATION.eq(d), O.POSITION.in(
                            tx.select(O.POSITION).from(O).where(O.DESTINATION.eq(d)).orderBy(O.POSITION).limit(over)))
                            .execute();
                    dropped.put(d, n);
                    count -= n;
                }
                after.put(d, count);
            }
            return new Enqueued(position, dropped);
        }, done -> counts.putAll(after));
    }

    /** The destination's row count before this transaction's insert. */
    private int countOf(DSLContext tx, String destination) {
        Integer known = counts.get(destination);
        if (known != null) return known;
        var O = FEDERATION_OUTBOX;
        // Counted after the insert: take it back out.
        return tx.fetchCount(O, O.DESTINATION.eq(destination)) - 1;
    }

    @Override
    public Future<List<Queued>> next(String destination, int maxPdus, int maxEdus) {
        var O = FEDERATION_OUTBOX;
        return db.read(ctx -> {
            List<Queued> out = new ArrayList<>();
            for (var kind : List.of(PDU, EDU)) {
                int limit = kind.equals(PDU) ? maxPdus : maxEdus;
                if (limit <= 0) continue;
                out.addAll(ctx.select(O.POSITION, O.KIND, O.EDU_TYPE, O.JSON).from(O)
                        .where(O.DESTINATION.eq(destination), O.KIND.eq(kind)).orderBy(O.POSITION).limit(limit)
                        .fetch(r -> new Queued(r.value1(), r.value2(), r.value3(), r.value4())));
            }
            out.sort(java.util.Comparator.comparingLong(Queued::position));
            return out;
        });
    }

    @Override
    public Future<Void> delete(String destination, Collection<Long> positions) {
        if (positions.isEmpty()) return Future.succeededFuture();
        var O = FEDERATION_OUTBOX;
        int[] deleted = new int[1];
        return db.writeOrdered(tx -> {
            deleted[0] = tx.deleteFrom(O).where(O.DESTINATION.eq(destination), O.POSITION.in(positions)).execute();
            return (Void) null;
        }, v -> counts.computeIfPresent(destination, (d, n) -> Math.max(0, n - deleted[0])));
    }

    @Override
    public Future<Integer> deleteEdus(String destination, Collection<String> eduTypes) {
        var O = FEDERATION_OUTBOX;
        return db.writeOrdered(tx -> tx.deleteFrom(O).where(O.DESTINATION.eq(destination), O.KIND.eq(EDU),
                O.EDU_TYPE.in(eduTypes)).execute(),
                n -> counts.computeIfPresent(destination, (d, c) -> Math.max(0, c - n)));
    }

    @Override
    public Future<Set<String>> destinationsWithRows() {
        var O = FEDERATION_OUTBOX;
        return db.read(ctx -> new HashSet<>(ctx.selectDistinct(O.DESTINATION).from(O).fetch(O.DESTINATION)));
    }

    @Override
    public Future<Integer> count(String destination) {
        var O = FEDERATION_OUTBOX;
        return db.read(ctx -> ctx.fetchCount(O, O.DESTINATION.eq(destination)));
    }

    @Override
    public Future<Map<String, RetryState>> retryStates() {
        var D = FEDERATION_DESTINATIONS;
        return db.read(ctx -> {
            Map<String, RetryState> out = new HashMap<>();
            ctx.selectFrom(D).fetch().forEach(r -> out.put(r.getDestination(), new RetryState(r.getDestination(),
                    r.getFailures(), r.getLastFailureTs(), r.getRetryAt())));
            return out;
        });
    }

    @Override
    public Future<Void> recordFailure(RetryState s) {
        var D = FEDERATION_DESTINATIONS;
        return db.writeOrdered(tx -> {
            tx.insertInto(D).set(D.DESTINATION, s.destination()).set(D.FAILURES, s.failures())
                    .set(D.LAST_FAILURE_TS, s.lastFailureTs()).set(D.RETRY_AT, s.retryAt())
                    .onConflict(D.DESTINATION).doUpdate().set(D.FAILURES, s.failures())
                    .set(D.LAST_FAILURE_TS, s.lastFailureTs()).set(D.RETRY_AT, s.retryAt()).execute();
            return null;
        });
    }

    @Override
    public Future<Void> clearFailures(String destination) {
        var D = FEDERATION_DESTINATIONS;
        return db.writeOrdered(tx -> {
            tx.deleteFrom(D).where(D.DESTINATION.eq(destination)).execute();
            return null;
        });
    }
}
