package org.lightweb.server.sync.sliding;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sliding sync connections (MSC4186 "Connections"), one per (user, device, conn_id), in memory: the least
 * recently used are dropped past {@code maxEntries}, and any not used for {@code ttl}. Each keeps the state of
 * the positions it handed out and not yet seen acknowledged; a request with pos N acknowledges N, so every other
 * position is forgotten (a retry with N still works).
 */
public final class Connections {
    /** Positions kept per connection: the acknowledged one and the answers to retries of it. */
    static final int MAX_POSITIONS = 10;

    public record Key(String userId, String deviceId, String connId) {}

    private static final class Connection {
        final Map<Long, ConnectionState> states = new LinkedHashMap<>();
    }

    private final Cache<Key, Connection> connections;
    /**
     * Positions are unique over the node's life, not per connection: a pos from before a restart of the
     * connection must not name a state of the new one. Starting from the clock keeps that across node restarts.
     */
    private final java.util.concurrent.atomic.AtomicLong next = new java.util.concurrent.atomic.AtomicLong(System.currentTimeMillis());

    public Connections(long maxEntries, Duration ttl) {
        this.connections = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterAccess(ttl).build();
    }

    /** A request without pos: the connection starts again, with nothing sent. */
    public ConnectionState restart(Key key) {
        connections.put(key, new Connection());
        return ConnectionState.EMPTY;
    }

    /** The state at {@code position}, forgetting every other one; 400 M_UNKNOWN_POS when it is not known. */
    public ConnectionState at(Key key, long position) {
        Connection c = connections.getIfPresent(key);
        if (c == null) throw SlidingPos.unknown();
        synchronized (c) {
            ConnectionState s = c.states.get(position);
            if (s == null) throw SlidingPos.unknown();
            c.states.keySet().removeIf(p -> p != position);
            return s;
        }
    }

    /** Remembers the state a response leaves the connection in; answers its position. */
    public long record(Key key, ConnectionState state) {
        Connection c = connections.get(key, k -> new Connection());
        synchronized (c) {
            long position = next.incrementAndGet();
            c.states.put(position, state);
            Iterator<Long> oldest = c.states.keySet().iterator();
            while (c.states.size() > MAX_POSITIONS && oldest.hasNext()) {
                oldest.next();
                oldest.remove();
            }
            return position;
        }
    }
}
