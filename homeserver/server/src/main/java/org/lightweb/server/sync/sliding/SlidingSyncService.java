package org.lightweb.server.sync.sliding;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.lightweb.core.Clock;
import org.lightweb.core.Json;
import org.lightweb.server.http.Requester;
import org.lightweb.server.sync.Notifier;
import org.lightweb.server.sync.StreamHeads;
import org.lightweb.server.sync.SyncToken;
import org.lightweb.server.sync.sliding.ConnectionState.Flag;
import org.lightweb.server.sync.sliding.ConnectionState.RoomStatus;
import org.lightweb.server.sync.sliding.RoomLists.Selected;
import org.lightweb.server.sync.sliding.RoomLists.Selection;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.Membership;
import org.lightweb.storage.rooms.RoomRepository;

/**
 * Simplified sliding sync (MSC4186) on the streams /sync reads: which rooms the request's lists and
 * subscriptions match ({@link RoomLists}), which of them to send (new to the connection, or changed since the
 * connection last sent them), each room's result ({@link RoomResults}) and the extensions. A request with a pos
 * and a timeout waits on the {@link Notifier} while there is nothing to send. The connection's new state is
 * remembered only for the response actually sent.
 */
public final class SlidingSyncService {
    /** Events that bump a room (MSC4186 bump_stamp: "proper" activity). */
    static final List<String> BUMP_TYPES = List.of("m.room.create", "m.room.message", "m.room.encrypted", "m.sticker",
            "m.call.invite", "m.poll.start", "m.beacon_info");

    /** How many rooms are built at once. */
    static final int ROOMS_AT_ONCE = 20;

    private final RoomLists lists;
    private final RoomResults results;
    private final Extensions extensions;
    private final Connections connections;
    private final EventRepository events;
    private final RoomRepository rooms;
    private final StreamHeads heads;
    private final Notifier notifier;
    private final Clock clock;

    public SlidingSyncService(RoomLists lists, RoomResults results, Extensions extensions, Connections connections,
                              EventRepository events, RoomRepository rooms, StreamHeads heads, Notifier notifier, Clock clock) {
        this.lists = lists;
        this.results = results;
        this.extensions = extensions;
        this.connections = connections;
        this.events = events;
        this.rooms = rooms;
        this.heads = heads;
        this.notifier = notifier;
        this.clock = clock;
    }

    /** A computed response, the window's end, and the connection state it leaves. */
    private record Computed(ObjectNode json, SyncToken upTo, ConnectionState state, boolean news) {}

