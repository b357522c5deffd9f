package org.lightweb.storage.relations;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The children of events (rows written by {@link EventRelations} with each event). Every read leaves out children
 * that were redacted (a redacted child has lost its relationship) and children in another room than the one asked.
 */
public interface RelationRepository {
    String THREAD = "m.thread";
    String REPLACE = "m.replace";
    String REFERENCE = "m.reference";
    String ANNOTATION = "m.annotation";

    /**
     * One page of the children of {@code parentId} in {@code roomId}, followed through children of children down to
     * {@code maxDepth} levels (1: direct children only); {@code relType} and {@code eventType} (null: any) filter
     * what is returned at every level, not what is followed. Positions are stream orderings: backwards pages hold
     * children at or before {@code from} (null: the newest) and after {@code to}, newest first; forwards pages hold
     * children after {@code from} and at or before {@code to}, oldest first.
     */
    Future<List<Child>> children(String roomId, String parentId, String relType, String eventType, int maxDepth,
                                 Long from, Long to, boolean forwards, int limit);

    /**
     * What the server bundles for each of {@code parentIds} of {@code roomId}: edit candidates (same sender and type
     * as the parent, newest first by origin_server_ts then event id), thread summaries (with whether {@code viewer}
     * replied) and references. Children sent by {@code ignoredSenders} (the viewer's ignored users) are left out,
     * as the spec asks. Parents without any are left out of each map.
     */
    Future<Aggregations> aggregations(String roomId, Collection<String> parentIds, String viewer,
                                      java.util.Set<String> ignoredSenders);

    /**
     * The threads of a room by latest activity, newest first: those whose latest reply is at or before {@code upTo},
     * at most {@code limit}. With {@code participant}, only threads they started or replied to.
     */
    Future<List<ThreadActivity>> threads(String roomId, String participant, long upTo, int limit);

    /**
     * Whether {@code sender} already annotated {@code parentId} with an event of {@code type} and this {@code key}
     * (one not redacted since).
     */
    Future<Boolean> hasAnnotation(String roomId, String parentId, String sender, String type, String key);

    /** A child and its position in the stream. */
    record Child(String eventId, long streamOrdering) {}

    /** A thread root and the position of its latest reply. */
    record ThreadActivity(String rootId, long latestOrdering) {}

    /** The m.thread children of a root: how many, the newest, and whether the viewer is one of their senders. */
    record ThreadSummary(long count, String latestEventId, boolean viewerReplied) {}

    record Aggregations(Map<String, List<String>> editCandidates, Map<String, ThreadSummary> threads,
                        Map<String, List<String>> references) {}
}
