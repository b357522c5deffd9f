package org.lightweb.plugin.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.lightweb.plugin.Bot;
import org.lightweb.plugin.MatrixError;
import org.lightweb.plugin.RoomEvent;

/**
 * A bot that acts on the context's {@link FakeRooms} and records what it sent. As the node does, it refuses to send
 * to a room it has not joined (403 M_FORBIDDEN) and to join a room or alias nobody declared (404 M_NOT_FOUND).
 * {@link #failNextWith} makes its next call throw, to test a plugin's refusals.
 */
public final class FakeBot implements Bot {
    /** An event the bot sent; {@code stateKey} is null for a message event. */
    public record Sent(String eventId, String roomId, String type, String stateKey, Map<String, Object> content) {}

    private static final AtomicInteger EVENT_IDS = new AtomicInteger();

    private final String userId;
    private final String serverName;
    private final FakeRooms rooms;
    private final List<Sent> sent = new ArrayList<>();
    private final List<String> joined = new ArrayList<>();
    private final List<String> invited = new ArrayList<>();
    private MatrixError nextFailure;

    FakeBot(String userId, String serverName, FakeRooms rooms) {
        this.userId = userId;
        this.serverName = serverName;
        this.rooms = rooms;
    }

    /** What it sent, in order. */
    public synchronized List<Sent> sent() { return List.copyOf(sent); }

    /** The rooms it joined (by id), in order. */
    public synchronized List<String> joined() { return List.copyOf(joined); }

    /** The invites it sent, as {@code roomId userId}. */
    public synchronized List<String> invited() { return List.copyOf(invited); }

    /** Its next call throws {@code error}. */
    public synchronized FakeBot failNextWith(MatrixError error) {
        this.nextFailure = error;
        return this;
    }

    private void maybeFail() {
        MatrixError e = nextFailure;
        if (e != null) {
            nextFailure = null;
            throw e;
        }
    }

    @Override public String userId() { return userId; }

    @Override
    public synchronized String createRoom(Map<String, Object> request) {
        maybeFail();
        String roomId = rooms.newRoomId(serverName);
        rooms.join(roomId, userId);
        sent.add(new Sent(nextEventId(), roomId, "m.room.create", "", Map.of("creator", userId)));
        return roomId;
    }

    @Override
    public synchronized String join(String roomIdOrAlias) {
        maybeFail();
        String roomId = roomIdOrAlias.startsWith("#")
                ? rooms.resolveAlias(roomIdOrAlias).orElseThrow(() -> MatrixError.notFound("Room alias " + roomIdOrAlias + " not found"))
                : roomIdOrAlias;
        if (!rooms.exists(roomId)) throw MatrixError.notFound("No known room " + roomId);
        rooms.join(roomId, userId);
        joined.add(roomId);
        return roomId;
    }

    @Override
    public synchronized void leave(String roomId) {
        maybeFail();
        rooms.leave(roomId, userId);
    }

    @Override
    public synchronized void invite(String roomId, String userId) {
        maybeFail();
        requireJoined(roomId);
        invited.add(roomId + " " + userId);
    }

    @Override
    public synchronized String send(String roomId, String type, Map<String, Object> content) {
        maybeFail();
        requireJoined(roomId);
        String id = nextEventId();
        sent.add(new Sent(id, roomId, type, null, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(content))));
        return id;
    }

    @Override
    public synchronized String sendState(String roomId, String type, String stateKey, Map<String, Object> content) {
        maybeFail();
        requireJoined(roomId);
        String id = nextEventId();
        sent.add(new Sent(id, roomId, type, stateKey, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(content))));
        rooms.state(new RoomEvent(id, roomId, userId, type, stateKey, content, System.currentTimeMillis(), true));
        return id;
    }

    private void requireJoined(String roomId) {
        if (!rooms.joinedMembers(roomId).contains(userId)) {
            throw MatrixError.forbidden("User " + userId + " not in room " + roomId);
        }
    }

    private String nextEventId() { return "$fake" + EVENT_IDS.incrementAndGet() + ":" + serverName; }
}
