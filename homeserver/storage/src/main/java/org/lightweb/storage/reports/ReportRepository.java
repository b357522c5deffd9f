package org.lightweb.storage.reports;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * Reports of events, rooms and users (table content_reports), kept for server admins. Event reports are read
 * through Synapse's admin API shape: pages by offset, newest first unless asked otherwise, filtered by room and
 * reporter.
 */
public interface ReportRepository {
    enum Kind { EVENT, ROOM, USER }

    record NewReport(Kind kind, String reporter, String roomId, String eventId, String targetUserId, String reason,
                     Long score, long receivedTs) {}

    /**
     * A stored report; for event reports also the reported event's sender and JSON when this server has it.
     */
    record Report(long id, Kind kind, String reporter, String roomId, String eventId, String targetUserId,
                  String reason, Long score, long receivedTs, String eventSender, String eventJson) {}

    /** Stores a report and answers its id. */
    Future<Long> add(NewReport report);

    record Page(List<Report> reports, long total) {}

    /**
     * Event reports: {@code limit} of them from offset {@code from}, newest first ({@code backwards}) or oldest first,
     * only those whose room id / reporter contains the given text (null: any).
     */
    Future<Page> eventReports(long from, int limit, boolean backwards, String roomId, String reporter);

    Future<Optional<Report>> eventReport(long id);

    /** Deletes an event report; false when there is none with this id. */
    Future<Boolean> deleteEventReport(long id);
}
