package org.lightweb.storage.federation;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The outbound federation queue (V11): PDUs and EDUs per destination in the order they were queued, and each
 * failing destination's retry state. Rows leave only when {@link #delete} is called (after a 200), or when a
 * destination's queue passes its bound and the oldest rows make room.
 */
public interface FederationQueueRepository {
    String PDU = "pdu";
    String EDU = "edu";

    /** The stream ordering up to which this server's own events were queued (the fan-out); empty before the first. */
    Future<java.util.Optional<Long>> fanOutPosition();

    /** Records the fan-out position, after the events up to it were queued. */
    Future<Void> setFanOutPosition(long streamOrdering);

    /** One queued item: {@code json} is the PDU, or the EDU's content (with {@code eduType}). */
    record Queued(long position, String kind, String eduType, String json) {}

    /** A destination's failures in a row and when it may be tried again. */
    record RetryState(String destination, int failures, long lastFailureTs, long retryAt) {}

    /** What {@link #enqueue} did: the position given, and per destination how many old rows made room. */
    record Enqueued(long position, Map<String, Integer> dropped) {}

    /**
     * Queues one item for each destination under one new position. A destination already holding
     * {@code maxPerDestination} rows loses its oldest ones to make room.
     */
    Future<Enqueued> enqueue(Collection<String> destinations, String kind, String eduType, String json, long now,
                             int maxPerDestination);

    /** The destination's oldest PDUs (at most {@code maxPdus}) and oldest EDUs (at most {@code maxEdus}), in order. */
    Future<List<Queued>> next(String destination, int maxPdus, int maxEdus);

    /** Deletes rows the destination acknowledged. */
    Future<Void> delete(String destination, Collection<Long> positions);

    /** Deletes the destination's queued EDUs of these types; answers how many went. */
    Future<Integer> deleteEdus(String destination, Collection<String> eduTypes);

    /** Every destination with queued rows. */
    Future<Set<String>> destinationsWithRows();

    /** How many rows the destination has queued. */
    Future<Integer> count(String destination);

    Future<Map<String, RetryState>> retryStates();

    Future<Void> recordFailure(RetryState state);

    /** The destination answered: its failures are forgotten. */
    Future<Void> clearFailures(String destination);
}
