package org.lightweb.server.federation.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.storage.rooms.StoredEvent;

/**
 * Remote events into this server's rooms: every PDU that comes over federation goes through here, through the
 * spec's checks in order (format, signatures, content hash, auth against its auth events, against the state before
 * it, soft failure against the current state), filling gaps first ({@code /get_missing_events}, {@code /state_ids}).
 * Accepted events are stored and announced to the same {@code RoomEvents} processors and listeners as local ones
 * (sync, push), but never queued for sending again.
 */
public interface FederationEvents {
    /** What became of one received PDU: {@code error} null when it was accepted (possibly soft-failed). */
    record Outcome(String eventId, String error) {
        public boolean accepted() { return error == null; }
    }

    /** A PDU received from {@code origin} (a {@code /send} transaction, or an event a remote server pushed). */
    Future<Outcome> receive(String origin, ObjectNode pdu);

    /**
     * After a local user joined a room of another server (the {@code send_join} answer): checks and stores the
     * auth chain and the state as outliers, then the join event with that state before it. The room becomes known
     * here (a {@code rooms} row with {@code version}) with that state as its current state.
     * The auth chain may hold an event stored here already as an out-of-band membership (the invite that led to
     * the join: an outlier row with a stream position, see {@code OutOfBandMemberships}); it must be taken as known.
     *
     * @return the stored join event
     */
    Future<StoredEvent> importJoinedRoom(String origin, RoomVersion version, ObjectNode joinEvent,
                                         List<ObjectNode> state, List<ObjectNode> authChain);

    /** The state before {@code eventId} (as PDUs) and the auth chain of that state, for /state, /state_ids, send_join. */
    Future<StateAndAuth> stateBefore(String roomId, String eventId);

    /** Every event in the auth chains of {@code eventIds} (not the events themselves), for /event_auth and send_join. */
    Future<List<ObjectNode>> authChain(String roomId, Collection<String> eventIds);

    record StateAndAuth(List<ObjectNode> state, List<ObjectNode> authChain) {}
}
