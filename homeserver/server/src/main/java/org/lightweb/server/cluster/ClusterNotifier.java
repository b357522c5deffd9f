package org.lightweb.server.cluster;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.lightweb.server.sync.LocalNotifier;
import org.lightweb.server.sync.Notifier;
import org.lightweb.server.sync.StreamHeads;
import org.lightweb.server.sync.SyncToken;

/**
 * The {@link Notifier} of a clustered node: wakes this process's long-polls as {@link LocalNotifier} does, and
 * tells the other processes, with the stream heads as they are after the write. A process hearing of another's
 * write first moves its own heads there (the rows are committed: heads are advanced after commit), then wakes its
 * long-polls, so the syncs it wakes read what was written. Typing is the exception: it lives in each process's memory,
 * with positions of its own, so typing heads are never merged.
 */
public final class ClusterNotifier implements Notifier {
    static final String ADDRESS = "lightweb.sync";

    private final LocalNotifier local;
    private final StreamHeads heads;
    private final ClusterBus bus;
    private final Runnable remoteEvents;

    /** @param remoteEvents run when another process stored room events (the leader's work: federation, appservices, pushes) */
    public ClusterNotifier(LocalNotifier local, StreamHeads heads, ClusterBus bus, Runnable remoteEvents) {
        this.local = local;
        this.heads = heads;
        this.bus = bus;
        this.remoteEvents = remoteEvents;
        bus.listen(ADDRESS, this::heard);
    }

    @Override
    public Future<Void> waitFor(String user, Set<String> rooms, SyncToken since, long timeoutMs) {
        return local.waitFor(user, rooms, since, timeoutMs);
    }

    @Override
    public void roomChanged(String roomId) {
        local.roomChanged(roomId);
        bus.tell(ADDRESS, message().put("room", roomId));
    }

    @Override
    public void usersChanged(Collection<String> userIds) {
        if (userIds.isEmpty()) return;
        local.usersChanged(userIds);
        bus.tell(ADDRESS, message().put("users", new JsonArray(List.copyOf(userIds))));
    }

    @Override
    public void everyoneChanged() {
        local.everyoneChanged();
        bus.tell(ADDRESS, message().put("everyone", true));
    }

    private JsonObject message() {
        return new JsonObject().put("heads", heads.current().toString());
    }

    private void heard(JsonObject m) {
        long eventsBefore = heads.get(SyncToken.Stream.EVENTS);
        SyncToken theirs = SyncToken.parse(m.getString("heads", "s0"));
        for (SyncToken.Stream s : SyncToken.Stream.values()) {
            if (s != SyncToken.Stream.TYPING) heads.advance(s, theirs.get(s));
        }
        if (heads.get(SyncToken.Stream.EVENTS) > eventsBefore) remoteEvents.run();
        if (m.containsKey("room")) local.roomChanged(m.getString("room"));
        if (m.containsKey("users")) {
            local.usersChanged(m.getJsonArray("users").stream().map(String::valueOf).toList());
        }
        if (m.getBoolean("everyone", false)) local.everyoneChanged();
    }
}
