package org.lightweb.server.rooms;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import java.util.stream.Collectors;
import org.lightweb.core.ErrCode;
import org.lightweb.core.MatrixException;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.storage.rooms.RoomRepository;

/** The version of each room this server knows (a room never changes version, so it is cached). */
public final class RoomVersions {
    private final RoomRepository rooms;
    private final Cache<String, RoomVersion> cache = Caffeine.newBuilder().maximumSize(100_000).build();

    public RoomVersions(RoomRepository rooms) {
        this.rooms = rooms;
    }

    /** A room version this server can create rooms of; 400 M_UNSUPPORTED_ROOM_VERSION for any other. */
    public static RoomVersion supported(String id) {
        return RoomVersion.of(id).orElseThrow(() -> new MatrixException(400, ErrCode.M_UNSUPPORTED_ROOM_VERSION,
                "Room version " + id + " is not supported here (supported: " + RoomVersion.supported().stream()
                        .map(RoomVersion::id).collect(Collectors.joining(", ")) + ")"));
    }

    /** The room's version; 404 M_NOT_FOUND when the room is unknown here. */
    public Future<RoomVersion> of(String roomId) {
        RoomVersion cached = cache.getIfPresent(roomId);
        if (cached != null) return Future.succeededFuture(cached);
        return rooms.room(roomId).map(room -> {
            var r = room.orElseThrow(() -> MatrixException.notFound("Unknown room " + roomId));
            RoomVersion v = RoomVersion.of(r.roomVersion())
                    .orElseThrow(() -> new IllegalStateException("room " + roomId + " has unsupported version " + r.roomVersion()));
            cache.put(roomId, v);
            return v;
        });
    }
}
