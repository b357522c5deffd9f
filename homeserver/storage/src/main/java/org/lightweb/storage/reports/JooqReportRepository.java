package org.lightweb.storage.reports;

import static org.lightweb.storage.jooq.Tables.CONTENT_REPORTS;
import static org.lightweb.storage.jooq.Tables.EVENTS;

import io.vertx.core.Future;
import java.util.Locale;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.Record;
import org.lightweb.storage.Db;
import org.lightweb.storage.StreamPositions;

public final class JooqReportRepository implements ReportRepository {
    /** The stream_positions row that hands out report ids. */
    static final String ID_STREAM = "content_reports";

    private final Db db;

    public JooqReportRepository(Db db) {
        this.db = db;
    }

    @Override
    public Future<Long> add(NewReport r) {
        var C = CONTENT_REPORTS;
        return db.write(tx -> {
            long id = StreamPositions.next(tx, ID_STREAM, 1);
            tx.insertInto(C).set(C.ID, id).set(C.KIND, r.kind().name().toLowerCase(Locale.ROOT))
                    .set(C.REPORTER, r.reporter()).set(C.ROOM_ID, r.roomId()).set(C.EVENT_ID, r.eventId())
                    .set(C.TARGET_USER_ID, r.targetUserId()).set(C.REASON, r.reason()).set(C.SCORE, r.score())
                    .set(C.RECEIVED_TS, r.receivedTs()).execute();
            return id;
        });
    }

    private static Condition events() {
        return CONTENT_REPORTS.KIND.eq("event");
    }

    private static Report toReport(Record r) {
        var C = CONTENT_REPORTS;
        return new Report(r.get(C.ID), Kind.valueOf(r.get(C.KIND).toUpperCase(Locale.ROOT)), r.get(C.REPORTER),
                r.get(C.ROOM_ID), r.get(C.EVENT_ID), r.get(C.TARGET_USER_ID), r.get(C.REASON), r.get(C.SCORE),
                r.get(C.RECEIVED_TS), r.get(EVENTS.SENDER), r.get(EVENTS.JSON));
    }

    @Override
    public Future<Page> eventReports(long from, int limit, boolean backwards, String roomId, String reporter) {
        var C = CONTENT_REPORTS;
        Condition where = events();
        if (roomId != null) where = where.and(C.ROOM_ID.contains(roomId));
        if (reporter != null) where = where.and(C.REPORTER.contains(reporter));
        Condition filter = where;
        return db.read(ctx -> {
            long total = ctx.selectCount().from(C).where(filter).fetchSingle().value1();
            var rows = ctx.select(C.fields()).select(EVENTS.SENDER)
                    .from(C).leftJoin(EVENTS).on(EVENTS.EVENT_ID.eq(C.EVENT_ID))
                    .where(filter).orderBy(backwards ? C.ID.desc() : C.ID.asc())
                    .limit(limit).offset(from).fetch();
            return new Page(rows.map(r -> new Report(r.get(C.ID), Kind.EVENT, r.get(C.REPORTER), r.get(C.ROOM_ID),
                    r.get(C.EVENT_ID), r.get(C.TARGET_USER_ID), r.get(C.REASON), r.get(C.SCORE), r.get(C.RECEIVED_TS),
                    r.get(EVENTS.SENDER), null)), total);
        });
    }

    @Override
    public Future<Optional<Report>> eventReport(long id) {
        var C = CONTENT_REPORTS;
        return db.read(ctx -> ctx.select(C.fields()).select(EVENTS.SENDER, EVENTS.JSON)
                .from(C).leftJoin(EVENTS).on(EVENTS.EVENT_ID.eq(C.EVENT_ID))
                .where(C.ID.eq(id), events()).fetchOptional().map(JooqReportRepository::toReport));
    }

    @Override
    public Future<Boolean> deleteEventReport(long id) {
        return db.write(tx -> tx.deleteFrom(CONTENT_REPORTS).where(CONTENT_REPORTS.ID.eq(id), events()).execute() > 0);
    }
}
