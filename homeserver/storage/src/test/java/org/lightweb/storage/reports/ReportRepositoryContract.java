package org.lightweb.storage.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.storage.jooq.Tables.EVENTS;

import org.junit.jupiter.api.Test;
import org.lightweb.storage.reports.ReportRepository.Kind;
import org.lightweb.storage.reports.ReportRepository.NewReport;
import org.lightweb.storage.reports.ReportRepository.Report;
import org.lightweb.storage.testing.StorageContract;
import org.lightweb.storage.testing.TestStorage;

/** Content reports: ids, the event report pages with their filters, one report with its event, deletion. */
public interface ReportRepositoryContract extends StorageContract {
    default ReportRepository reports() { return new JooqReportRepository(storage().db()); }

    private long eventReport(String room, String reporter, String eventId, long ts) {
        return await(reports().add(new NewReport(Kind.EVENT, reporter, room, eventId, null, "bad", -100L, ts)));
    }

    @Test
    default void eventReportsShouldPageNewestFirstAndFilterByRoomAndReporter() {
        String room = "!" + TestStorage.freshName("r") + ":example.org";
        String ann = "@" + TestStorage.freshName("ann") + ":example.org";
        String ben = "@" + TestStorage.freshName("ben") + ":example.org";
        long first = eventReport(room, ann, "$a", 1);
        long second = eventReport(room, ben, "$b", 2);
        long third = eventReport(room, ann, "$c", 3);
        await(reports().add(new NewReport(Kind.ROOM, ann, room, null, null, "room", null, 4)));
        assertThat(second).isGreaterThan(first);

        var page = await(reports().eventReports(0, 2, true, room, null));
        assertThat(page.total()).isEqualTo(3);
        assertThat(page.reports()).extracting(Report::id).containsExactly(third, second);
        assertThat(await(reports().eventReports(2, 2, true, room, null)).reports()).extracting(Report::id).containsExactly(first);
        assertThat(await(reports().eventReports(0, 10, false, room, null)).reports()).extracting(Report::id)
                .containsExactly(first, second, third);
        var anns = await(reports().eventReports(0, 10, true, null, ann));
        assertThat(anns.total()).isEqualTo(2);
        assertThat(anns.reports()).extracting(Report::reporter).containsOnly(ann);
        assertThat(anns.reports()).extracting(Report::kind).containsOnly(Kind.EVENT);
    }

    @Test
    default void eventReportShouldCarryTheEventWhenTheServerHasIt() {
        String room = "!" + TestStorage.freshName("r") + ":example.org";
        String eventId = "$" + TestStorage.freshName("e");
        await(storage().db().write(tx -> tx.insertInto(EVENTS).set(EVENTS.EVENT_ID, eventId).set(EVENTS.ROOM_ID, room)
                .set(EVENTS.STREAM_ORDERING, 9_000_000 + System.nanoTime() % 100_000).set(EVENTS.DEPTH, 1L)
                .set(EVENTS.TYPE, "m.room.message").set(EVENTS.SENDER, "@spammer:example.org")
                .set(EVENTS.ORIGIN_SERVER_TS, 1L).set(EVENTS.RECEIVED_TS, 1L).set(EVENTS.JSON, "{\"x\":1}").execute()));
        long id = eventReport(room, "@me:example.org", eventId, 5);
        Report r = await(reports().eventReport(id)).orElseThrow();
        assertThat(r.eventSender()).isEqualTo("@spammer:example.org");
        assertThat(r.eventJson()).contains("\"x\"");
        assertThat(r.reason()).isEqualTo("bad");
        assertThat(r.score()).isEqualTo(-100L);
        assertThat(await(reports().eventReports(0, 10, true, room, null)).reports().get(0).eventSender())
                .isEqualTo("@spammer:example.org");
    }

    @Test
    default void deleteShouldRemoveOnlyEventReports() {
        long id = eventReport("!x:example.org", "@me:example.org", "$gone", 1);
        long user = await(reports().add(new NewReport(Kind.USER, "@me:example.org", null, null, "@bad:example.org",
                "spam", null, 1)));
        assertThat(await(reports().eventReport(user))).isEmpty();
        assertThat(await(reports().deleteEventReport(user))).isFalse();
        assertThat(await(reports().deleteEventReport(id))).isTrue();
        assertThat(await(reports().deleteEventReport(id))).isFalse();
        assertThat(await(reports().eventReport(id))).isEmpty();
    }
}
