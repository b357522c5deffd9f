package org.lightweb.server.sync.devicelists;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.lightweb.server.sync.Notifier;
import org.lightweb.server.sync.StreamHeads;
import org.lightweb.server.sync.SyncContext;
import org.lightweb.server.sync.SyncContributor;
import org.lightweb.server.sync.SyncToken.Stream;
import org.lightweb.storage.rooms.Membership;
import org.lightweb.storage.rooms.RoomRepository;
import org.lightweb.storage.sync.DeviceListRepository;

/**
 * Sync's {@code device_lists} on incremental syncs (end-to-end encryption, "Tracking the device list for a
 * user"): {@code changed} holds the user and those sharing a room with them whose device list changed since the
 * token; {@code left} those who shared a room with them at the token and share none now. The end-to-end
 * encryption issue calls {@link #changed} when devices or their keys change.
 *
 * <p>{@code device_one_time_keys_count} and {@code device_unused_fallback_key_types} come from
 * {@code org.lightweb.server.e2ee.OneTimeKeyCounts}.
 */
public final class DeviceLists implements SyncContributor {
    @Override
    public java.util.Set<org.lightweb.server.sync.SyncToken.Stream> streams() {
        return java.util.EnumSet.of(org.lightweb.server.sync.SyncToken.Stream.DEVICE_LISTS,
                org.lightweb.server.sync.SyncToken.Stream.EVENTS);   // left: membership changes
    }

    private final DeviceListRepository repo;
    private final RoomRepository rooms;
    private final StreamHeads heads;
    private final Notifier notifier;
    private final List<Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Told of device-list changes once recorded (federation announces local users' to other servers). */
    public interface Listener {
        void changed(Collection<String> userIds);
    }

    public void addListener(Listener l) { listeners.add(l); }

    public DeviceLists(DeviceListRepository repo, RoomRepository rooms, StreamHeads heads, Notifier notifier) {
        this.repo = repo;
        this.rooms = rooms;
        this.heads = heads;
        this.notifier = notifier;
    }

    /** Records that these users' device lists changed and wakes them and everyone sharing a room with them. */
    public Future<Void> changed(Collection<String> userIds) {
        if (userIds.isEmpty()) return Future.succeededFuture();
        return repo.add(userIds).compose(position -> {
            heads.advance(Stream.DEVICE_LISTS, position);
            for (Listener l : listeners) l.changed(userIds);
            notifier.usersChanged(userIds);
            List<Future<List<Membership>>> joined = new ArrayList<>();
            for (String u : userIds) joined.add(rooms.roomsOf(u, "join"));
            return Future.all(joined).map(ok -> {
                Set<String> roomIds = new HashSet<>();
                joined.forEach(f -> f.result().forEach(m -> roomIds.add(m.roomId())));
                roomIds.forEach(notifier::roomChanged);
                return null;
            });
        });
    }

    /** Users whose device list changed ({@code changed}) and who stopped sharing a room ({@code left}). */
    public record Changes(Set<String> changed, Set<String> left) {}

    /**
     * What changed for {@code user} between two sync tokens: sync's {@code device_lists} and GET /keys/changes.
     */
    public Future<Changes> changesBetween(String user, org.lightweb.server.sync.SyncToken since,
                                          org.lightweb.server.sync.SyncToken upTo) {
        Future<Set<String>> changed = since.deviceLists() >= upTo.deviceLists() ? Future.succeededFuture(Set.of())
                : repo.changedFor(user, since.deviceLists(), upTo.deviceLists());
        long sinceEvents = since.events();
        Future<Set<String>> moved = sinceEvents >= upTo.events() ? Future.succeededFuture(Set.of())
                : rooms.roomsWithMemberChanges(sinceEvents, upTo.events()).compose(changedRooms -> changedRooms.isEmpty()
                        ? Future.succeededFuture(Set.of())
                        : repo.membershipMovesAround(user, sinceEvents, upTo.events()));
        Future<Set<String>> mates = moved.compose(m -> m.isEmpty() ? Future.succeededFuture(Set.of()) : rooms.roomMates(user));
        return Future.all(changed, mates).map(ok -> {
            Set<String> left = new TreeSet<>(moved.result());
            left.removeAll(mates.result());
            left.remove(user);
            Set<String> stillShared = new TreeSet<>(changed.result());
            stillShared.removeAll(left);
            return new Changes(stillShared, left);
        });
    }

    @Override
    public Future<Void> contribute(SyncContext ctx, ObjectNode response) {
        ObjectNode lists = response.putObject("device_lists");
        if (ctx.initial()) {
            lists.putArray("changed");
            lists.putArray("left");
            return Future.succeededFuture();
        }
        return changesBetween(ctx.userId(), ctx.since(), ctx.upTo()).map(c -> {
            c.changed().forEach(lists.putArray("changed")::add);
            c.left().forEach(lists.putArray("left")::add);
            return null;
        });
    }
}
