package org.lightweb.server.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.Optional;
import org.lightweb.core.Clock;
import org.lightweb.core.MatrixException;
import org.lightweb.core.ServerName;
import org.lightweb.core.UserId;
import org.lightweb.server.config.HomeserverConfig;
import org.lightweb.server.http.RateLimiter;
import org.lightweb.server.rooms.RoomReads;
import org.lightweb.storage.accounts.AccountRepository;
import org.lightweb.storage.reports.ReportRepository;
import org.lightweb.storage.reports.ReportRepository.Kind;
import org.lightweb.storage.reports.ReportRepository.NewReport;
import org.lightweb.storage.rooms.RoomRepository;

/**
 * Reporting content (client-server API, "Reporting content"): events, rooms and users reported to the server
 * admins, who read them through the admin API. An event may only be reported by a user joined to its room who can
 * see it (404 otherwise, as the spec asks, without saying which); rooms and users must exist here (404). Reports are
 * rate-limited per reporter and their reason's length is bounded.
 */
public final class ReportService {
    private final ReportRepository reports;
    private final RoomRepository rooms;
    private final RoomReads reads;
    private final AccountRepository accounts;
    private final ServerName serverName;
    private final RateLimiter limiter;
    private final HomeserverConfig.Reports limits;
    private final Clock clock;

    public ReportService(ReportRepository reports, RoomRepository rooms, RoomReads reads, AccountRepository accounts,
                         ServerName serverName, RateLimiter limiter, HomeserverConfig.Reports limits, Clock clock) {
        this.reports = reports;
        this.rooms = rooms;
        this.reads = reads;
        this.accounts = accounts;
        this.serverName = serverName;
        this.limiter = limiter;
        this.limits = limits;
        this.clock = clock;
    }

    /** POST /rooms/{roomId}/report/{eventId}: reason optional, score optional (removed in v1.18, still accepted). */
    public Future<Void> reportEvent(UserId who, String roomId, String eventId, ObjectNode body) {
        String reason = reason(body, false);
        Long score = score(body);
        limiter.take("report", who.toString(), limits.rate());
        return rooms.membership(roomId, who.toString())
                .compose(m -> m.isPresent() && m.get().membership().equals("join") ? reads.event(who, roomId, eventId)
                        : Future.failedFuture(MatrixException.notFound("The event was not found or you are not joined to the room.")))
                .recover(e -> Future.failedFuture(e instanceof MatrixException me && me.status() == 404
                        ? MatrixException.notFound("The event was not found or you are not joined to the room.") : e))
                .compose(event -> reports.add(new NewReport(Kind.EVENT, who.toString(), roomId, eventId, null, reason,
                        score, clock.millis())))
                .mapEmpty();
    }

    /** POST /rooms/{roomId}/report (v1.13): reason required; the reporter need not be in the room. */
    public Future<Void> reportRoom(UserId who, String roomId, ObjectNode body) {
        String reason = reason(body, true);
        limiter.take("report", who.toString(), limits.rate());
        return rooms.room(roomId).compose(room -> room.isEmpty()
                ? Future.failedFuture(MatrixException.notFound("The room was not found."))
                : reports.add(new NewReport(Kind.ROOM, who.toString(), roomId, null, null, reason, null, clock.millis())))
                .mapEmpty();
    }

    /** POST /users/{userId}/report (v1.14): reason required; a local user must exist, a remote one is taken on trust. */
    public Future<Void> reportUser(UserId who, String target, ObjectNode body) {
        String reason = reason(body, true);
        Optional<UserId> user = UserId.parse(target);
        if (user.isEmpty()) throw MatrixException.invalidParam("Invalid user id: " + target);
        limiter.take("report", who.toString(), limits.rate());
        Future<Boolean> exists = user.get().isLocalTo(serverName)
                ? accounts.find(user.get()).map(Optional::isPresent) : Future.succeededFuture(true);
        return exists.compose(found -> found
                ? reports.add(new NewReport(Kind.USER, who.toString(), null, null, target, reason, null, clock.millis()))
                : Future.failedFuture(MatrixException.notFound("The user was not found.")))
                .mapEmpty();
    }

    private String reason(ObjectNode body, boolean required) {
        JsonNode n = body.get("reason");
        if (n == null || n.isNull()) {
            if (required) throw MatrixException.missingParam("Missing parameter: reason");
            return null;
        }
        if (!n.isTextual()) throw MatrixException.badJson("'reason' must be a string");
        if (n.asText().length() > limits.maxReasonLength()) {
            throw MatrixException.invalidParam("reason is too long (at most " + limits.maxReasonLength() + " characters)");
        }
        return n.asText();
    }

    private static Long score(ObjectNode body) {
        JsonNode n = body.get("score");
        if (n == null || n.isNull()) return null;
        if (!n.isIntegralNumber() || n.asLong() < -100 || n.asLong() > 0) {
            throw MatrixException.invalidParam("score must be an integer from -100 to 0");
        }
        return n.asLong();
    }
}
