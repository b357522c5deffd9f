package org.lightweb.server.sync.typing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.lightweb.core.Clock;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.core.UserId;
import org.lightweb.server.sync.EphemeralEvents;
import org.lightweb.server.sync.Notifier;
import org.lightweb.server.sync.StreamHeads;
import org.lightweb.server.sync.SyncContext;
import org.lightweb.server.sync.SyncContributor;
import org.lightweb.server.sync.SyncToken.Stream;
import org.lightweb.storage.rooms.RoomRepository;

/**
 * Typing notifications (client-server API, Typing Notifications): who types where, in memory, expiring on a
 * timer; sync carries each joined room's current list as {@code m.typing} whenever it changed since the token.
 */
public final class TypingService implements SyncContributor {
    @Override
    public java.util.Set<org.lightweb.server.sync.SyncToken.Stream> streams() {
        return java.util.EnumSet.of(org.lightweb.server.sync.SyncToken.Stream.TYPING);
    }

    /** What a client that sends no timeout gets, as in Synapse. */
    static final long DEFAULT_TIMEOUT_MS = 30_000;

    private final Vertx vertx;
    private final RoomRepository rooms;
    private final StreamHeads heads;
    private final Notifier notifier;
    private final Clock clock;
    private final long maxTimeoutMs;
    private final TypingRooms typing = new TypingRooms();   // guarded by this
    private long timer = -1;                                // guarded by this
    private long timerDue = Long.MAX_VALUE;                 // guarded by this
    private final java.util.List<Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Told of every typing change a local user asks for (federation sends it to the room's other servers). */
    public interface Listener {
        void typing(String roomId, String userId, boolean typing, long timeoutMs);
    }

    public void addListener(Listener l) { listeners.add(l); }

    public TypingService(Vertx vertx, RoomRepository rooms, StreamHeads heads, Notifier notifier, Clock clock,
                         long maxTimeoutMs) {
        this.vertx = vertx;
        this.rooms = rooms;
        this.heads = heads;
        this.notifier = notifier;
        this.clock = clock;
        this.maxTimeoutMs = maxTimeoutMs;
    }

    /** PUT /rooms/{roomId}/typing/{userId}: only for yourself, only in a room you are joined to. */
    public Future<Void> setTyping(UserId who, UserId target, String roomId, boolean isTyping, Long timeoutMs) {
        if (!who.equals(target)) return Future.failedFuture(MatrixException.forbidden("Cannot set another user's typing state"));
        String user = who.toString();
        return rooms.membership(roomId, user).compose(m -> {
            if (m.isEmpty() || !m.get().membership().equals("join")) {
                return Future.failedFuture(MatrixException.forbidden("You are not in room " + roomId));
            }
            long timeout = Math.max(0, Math.min(timeoutMs == null ? DEFAULT_TIMEOUT_MS : timeoutMs, maxTimeoutMs));
            long position;
            synchronized (this) {
                position = isTyping ? typing.start(roomId, user, clock.millis() + timeout) : typing.stop(roomId, user);
                schedule();
            }
            if (position > 0) changed(position, Set.of(roomId));
            for (Listener l : listeners) l.typing(roomId, user, isTyping, timeout);
            others.typing(roomId, user, isTyping, timeout);
            return Future.succeededFuture();
        });
    }

    /**
     * A remote user's typing, as their server told us (m.typing EDU); the caller checked that they are joined to
     * the room. Local syncs see it as any other; it ends after {@code timeoutMs} unless renewed.
     */
    public void setRemoteTyping(String userId, String roomId, boolean isTyping, long timeoutMs) {
        apply(userId, roomId, isTyping, timeoutMs);
        others.typing(roomId, userId, isTyping, timeoutMs);
    }

    /** The other processes of a clustered node (see {@link #share}); nobody in a node of one process. */
    private volatile Listener others = (roomId, userId, isTyping, timeoutMs) -> {};
    private static final String BUS_ADDRESS = "lightweb.typing";

    /**
     * In a clustered node: typing lives in each process's memory, so each change (a local user's, or one a remote
     * server sent) is told to the other processes, which keep it as they keep a remote server's.
     */
    public void share(org.lightweb.server.cluster.ClusterBus bus) {
        others = (roomId, userId, isTyping, timeoutMs) -> bus.tell(BUS_ADDRESS, new io.vertx.core.json.JsonObject()
                .put("room", roomId).put("user", userId).put("typing", isTyping).put("timeout", timeoutMs));
        bus.listen(BUS_ADDRESS, m -> apply(m.getString("user"), m.getString("room"), m.getBoolean("typing", false),
                m.getLong("timeout", 0L)));
    }

    private void apply(String userId, String roomId, boolean isTyping, long timeoutMs) {
        long position;
        synchronized (this) {
            position = isTyping ? typing.start(roomId, userId, clock.millis() + Math.max(0, timeoutMs))
                    : typing.stop(roomId, userId);
            schedule();
        }
        if (position > 0) changed(position, Set.of(roomId));
    }

    /** Who is typing in the room now (tests and federation). */
    public synchronized List<String> typingIn(String roomId) {
        return typing.typing(roomId);
    }

    private void changed(long position, Set<String> roomIds) {
        heads.advance(Stream.TYPING, position);
        roomIds.forEach(notifier::roomChanged);
    }

    /** Keeps one timer, due at the earliest expiry. */
    private void schedule() {
        long next = typing.nextExpiry();
        if (next >= timerDue) return;
        if (timer >= 0) vertx.cancelTimer(timer);
        timerDue = next;
        timer = vertx.setTimer(Math.max(1, next - clock.millis()), id -> expire());
    }

    private void expire() {
        Set<String> changed;
        long position;
        synchronized (this) {
            timer = -1;
            timerDue = Long.MAX_VALUE;
            changed = typing.expire(clock.millis());
            position = typing.position();
            schedule();
        }
        if (!changed.isEmpty()) changed(position, changed);
    }

    /**
     * The token's typing position; 0 (everything) for a token from before a restart, whose typing positions are
     * ahead of the new in-memory ones.
     */
    private long since(SyncContext ctx) {
        long since = ctx.since(Stream.TYPING);
        synchronized (this) {
            return since > typing.position() ? 0 : since;
        }
    }

    @Override
    public Future<Set<String>> roomsWithNews(SyncContext ctx, Set<String> joinedRooms) {
        long since = since(ctx);
        Set<String> out = new HashSet<>();
        synchronized (this) {
            for (String r : joinedRooms) if (typing.changedAt(r) > since) out.add(r);
        }
        return Future.succeededFuture(out);
    }

    @Override
    public Future<Void> contributeRoom(SyncContext ctx, String roomId, ObjectNode room) {
        long since = since(ctx);
        List<String> users;
        synchronized (this) {
            if (typing.changedAt(roomId) <= since) return Future.succeededFuture();
            users = typing.typing(roomId);
        }
        if (!ctx.filter().room().ephemeral().matches(roomId, "m.typing", "", Json.object())) return Future.succeededFuture();
        ObjectNode event = Json.object().put("type", "m.typing");
        users.forEach(event.putObject("content").putArray("user_ids")::add);
        EphemeralEvents.add(room, event);
        return Future.succeededFuture();
    }

    public synchronized void close() {
        if (timer >= 0) vertx.cancelTimer(timer);
        timer = -1;
    }
}
