package org.lightweb.server.sync.sliding;

import java.util.HashMap;
import java.util.Map;
import org.lightweb.server.sync.sliding.SlidingRequest.RoomConfig;

/**
 * What a connection has sent, per room (Synapse's {@code PerConnectionState}): a room never sent has no entry; a
 * LIVE room is up to date as of the pos; a PREVIOUSLY room was sent but missed updates after
 * {@code lastEvents} (it left the lists' ranges meanwhile). Each entry keeps the membership and the room config
 * it was last sent with, the required state expanded to what was sent (lazily loaded members included).
 * Immutable: a response builds the next state through {@link #toBuilder}.
 */
public final class ConnectionState {
    public static final ConnectionState EMPTY = new ConnectionState(Map.of());

    public enum Flag { LIVE, PREVIOUSLY }

    public record RoomStatus(Flag flag, long lastEvents, String membership, RoomConfig sent) {}

    private final Map<String, RoomStatus> rooms;

    private ConnectionState(Map<String, RoomStatus> rooms) {
        this.rooms = rooms;
    }

    /** The room's status, or null when it was never sent on this connection. */
    public RoomStatus room(String roomId) { return rooms.get(roomId); }

    public Builder toBuilder() { return new Builder(new HashMap<>(rooms)); }

    public static final class Builder {
        private final Map<String, RoomStatus> rooms;

        private Builder(Map<String, RoomStatus> rooms) {
            this.rooms = rooms;
        }

        /** The room was sent with {@code config}: the client is up to date with it. */
        public synchronized void sent(String roomId, String membership, RoomConfig config) {
            rooms.put(roomId, new RoomStatus(Flag.LIVE, 0, membership, config));
        }

        /** The room changed after {@code since} and was not sent: the next time it is, send from there. */
        public synchronized void missed(String roomId, long since) {
            RoomStatus s = rooms.get(roomId);
            if (s != null && s.flag() == Flag.LIVE) rooms.put(roomId, new RoomStatus(Flag.PREVIOUSLY, since, s.membership(), s.sent()));
        }

        public synchronized ConnectionState build() { return new ConnectionState(Map.copyOf(rooms)); }
    }
}
