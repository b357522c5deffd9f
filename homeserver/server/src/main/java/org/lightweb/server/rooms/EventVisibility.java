package org.lightweb.server.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lightweb.core.Json;
import org.lightweb.core.UserId;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.StateKeyId;
import org.lightweb.storage.rooms.StoredEvent;

/**
 * History visibility (client-server API, "Server behaviour" of m.room.history_visibility): whether a user may
 * see an event, decided by the room state at that event. Every read path filters through here.
 */
public final class EventVisibility {
    private final EventRepository events;
    private final com.github.benmanes.caffeine.cache.Cache<String, String> visibilityById =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(100_000).build();

    public EventVisibility(EventRepository events) {
        this.events = events;
    }

    /** The events of {@code batch} that {@code user} may see, in order. Rejected and outlier events never. */
    public Future<List<StoredEvent>> filter(UserId user, List<StoredEvent> batch) {
        List<Future<Boolean>> checks = new ArrayList<>();
        for (StoredEvent e : batch) checks.add(canSee(user, e));
        return Future.all(checks).map(ok -> {
            List<StoredEvent> out = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) if (checks.get(i).result()) out.add(batch.get(i));
            return out;
        });
    }

    public Future<Boolean> canSee(UserId user, StoredEvent e) {
        if (e.rejectedReason() != null || e.outlier() || e.stateBefore() == null && e.stateAfter() == null) {
            return Future.succeededFuture(false);
        }
        String uid = user.toString();
        boolean ownMember = "m.room.member".equals(e.type()) && uid.equals(e.stateKey());
        boolean isVisibilityEvent = "m.room.history_visibility".equals(e.type());
        Future<Map<StateKeyId, String>> before = e.stateBefore() == null ? Future.succeededFuture(Map.of())
                : events.stateOfGroup(e.stateBefore());
        Future<Map<StateKeyId, String>> after = e.stateAfter() == null ? Future.succeededFuture(Map.of())
                : events.stateOfGroup(e.stateAfter());
        return Future.all(before, after).compose(ok -> {
            // For the user's own membership events and for visibility changes, the state before or after counts.
            boolean both = ownMember || isVisibilityEvent;
            Future<Boolean> atBefore = allowedBy(uid, e, before.result());
            if (!both) return atBefore;
            return atBefore.compose(yes -> yes ? Future.succeededFuture(true) : allowedBy(uid, e, after.result()));
        });
    }

    private Future<Boolean> allowedBy(String uid, StoredEvent e, Map<StateKeyId, String> state) {
        String hvId = state.get(new StateKeyId("m.room.history_visibility", ""));
        String memberId = state.get(new StateKeyId("m.room.member", uid));
        Set<String> ids = new HashSet<>();
        if (hvId != null) ids.add(hvId);
        if (memberId != null) ids.add(memberId);
        return events.events(ids).compose(found -> {
            String visibility = hvId == null || !found.containsKey(hvId) ? "shared" : visibilityOf(found.get(hvId));
            String membership = memberId == null || !found.containsKey(memberId) ? null
                    : found.get(memberId).membership();
            if (visibility.equals("world_readable")) return Future.succeededFuture(true);       // 1
            if ("join".equals(membership)) return Future.succeededFuture(true);                 // 2
            if (visibility.equals("shared")) {                                                  // 3
                long at = e.streamOrdering() == null ? Long.MAX_VALUE : e.streamOrdering();
                return events.joinedSince(e.roomId(), uid, at - 1);
            }
            return Future.succeededFuture(visibility.equals("invited") && "invite".equals(membership)); // 4, 5
        });
    }

    /** The history visibility an m.room.history_visibility event sets; events never change, so it is kept. */
    private String visibilityOf(StoredEvent e) {
        return visibilityById.get(e.eventId(), id -> {
            String v = content(e).path("history_visibility").asText("shared");
            return List.of("world_readable", "shared", "invited", "joined").contains(v) ? v : "shared";
        });
    }

    private static JsonNode content(StoredEvent e) {
        return Json.parse(e.json()).path("content");
    }
}
