package org.lightweb.server.relations;

import org.lightweb.server.messages.IgnoredUsers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.List;
import java.util.Objects;
import org.lightweb.server.http.Requester;
import org.lightweb.server.rooms.ClientEvents;
import org.lightweb.server.rooms.EventVisibility;
import org.lightweb.server.rooms.RoomReads;
import org.lightweb.storage.relations.RelationRepository;
import org.lightweb.storage.relations.RelationRepository.Child;
import org.lightweb.storage.relations.RelationRepository.ThreadActivity;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.StoredEvent;

/**
 * The children of an event (Relationships API) and the threads of a room (Querying threads in a room), each page
 * holding only events the viewer may see, formatted with their bundled aggregations.
 */
public final class RelationsService {
    private final RelationRepository relations;
    private final EventRepository events;
    private final RoomReads reads;
    private final EventVisibility visibility;
    private final ClientEvents format;
    private final IgnoredUsers ignoredUsers;
    private final int recursionDepth;

    public RelationsService(RelationRepository relations, EventRepository events, RoomReads reads, EventVisibility visibility,
                            ClientEvents format, IgnoredUsers ignoredUsers, int recursionDepth) {
        this.relations = relations;
        this.events = events;
        this.reads = reads;
        this.visibility = visibility;
        this.format = format;
        this.ignoredUsers = ignoredUsers;
        this.recursionDepth = recursionDepth;
    }

    public int recursionDepth() { return recursionDepth; }

    /** What a client asks of /relations; positions as {@link PageTokens} parse them. */
    public record ChildrenRequest(String roomId, String eventId, String relType, String eventType, Long from, Long to,
                                  boolean forwards, int limit, boolean recurse) {}

    /** A page: the events, and the position to continue from when there may be more (null otherwise). */
    public record Page(List<ObjectNode> chunk, Long next) {}

    /** 404 M_NOT_FOUND when the parent is not an event of the room the viewer may see. */
    public Future<Page> children(Requester viewer, ChildrenRequest q) {
        return reads.event(viewer.userId(), q.roomId(), q.eventId())
                .compose(parent -> relations.children(q.roomId(), q.eventId(), q.relType(), q.eventType(),
                        q.recurse() ? recursionDepth : 1, q.from(), q.to(), q.forwards(), q.limit() + 1))
                .compose(found -> {
                    List<Child> page = found.subList(0, Math.min(q.limit(), found.size()));
                    Long next = found.size() > q.limit() ? (q.forwards() ? page.get(page.size() - 1).streamOrdering()
                            : page.get(page.size() - 1).streamOrdering() - 1) : null;
                    return visibleFormatted(viewer, page.stream().map(Child::eventId).toList())
                            .map(chunk -> new Page(chunk, next));
                });
    }

    /** 403 when the viewer may see nothing of the room. {@code participated}: only threads the viewer took part in. */
    public Future<Page> threads(Requester viewer, String roomId, boolean participated, Long from, int limit) {
        return reads.visibleState(viewer.userId(), roomId)
                .compose(state -> relations.threads(roomId, participated ? viewer.userId().toString() : null,
                        from == null ? Long.MAX_VALUE : from, limit + 1))
                .compose(found -> {
                    List<ThreadActivity> page = found.subList(0, Math.min(limit, found.size()));
                    Long next = found.size() > limit ? page.get(page.size() - 1).latestOrdering() - 1 : null;
                    return visibleFormatted(viewer, page.stream().map(ThreadActivity::rootId).toList())
                            .map(chunk -> new Page(chunk, next));
                });
    }

    /** The events of {@code ids} the viewer may see and does not ignore the sender of, formatted, in order. */
    private Future<List<ObjectNode>> visibleFormatted(Requester viewer, List<String> ids) {
        Future<java.util.Set<String>> ignored = ignoredUsers.of(viewer.userId().toString());
        return Future.all(events.events(ids), ignored).map(ok -> {
                    java.util.Map<String, StoredEvent> found = ok.resultAt(0);
                    return ids.stream().map(found::get).filter(Objects::nonNull).filter(e -> e.streamOrdering() != null)
                            .filter(e -> !ignored.result().contains(e.sender())).toList();
                })
                .compose((List<StoredEvent> list) -> visibility.filter(viewer.userId(), list))
                .compose(list -> format.format(list, viewer));
    }
}