    /** Answers a request; {@code pos} null starts the connection again. 400 M_UNKNOWN_POS for an unknown pos. */
    public Future<ObjectNode> sync(Requester who, SlidingRequest req, SlidingPos pos, long timeoutMs) {
        Connections.Key key = new Connections.Key(who.userId().toString(), String.valueOf(who.deviceId()), req.connId());
        ConnectionState prev;
        try {
            prev = pos == null ? connections.restart(key) : connections.at(key, pos.connection());
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        SyncToken since = pos == null ? null : pos.streams();
        return attempt(who, req, prev, since, clock.millis() + timeoutMs).map(c -> {
            long position = connections.record(key, c.state());
            ObjectNode out = Json.object().put("pos", new SlidingPos(c.upTo(), position).toString());
            out.setAll(c.json());
            return out;
        });
    }

    /** Computes; while an incremental request has nothing to send and time is left, waits and computes again. */
    private Future<Computed> attempt(Requester who, SlidingRequest req, ConnectionState prev, SyncToken since, long deadline) {
        SyncToken upTo = heads.current();
        return compute(who, req, prev, since, upTo).compose(c -> {
            long left = deadline - clock.millis();
            if (since == null || c.news() || left <= 0) return Future.succeededFuture(c);
            String user = who.userId().toString();
            return rooms.membershipsOf(user)
                    .map(ms -> ms.stream().filter(m -> m.membership().equals("join") || m.membership().equals("invite"))
                            .map(Membership::roomId).collect(Collectors.toSet()))
                    .compose(roomIds -> notifier.waitFor(user, roomIds, upTo, left))
                    .compose(v -> attempt(who, req, prev, since, deadline));
        });
    }

    private Future<Computed> compute(Requester who, SlidingRequest req, ConnectionState prev, SyncToken since, SyncToken upTo) {
        String user = who.userId().toString();
        Future<Selection> selection = lists.select(user, req, prev, since, upTo);
        Future<Set<String>> changed = since == null ? Future.succeededFuture(Set.of())
                : events.roomsChanged(since.events(), upTo.events());
        return Future.all(selection, changed).compose(ok -> {
            Selection sel = selection.result();
            List<Selected> toSend = new ArrayList<>();
            for (Selected s : sel.selected().values()) {
                if (shouldSend(s, prev.room(s.roomId()), since, changed.result())) toSend.add(s);
            }
            List<String> joined = toSend.stream().filter(s -> s.membership().membership().equals("join"))
                    .map(Selected::roomId).toList();
            return events.latestPositions(joined, upTo.events(), BUMP_TYPES)
                    .compose(bumps -> answerRooms(who, toSend, prev, since, upTo, sel, bumps))
                    .compose(answered -> finish(who, req, prev, since, upTo, sel, toSend, answered, changed.result()));
        });
    }

    /** A room in the response's ranges is sent when new to the connection, changed, or asked for more timeline. */
    private static boolean shouldSend(Selected s, RoomStatus status, SyncToken since, Set<String> changed) {
        if (since == null || status == null || status.flag() == Flag.PREVIOUSLY) return true;
        if (!status.membership().equals(s.membership().membership())) return true;
        if (status.sent() != null && status.sent().timelineLimit() < s.config().timelineLimit()) return true;   // expanded
        return changed.contains(s.roomId());
    }

    /** Rooms answered {@link #ROOMS_AT_ONCE} at a time (as Synapse's concurrently_execute), so a wide range cannot flood the database pool. */
    private Future<List<RoomResults.Result>> answerRooms(Requester who, List<Selected> toSend, ConnectionState prev,
                                                         SyncToken since, SyncToken upTo, Selection sel, Map<String, Long> bumps) {
        List<RoomResults.Result> out = new ArrayList<>();
        Future<Void> done = Future.succeededFuture();
        for (int from = 0; from < toSend.size(); from += ROOMS_AT_ONCE) {
            List<Selected> batch = toSend.subList(from, Math.min(toSend.size(), from + ROOMS_AT_ONCE));
            done = done.compose(v -> {
                List<Future<RoomResults.Result>> each = new ArrayList<>();
                for (Selected s : batch) {
                    long bump = bumps.getOrDefault(s.roomId(), s.membership().streamOrdering());
                    boolean dm = sel.facts().dms().contains(s.roomId());
                    each.add(results.answer(new RoomResults.Job(who, s, prev.room(s.roomId()), since, upTo, dm, bump)));
                }
                return Future.all(each).map(ok -> {
                    each.forEach(f -> out.add(f.result()));
                    return null;
                });
            });
        }
        return done.map(v -> out);
    }

    private Future<Computed> finish(Requester who, SlidingRequest req, ConnectionState prev, SyncToken since, SyncToken upTo,
                                    Selection sel, List<Selected> toSend, List<RoomResults.Result> answered,
                                    Set<String> changed) {
        ConnectionState.Builder next = prev.toBuilder();
        ObjectNode roomsJson = Json.object();
        Set<String> initial = new HashSet<>();
        for (int i = 0; i < toSend.size(); i++) {
            Selected s = toSend.get(i);
            RoomResults.Result r = answered.get(i);
            next.sent(s.roomId(), s.membership().membership(), r.sent());
            if (r.json() == null) continue;
            roomsJson.set(s.roomId(), r.json());
            if (r.json().path("initial").asBoolean(false)) initial.add(s.roomId());
        }
        if (since != null) {
            // Rooms of the server's list left out of this response (out of range) that changed meanwhile.
            for (String roomId : sel.all()) {
                if (!sel.selected().containsKey(roomId) && changed.contains(roomId)) next.missed(roomId, since.events());
            }
        }
        ObjectNode listsJson = Json.object();
        sel.counts().forEach((name, count) -> listsJson.putObject(name).put("count", count));
        ExtensionContext ctx = new ExtensionContext(who, since, upTo, sel.listRooms(), sel.selected().keySet(), initial);
        return extensions.answer(ctx, req.extensions()).map(ext -> {
            ObjectNode json = Json.object();
            json.set("lists", listsJson);
            json.set("rooms", roomsJson);
            json.set("extensions", ext.json());
            return new Computed(json, upTo, next.build(), !roomsJson.isEmpty() || ext.news());
        });
    }
}
