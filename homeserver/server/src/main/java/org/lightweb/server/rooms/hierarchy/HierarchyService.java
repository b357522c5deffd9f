package org.lightweb.server.rooms.hierarchy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.lightweb.core.MatrixException;
import org.lightweb.core.Secrets;
import org.lightweb.core.UserId;

/**
 * GET /rooms/{roomId}/hierarchy: a depth-first walk from the root through m.space.child events, each room
 * shown when the user may see it (its children are walked only then, and only above {@code max_depth}), as
 * Synapse's room_summary handler walks. A page ends after {@code limit} rooms; the rest of the walk (queue and
 * rooms seen) is kept in memory under the next_batch token for a while, bound to the user and the request's
 * root, suggested_only and max_depth. A token lost to a restart or expiry gets 400 M_INVALID_PARAM.
 */
public final class HierarchyService {
    private static final int MAX_PAGINATIONS = 10_000;
    private static final Duration PAGINATION_TTL = Duration.ofMinutes(5);

    private final RoomSummaries summaries;
    private final RemoteHierarchy remote;
    private final Cache<String, Walk> walks = Caffeine.newBuilder().maximumSize(MAX_PAGINATIONS)
            .expireAfterWrite(PAGINATION_TTL).build();

    HierarchyService(RoomSummaries summaries, RemoteHierarchy remote) {
        this.summaries = summaries;
        this.remote = remote;
    }

    record Request(String roomId, boolean suggestedOnly, int maxDepth, int limit, String from) {}

    record Page(List<ObjectNode> rooms, String nextBatch) {}

    private record Step(String roomId, int depth, List<String> via) {}

    /** Where a walk stands: still to visit (front first) and already visited. */
    private record Walk(UserId user, String root, boolean suggestedOnly, int maxDepth, Deque<Step> queue, Set<String> seen) {}

    public Future<Page> hierarchy(UserId user, Request req) {
        if (req.from() != null) {
            Walk walk = walks.getIfPresent(req.from());
            if (walk == null || !walk.user().equals(user) || !walk.root().equals(req.roomId())) {
                return Future.failedFuture(MatrixException.invalidParam("Unknown or expired from token"));
            }
            if (walk.suggestedOnly() != req.suggestedOnly() || walk.maxDepth() != req.maxDepth()) {
                return Future.failedFuture(MatrixException.invalidParam(
                        "suggested_only and max_depth cannot change on paginated requests"));
            }
            walks.invalidate(req.from());
            return page(new Walk(user, walk.root(), walk.suggestedOnly(), walk.maxDepth(), new ArrayDeque<>(walk.queue()),
                    new HashSet<>(walk.seen())), req.limit(), new ArrayList<>());
        }
        return summaries.summarize(user, req.roomId(), req.suggestedOnly()).compose(root -> {
            if (root.summary().isEmpty()) {
                return Future.failedFuture(MatrixException.forbidden("You are not allowed to view this room"));
            }
            Walk walk = new Walk(user, req.roomId(), req.suggestedOnly(), req.maxDepth(), new ArrayDeque<>(), new HashSet<>());
            walk.seen().add(req.roomId());
            List<ObjectNode> rooms = new ArrayList<>();
            visit(walk, new Step(req.roomId(), 0, List.of()), root.summary().get(), rooms);
            return page(walk, req.limit(), rooms);
        });
    }

    /** Shows a visible room and queues its children in front, in order, while above max_depth. */
    private static void visit(Walk walk, Step step, RoomSummaries.Summary summary, List<ObjectNode> rooms) {
        rooms.add(summary.entry());
        if (step.depth() >= walk.maxDepth()) return;
        List<SpaceChildren.Child> children = summary.children();
        for (int i = children.size() - 1; i >= 0; i--) {
            SpaceChildren.Child c = children.get(i);
            walk.queue().addFirst(new Step(c.roomId(), step.depth() + 1, c.via()));
        }
    }

    private Future<Page> page(Walk walk, int limit, List<ObjectNode> rooms) {
        if (walk.queue().isEmpty()) return Future.succeededFuture(new Page(rooms, null));
        if (rooms.size() >= limit) {
            String token = Secrets.randomString(16);
            walks.put(token, walk);
            return Future.succeededFuture(new Page(rooms, token));
        }
        Step step = walk.queue().pollFirst();
        if (!walk.seen().add(step.roomId())) return page(walk, limit, rooms);
        return summaries.summarize(walk.user(), step.roomId(), walk.suggestedOnly()).compose(local -> {
            if (local.known()) {
                local.summary().ifPresent(summary -> visit(walk, step, summary, rooms));   // hidden: nor its children
                return page(walk, limit, rooms);
            }
            // Not known here: federation may know it (later issue); its children are not walked yet.
            return remote.summary(walk.user(), step.roomId(), step.via(), walk.suggestedOnly()).compose(found -> {
                found.ifPresent(rooms::add);
                return page(walk, limit, rooms);
            });
        });
    }
}
