package org.lightweb.server.rooms;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs work for one room at a time, in arrival order, so that local events never fork a room's graph: each
 * one builds on the state the previous one left (what Synapse's Linearizer does for event creation).
 */
public final class RoomLinearizer {
    private final Map<String, Future<?>> tails = new HashMap<>();

    public synchronized <T> Future<T> run(String roomId, Supplier<Future<T>> work) {
        Future<?> previous = tails.getOrDefault(roomId, Future.succeededFuture());
        Promise<T> done = Promise.promise();
        Future<T> mine = done.future();
        tails.put(roomId, mine);
        previous.onComplete(ignored -> {
            Future<T> result;
            try {
                result = work.get();
            } catch (RuntimeException e) {
                result = Future.failedFuture(e);
            }
            result.onComplete(done);
        });
        mine.onComplete(ignored -> release(roomId, mine));
        return mine;
    }

    private synchronized void release(String roomId, Future<?> finished) {
        if (tails.get(roomId) == finished) tails.remove(roomId);
    }
}
