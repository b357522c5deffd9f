package org.lightweb.server.sync;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The in-process {@link Notifier}: waiters indexed by user and by room, each woken once, on the context that
 * waits. A message wakes every member's long-poll from the one thread that announced it; each woken sync must go
 * on computing on its own connection's event loop, not queue behind the others on that thread.
 */
public final class LocalNotifier implements Notifier {
    private final Vertx vertx;
    private final StreamHeads heads;
    private final Map<String, Set<Waiter>> byUser = new HashMap<>();
    private final Map<String, Set<Waiter>> byRoom = new HashMap<>();

    public LocalNotifier(Vertx vertx, StreamHeads heads) {
        this.vertx = vertx;
        this.heads = heads;
    }

    private final class Waiter {
        final String user;
        final Set<String> rooms;
        final Promise<Void> promise = Promise.promise();
        final Context context = vertx.getOrCreateContext();
        volatile long timer = -1;

        Waiter(String user, Set<String> rooms) {
            this.user = user;
            this.rooms = rooms;
        }

        void wake() {
            if (timer >= 0) vertx.cancelTimer(timer);
            remove(this);
            if (Vertx.currentContext() == context) {
                promise.tryComplete();
            } else {
                context.runOnContext(v -> promise.tryComplete());
            }
        }
    }

    @Override
    public Future<Void> waitFor(String user, Set<String> rooms, SyncToken since, long timeoutMs) {
        Waiter w = new Waiter(user, Set.copyOf(rooms));
        synchronized (this) {
            byUser.computeIfAbsent(user, k -> new HashSet<>()).add(w);
            for (String r : w.rooms) byRoom.computeIfAbsent(r, k -> new HashSet<>()).add(w);
        }
        // Registered first, then checked: an event committed in between cannot be missed.
        if (heads.current().isAfter(since) || timeoutMs <= 0) {
            w.wake();
        } else {
            w.timer = vertx.setTimer(timeoutMs, id -> w.wake());
        }
        return w.promise.future();
    }

    private synchronized void remove(Waiter w) {
        Set<Waiter> mine = byUser.get(w.user);
        if (mine != null && mine.remove(w) && mine.isEmpty()) byUser.remove(w.user);
        for (String r : w.rooms) {
            Set<Waiter> inRoom = byRoom.get(r);
            if (inRoom != null && inRoom.remove(w) && inRoom.isEmpty()) byRoom.remove(r);
        }
    }

    @Override
    public void roomChanged(String roomId) {
        List<Waiter> woken;
        synchronized (this) {
            woken = new ArrayList<>(byRoom.getOrDefault(roomId, Set.of()));
        }
        woken.forEach(Waiter::wake);
    }

    @Override
    public void usersChanged(Collection<String> userIds) {
        List<Waiter> woken = new ArrayList<>();
        synchronized (this) {
            for (String u : userIds) woken.addAll(byUser.getOrDefault(u, Set.of()));
        }
        woken.forEach(Waiter::wake);
    }

    @Override
    public void everyoneChanged() {
        List<Waiter> woken = new ArrayList<>();
        synchronized (this) {
            byUser.values().forEach(woken::addAll);
        }
        woken.forEach(Waiter::wake);
    }

    /** How many syncs are waiting (for metrics and tests). */
    public synchronized int waiting() {
        return byUser.values().stream().mapToInt(Set::size).sum();
    }
}
