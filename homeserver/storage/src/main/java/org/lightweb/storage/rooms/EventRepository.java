package org.lightweb.storage.rooms;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The event graph and room state: what rooms are made of. */
public interface EventRepository {
    /**
     * Appends events to a room's timeline in one transaction: each one builds on the room's current state
     * (the caller serialises sends per room and authorised each event against that state). Creates the room
     * first when {@code newRoom} is given. Fails with {@link StateChangedException} when the room's state is no
     * longer {@code expectedStateGroup} (someone else wrote to the room meanwhile).
     *
     * @return the stream ordering given to each event, in order
     */
    Future<List<Long>> append(RoomRecord newRoom, String roomId, Long expectedStateGroup, List<NewEvent> events);

    Future<Optional<StoredEvent>> event(String eventId);

    /** The events found among {@code ids}, by id. */
    Future<Map<String, StoredEvent>> events(Collection<String> ids);

    /** For each of {@code eventIds} sent by {@code deviceId} of {@code userId}: its transaction id. */
    Future<Map<String, String>> txnIdsOf(String userId, String deviceId, Collection<String> eventIds);

    /** The room's forward extremities with their depths. */
    Future<Map<String, Long>> forwardExtremities(String roomId);

    /** The state of a group: (type, state_key) -> event id. */
    Future<Map<StateKeyId, String>> stateOfGroup(long stateGroup);

    /** The room's current state: (type, state_key) -> event id. */
    Future<Map<StateKeyId, String>> currentState(String roomId);

    /**
     * What a local send builds on, read together (one trip to the database in the room's turn, where every trip
     * holds the room's next send): the room, the current state events of {@code keys} (absent keys left out), the
     * forward extremities with their depths and, when {@code txn} is given, the event the device already sent with
     * it. When there is such an event, the rest is not read (empty).
     */
    record SendBasis(Optional<RoomRecord> room, Map<StateKeyId, StoredEvent> state, Map<String, Long> extremities,
                     Optional<String> earlier) {}

    Future<SendBasis> sendBasis(String roomId, Collection<StateKeyId> keys, NewEvent.Txn txn);

    /**
     * What several local sends in a row build on (a room's queued messages, built one on the other and stored
     * together), in one trip: the room, the current state events of {@code keys} and the forward extremities as
     * {@link #sendBasis} reads them, and the events the devices already sent with any of {@code txns}.
     */
    record BatchBasis(SendBasis basis, Map<NewEvent.Txn, String> earlier) {}

    Future<BatchBasis> batchBasis(String roomId, Collection<StateKeyId> keys, Collection<NewEvent.Txn> txns);

    /** The current state events of the given keys (absent keys are left out). */
    Future<Map<StateKeyId, StoredEvent>> currentStateEvents(String roomId, Collection<StateKeyId> keys);

    /**
     * The current state events of {@code keys} in each of {@code roomIds}: room id -> (type, state_key) -> event.
     * Rooms without any of the keys are left out. One query per few hundred rooms, for lists such as the room
     * directory.
     */
    Future<Map<String, Map<StateKeyId, StoredEvent>>> currentStateEventsOfRooms(Collection<String> roomIds,
                                                                            Collection<StateKeyId> keys);

    /** The state group after the room's last timeline event at or before stream position {@code at}. */
    Future<Optional<Long>> stateGroupAt(String roomId, long at);

    /** Whether {@code userId} joined {@code roomId} after stream position {@code after}. */
    Future<Boolean> joinedSince(String roomId, String userId, long after);

    /** The valid redactions that apply to each of {@code eventIds}: target -> redaction event id. */
    Future<Map<String, String>> redactionsOf(Collection<String> eventIds);

    /** The highest stream position given to a timeline event so far (0 when there is none). */
    Future<Long> maxStreamOrdering();

    /**
     * The room's timeline events with stream positions in (after, upTo], the newest {@code limit} of them (at most),
     * oldest first. Rejected events are left out.
     */
    Future<List<StoredEvent>> timeline(String roomId, long after, long upTo, int limit);

    /** Timeline events of every room with stream positions in (after, upTo], oldest first, at most {@code limit}. */
    Future<List<StoredEvent>> eventsAfter(long after, long upTo, int limit);

    /** The rooms that got timeline events in (after, upTo]. */
    Future<java.util.Set<String>> roomsChanged(long after, long upTo);

    /**
     * For each of {@code roomIds}: the stream position of its newest timeline event at or before {@code upTo}, of
     * one of {@code types} when given (null: any type). Rooms without such an event are left out. A few queries for
     * any number of rooms (sliding sync orders room lists by it).
     */
    Future<Map<String, Long>> latestPositions(Collection<String> roomIds, long upTo, Collection<String> types);

    /** The member events about {@code userId} in (after, upTo], oldest first. */
    Future<List<StoredEvent>> memberEventsAbout(String userId, long after, long upTo);

    /**
     * The point in the room's topological order that stream position {@code stream} stands for: just after the
     * topologically last of the room's events at or before it ({@link RoomPosition#START} when there is none), so
     * that every event the stream had reached is at or before the point. Turns sync's stream tokens into
     * pagination positions.
     */
    Future<RoomPosition> positionAtStream(String roomId, long stream);

    /**
     * Up to {@code limit} of the room's timeline events in topological order (depth, stream_ordering), in the
     * direction of travel: backwards, the events at or before {@code from} and after {@code to}, newest first;
     * forwards, the events after {@code from} and at or before {@code to}, oldest first. {@code to} null: no bound.
     * Rejected events are left out.
     */
    Future<List<StoredEvent>> roomEvents(String roomId, RoomPosition from, RoomPosition to, boolean backwards, int limit);

    /**
     * Up to {@code limit} of the room's timeline events ordered by (origin_server_ts, stream_ordering) from a
     * timestamp: forwards, those at or after {@code ts}, oldest first; backwards, those at or before it, newest
     * first. {@code cursor} (the last event of the previous page, or null) continues a walk. Rejected events are
     * left out.
     */
    Future<List<StoredEvent>> eventsFromTimestamp(String roomId, long ts, StoredEvent cursor, boolean forwards, int limit);

    /** Thrown when the room's state moved while the caller was building on it. */
    final class StateChangedException extends RuntimeException {
        public StateChangedException(String roomId) {
            super("the state of " + roomId + " changed while an event was being added", null, false, false);
        }
    }
}
