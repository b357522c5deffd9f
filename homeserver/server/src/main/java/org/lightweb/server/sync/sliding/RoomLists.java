package org.lightweb.server.sync.sliding;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lightweb.server.messages.IgnoredUsers;
import org.lightweb.server.sync.SyncToken;
import org.lightweb.server.sync.sliding.SlidingRequest.ListConfig;
import org.lightweb.server.sync.sliding.SlidingRequest.RoomConfig;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.Membership;
import org.lightweb.storage.rooms.RoomRepository;
import org.lightweb.storage.rooms.StoredEvent;
import org.lightweb.storage.sync.AccountDataRepository;

/**
 * Which rooms a request's lists and subscriptions match (MSC4186 "Lists and subscriptions"). The server's list
 * is the user's rooms by recency, newest first: the stream position of a joined room's last event, of the
 * membership event otherwise (Synapse's "by_recency"). It holds the rooms the user is joined to, invited to or
 * knocking on, those they were kicked or banned from, and those they left themselves within the window if the
 * connection sent them before. Each list filters it and takes its ranges; a room matched several times gets
 * the union of the room configs.
 */
public final class RoomLists {
    private final RoomRepository rooms;
    private final EventRepository events;
    private final AccountDataRepository accountData;
    private final IgnoredUsers ignoredUsers;

    public RoomLists(RoomRepository rooms, EventRepository events, AccountDataRepository accountData,
                     IgnoredUsers ignoredUsers) {
        this.rooms = rooms;
        this.events = events;
        this.accountData = accountData;
        this.ignoredUsers = ignoredUsers;
    }

    /** A room the response is about: its merged config, the lists it is in, the user's membership. */
    public record Selected(String roomId, RoomConfig config, List<String> lists, Membership membership) {}

    /**
     * @param counts    each list's count: how many rooms pass its filters, ranges ignored
     * @param selected  the rooms within some list's ranges or subscribed to
     * @param listRooms each list's rooms within its ranges, in order
     * @param all       every room of the server's list (what could be sent, in range or not)
     */
    public record Selection(Map<String, Integer> counts, Map<String, Selected> selected, Map<String, List<String>> listRooms,
                            Set<String> all, RoomFacts facts) {}

    public Future<Selection> select(String userId, SlidingRequest req, ConnectionState prev, SyncToken since, SyncToken upTo) {
        return rooms.membershipsOf(userId).compose(memberships -> withoutIgnoredInvites(userId, memberships)).compose(all -> {
            List<Membership> visible = all.stream().filter(m -> !m.forgotten()).toList();
            List<String> left = visible.stream().filter(m -> isOut(m.membership())).map(Membership::eventId).toList();
            List<String> joined = visible.stream().filter(m -> m.membership().equals("join")).map(Membership::roomId).toList();
            Future<Map<String, StoredEvent>> leaves = events.events(left);
            Future<Map<String, Long>> latest = events.latestPositions(joined, upTo.events(), null);
            Set<String> spaces = new HashSet<>();
            req.lists().values().forEach(l -> { if (l.filters().spaces() != null) spaces.addAll(l.filters().spaces()); });
            spaces.retainAll(joined);
            Future<RoomFacts> facts = RoomFacts.load(events, accountData, userId,
                    visible.stream().map(Membership::roomId).toList(), upTo.accountData(), spaces);
            return Future.all(leaves, latest, facts).map(ok -> {
                List<Membership> listed = new ArrayList<>();
                for (Membership m : visible) {
                    if (inServerList(userId, m, leaves.result(), prev, since)) listed.add(m);
                }
                Map<String, Long> recency = new HashMap<>();
                for (Membership m : listed) recency.put(m.roomId(), latest.result().getOrDefault(m.roomId(), m.streamOrdering()));
                listed.sort(Comparator.<Membership>comparingLong(m -> recency.get(m.roomId())).reversed()
                        .thenComparing(Membership::roomId));
                return windows(req, listed, visible, facts.result());
            });
        });
    }

    /** The memberships less invites sent by users the user ignores (spec: such invites are not sent to the client). */
    private Future<List<Membership>> withoutIgnoredInvites(String userId, List<Membership> all) {
        List<String> invites = all.stream().filter(m -> m.membership().equals("invite")).map(Membership::eventId).toList();
        if (invites.isEmpty()) return Future.succeededFuture(all);
        return Future.all(ignoredUsers.of(userId), events.events(invites)).map(ok -> {
            Set<String> ignored = ok.resultAt(0);
            Map<String, StoredEvent> found = ok.resultAt(1);
            if (ignored.isEmpty()) return all;
            return all.stream().filter(m -> !m.membership().equals("invite") || !found.containsKey(m.eventId())
                    || !ignored.contains(found.get(m.eventId()).sender())).toList();
        });
    }

    private static boolean isOut(String membership) {
        return membership.equals("leave") || membership.equals("ban");
    }

    private static boolean inServerList(String userId, Membership m, Map<String, StoredEvent> leaves, ConnectionState prev,
                                        SyncToken since) {
        if (!isOut(m.membership())) return true;
        StoredEvent e = leaves.get(m.eventId());
        if (e != null && !e.sender().equals(userId)) return true;   // kicked or banned: the user may not know yet
        return since != null && m.streamOrdering() > since.events() && prev.room(m.roomId()) != null;
    }

    private static Selection windows(SlidingRequest req, List<Membership> listed, List<Membership> visible, RoomFacts facts) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, Selected> selected = new LinkedHashMap<>();
        Map<String, List<String>> listRooms = new LinkedHashMap<>();
        for (Map.Entry<String, ListConfig> e : req.lists().entrySet()) {
            ListConfig list = e.getValue();
            List<String> inRange = new ArrayList<>();
            int index = 0;
            for (Membership m : listed) {
                if (!list.filters().accepts(m.roomId(), m.membership(), facts)) continue;
                if (list.inRange(index)) {
                    inRange.add(m.roomId());
                    add(selected, m, list.room(), e.getKey());
                }
                index++;
            }
            counts.put(e.getKey(), index);
            listRooms.put(e.getKey(), inRange);
        }
        Map<String, Membership> byRoom = new HashMap<>();
        visible.forEach(m -> byRoom.put(m.roomId(), m));
        req.subscriptions().forEach((roomId, config) -> {
            Membership m = byRoom.get(roomId);
            if (m != null) add(selected, m, config, null);   // rooms the user has no membership of are ignored
        });
        Set<String> all = new HashSet<>();
        listed.forEach(m -> all.add(m.roomId()));
        return new Selection(counts, selected, listRooms, all, facts);
    }

    private static void add(Map<String, Selected> selected, Membership m, RoomConfig config, String list) {
        Selected before = selected.get(m.roomId());
        List<String> lists = new ArrayList<>(before == null ? List.of() : before.lists());
        if (list != null) lists.add(list);
        RoomConfig merged = before == null ? config : before.config().union(config);
        selected.put(m.roomId(), new Selected(m.roomId(), merged, List.copyOf(lists), m));
    }
}
