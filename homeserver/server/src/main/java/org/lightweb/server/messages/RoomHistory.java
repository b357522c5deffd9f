package org.lightweb.server.messages;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.server.http.Requester;
import org.lightweb.server.rooms.ClientEvents;
import org.lightweb.server.rooms.EventVisibility;
import org.lightweb.server.sync.SyncFilter;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.RoomPosition;
import org.lightweb.storage.rooms.StateKeyId;
import org.lightweb.storage.rooms.StoredEvent;

/**
 * A room's history as a client pages through it: GET /messages (a page in either direction between two tokens)
 * and GET /context (an event with what came before and after it). Both read through {@link HistoryPager}, so
 * visibility, filters and ignored users apply alike, and both hand out {@link PageToken}s the other accepts.
 */
final class RoomHistory {
    private final EventRepository events;
    private final HistoryAccess access;
    private final HistoryPager pager;
    private final EventVisibility visibility;
    private final IgnoredUsers ignoredUsers;
    private final ClientEvents format;

    RoomHistory(EventRepository events, HistoryAccess access, HistoryPager pager, EventVisibility visibility,
                IgnoredUsers ignoredUsers, ClientEvents format) {
        this.events = events;
        this.access = access;
        this.pager = pager;
        this.visibility = visibility;
        this.ignoredUsers = ignoredUsers;
        this.format = format;
    }

    /**
     * GET /messages. {@code from} null: from the room's end backwards, its start forwards. {@code end} is left out
     * when nothing is left in that direction for the user.
     */
    Future<ObjectNode> messages(Requester who, String roomId, String fromToken, String toToken, boolean backwards,
                                int limit, SyncFilter.RoomEventFilter filter) {
        PageToken from = fromToken == null ? null : PageToken.parse(fromToken);
        PageToken to = toToken == null ? null : PageToken.parse(toToken);
        return access.check(who.userId(), roomId).compose(grant -> {
            Future<RoomPosition> start = from != null ? position(roomId, from)
                    : backwards ? events.positionAtStream(roomId, Long.MAX_VALUE) : Future.succeededFuture(RoomPosition.START);
            Future<RoomPosition> bound = to == null ? Future.succeededFuture(null) : position(roomId, to);
            Future<Set<String>> ignored = ignoredUsers.of(who.userId().toString());
            return Future.all(start, bound, ignored).compose(ok -> {
                // A former member reads up to their leave: backwards from it at the latest, forwards up to it.
                RoomPosition origin = backwards ? grant.clamp(start.result()) : start.result();
                RoomPosition limitAt = backwards ? bound.result()
                        : grant.until().map(u -> bound.result() == null ? u : grant.clamp(bound.result())).orElse(bound.result());
                return pager.read(who.userId(), roomId, origin, limitAt, backwards, limit, filter, ignored.result())
                        .compose(page -> render(who, roomId, page, filter).map(body -> {
                            body.put("start", fromToken != null ? fromToken : PageToken.format(origin));
                            if (!page.exhausted()) body.put("end", PageToken.format(page.next()));
                            return body;
                        }));
            });
        });
    }

    private Future<ObjectNode> render(Requester who, String roomId, HistoryPager.Page page, SyncFilter.RoomEventFilter filter) {
        List<StoredEvent> chunk = page.events();
        Future<List<StoredEvent>> state = filter.lazyLoadMembers() && !chunk.isEmpty()
                ? membersOf(chunk.get(0), chunk) : Future.succeededFuture(List.of());
        return state.compose(members -> Future.all(format.format(chunk, who), format.format(members, who)).map(f -> {
            ObjectNode body = Json.object();
            body.set("chunk", array(f.resultAt(0)));
            List<ObjectNode> stateEvents = f.resultAt(1);
            if (!stateEvents.isEmpty()) body.set("state", array(stateEvents));
            return body;
        }));
    }

