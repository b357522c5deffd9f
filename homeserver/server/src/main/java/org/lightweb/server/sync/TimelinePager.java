package org.lightweb.server.sync;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import com.fasterxml.jackson.databind.JsonNode;
import org.lightweb.core.Json;
import org.lightweb.core.UserId;
import org.lightweb.server.messages.IgnoredUsers;
import org.lightweb.server.rooms.EventVisibility;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.StoredEvent;

/**
 * The newest {@code limit} events of a room in (from, upTo] that the user may see and the filter lets through,
 * reading backwards in pages; {@code limited} when older ones in the window were left out. Events of users the
 * user ignores are left out as if they were not there (state events stay).
 */
public final class TimelinePager {
    static final int PAGE = 50;
    static final int MAX_PAGES = 20;

    public record Timeline(List<StoredEvent> events, boolean limited) {}

    private final EventRepository events;
    private final EventVisibility visibility;
    private final IgnoredUsers ignoredUsers;

    public TimelinePager(EventRepository events, EventVisibility visibility, IgnoredUsers ignoredUsers) {
        this.events = events;
        this.visibility = visibility;
        this.ignoredUsers = ignoredUsers;
    }

    public Future<Timeline> read(UserId user, String roomId, long from, long upTo, int limit, SyncFilter.RoomEventFilter filter) {
        return ignoredUsers.of(user.toString())
                .compose(ignored -> page(user, roomId, from, upTo, limit, filter, ignored, new ArrayList<>(), 0));
    }

    private Future<Timeline> page(UserId user, String roomId, long from, long cursor, int limit,
                                  SyncFilter.RoomEventFilter filter, Set<String> ignored, List<StoredEvent> newestFirst,
                                  int pages) {
        // The first page asks for one more than the limit: enough when every event is visible and wanted (the
        // usual case), and small enough for the in-memory recent events to answer.
        int pageSize = pages == 0 && limit < PAGE ? limit + 1 : PAGE;
        return events.timeline(roomId, from, cursor, pageSize).compose(page -> {
            if (page.isEmpty()) return Future.succeededFuture(done(newestFirst, false));
            return visibility.filter(user, page).compose(visible -> {
                List<StoredEvent> matching = new ArrayList<>();
                for (StoredEvent e : visible) {
                    if (IgnoredUsers.hides(ignored, e)) continue;
                    JsonNode content = filter.needsContent() ? Json.parse(e.json()).path("content") : null;
                    if (filter.matches(roomId, e.type(), e.sender(), content)) matching.add(e);
                }
                Collections.reverse(matching);
                for (StoredEvent e : matching) {
                    if (newestFirst.size() == limit) return Future.succeededFuture(done(newestFirst, true));
                    newestFirst.add(e);
                }
                long oldest = page.get(0).streamOrdering();
                boolean exhausted = page.size() < pageSize;
                if (exhausted) return Future.succeededFuture(done(newestFirst, false));
                if (newestFirst.size() == limit || pages + 1 >= MAX_PAGES) {
                    return Future.succeededFuture(done(newestFirst, true));
                }
                return page(user, roomId, from, oldest - 1, limit, filter, ignored, newestFirst, pages + 1);
            });
        });
    }

    private static Timeline done(List<StoredEvent> newestFirst, boolean limited) {
        List<StoredEvent> out = new ArrayList<>(newestFirst);
        Collections.reverse(out);
        return new Timeline(out, limited);
    }
}