    /** GET /context/{eventId}: 404 when the user may not see the event (or it is not in the room). */
    Future<ObjectNode> context(Requester who, String roomId, String eventId, int limit, SyncFilter.RoomEventFilter filter) {
        String user = who.userId().toString();
        return access.check(who.userId(), roomId).compose(grant -> Future.all(events.event(eventId), ignoredUsers.of(user))
                .compose(ok -> {
                    StoredEvent event = ok.<java.util.Optional<StoredEvent>>resultAt(0).filter(e -> e.roomId().equals(roomId))
                            .orElse(null);
                    Set<String> ignored = ok.resultAt(1);
                    if (event == null || event.streamOrdering() == null || IgnoredUsers.hides(ignored, event)) {
                        return Future.failedFuture(MatrixException.notFound("Event not found"));
                    }
                    return visibility.canSee(who.userId(), event).compose(visible -> {
                        if (!visible) return Future.failedFuture(MatrixException.notFound("Event not found"));
                        int beforeLimit = limit / 2;
                        Future<HistoryPager.Page> before = pager.read(who.userId(), roomId, RoomPosition.before(event), null,
                                true, beforeLimit, filter, ignored);
                        Future<HistoryPager.Page> after = pager.read(who.userId(), roomId, RoomPosition.after(event),
                                grant.until().orElse(null), false, limit - beforeLimit, filter, ignored);
                        return Future.all(before, after).compose(pages -> renderContext(who, event, before.result(),
                                after.result(), filter));
                    });
                }));
    }

    private Future<ObjectNode> renderContext(Requester who, StoredEvent event, HistoryPager.Page before,
                                             HistoryPager.Page after, SyncFilter.RoomEventFilter filter) {
        List<StoredEvent> all = new ArrayList<>(before.events());
        all.add(event);
        all.addAll(after.events());
        StoredEvent last = after.events().isEmpty() ? event : after.events().get(after.events().size() - 1);
        Future<List<StoredEvent>> state = filter.lazyLoadMembers() ? membersOf(last, all) : stateAt(last);
        return state.compose(stateEvents -> Future.all(List.of(format.format(List.of(event), who),
                format.format(before.events(), who), format.format(after.events(), who), format.format(stateEvents, who)))
                .map(f -> {
                    ObjectNode body = Json.object();
                    body.set("event", f.<List<ObjectNode>>resultAt(0).get(0));
                    body.set("events_before", array(f.resultAt(1)));
                    body.set("events_after", array(f.resultAt(2)));
                    body.put("start", PageToken.format(before.next()));
                    body.put("end", PageToken.format(after.next()));
                    body.set("state", array(f.resultAt(3)));
                    return body;
                }));
    }

    /** The room state after {@code at}, sorted by type and state key. */
    private Future<List<StoredEvent>> stateAt(StoredEvent at) {
        if (at.stateAfter() == null) return Future.succeededFuture(List.of());
        return events.stateOfGroup(at.stateAfter()).compose(state -> events.events(state.values())).map(found -> {
            List<StoredEvent> out = new ArrayList<>(found.values());
            out.sort(java.util.Comparator.comparing(StoredEvent::type).thenComparing(StoredEvent::stateKey));
            return out;
        });
    }

    /** Lazy-loading members: the member events, in the state after {@code at}, of whoever sent one of {@code sent}. */
    private Future<List<StoredEvent>> membersOf(StoredEvent at, List<StoredEvent> sent) {
        if (at.stateAfter() == null) return Future.succeededFuture(List.of());
        Set<String> senders = new LinkedHashSet<>();
        sent.forEach(e -> senders.add(e.sender()));
        return events.stateOfGroup(at.stateAfter()).compose(state -> {
            List<String> ids = new ArrayList<>();
            for (String sender : senders) {
                String id = state.get(new StateKeyId("m.room.member", sender));
                if (id != null) ids.add(id);
            }
            return events.events(ids);
        }).map((Map<String, StoredEvent> found) -> new ArrayList<>(found.values()));
    }

    private Future<RoomPosition> position(String roomId, PageToken token) {
        if (token instanceof PageToken.Topological t) return Future.succeededFuture(t.position());
        return events.positionAtStream(roomId, ((PageToken.Stream) token).position());
    }

    private static ArrayNode array(List<ObjectNode> events) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        events.forEach(out::add);
        return out;
    }
}
