package org.lightweb.server.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lightweb.core.Json;
import org.lightweb.server.http.Requester;
import org.lightweb.server.rooms.ClientEvents;
import org.lightweb.server.rooms.EventVisibility;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.StateKeyId;
import org.lightweb.storage.rooms.StoredEvent;
import org.lightweb.storage.search.TimelineNeighbours;

/**
 * The context of a search result (event_context): the visible events just before (nearest first) and after it,
 * pagination tokens in the form sync's prev_batch uses, and the senders' profiles as the room state after the
 * result recorded them (the "historic profile information").
 */
final class SearchContexts {
    private final TimelineNeighbours neighbours;
    private final EventRepository events;
    private final EventVisibility visibility;
    private final ClientEvents format;

    SearchContexts(TimelineNeighbours neighbours, EventRepository events, EventVisibility visibility, ClientEvents format) {
        this.neighbours = neighbours;
        this.events = events;
        this.visibility = visibility;
        this.format = format;
    }

    Future<ObjectNode> of(Requester who, StoredEvent result, SearchRequest.Context wanted) {
        long at = result.streamOrdering();
        Future<List<StoredEvent>> before = neighbours.before(result.roomId(), at, wanted.beforeLimit()).compose(this::load);
        Future<List<StoredEvent>> after = neighbours.after(result.roomId(), at, wanted.afterLimit()).compose(this::load);
        return Future.all(before, after).compose(ok -> {
            List<StoredEvent> b = before.result();
            List<StoredEvent> a = after.result();
            Future<List<StoredEvent>> seenBefore = visibility.filter(who.userId(), b);
            Future<List<StoredEvent>> seenAfter = visibility.filter(who.userId(), a);
            return Future.all(seenBefore, seenAfter).compose(v -> {
                Future<List<ObjectNode>> fb = format.format(seenBefore.result(), who);
                Future<List<ObjectNode>> fa = format.format(seenAfter.result(), who);
                Future<ObjectNode> profiles = wanted.includeProfile()
                        ? profiles(result, seenBefore.result(), seenAfter.result()) : Future.succeededFuture(null);
                return Future.all(fb, fa, profiles).map(x -> {
                    ObjectNode out = Json.object();
                    long start = b.isEmpty() ? at - 1 : b.get(b.size() - 1).streamOrdering() - 1;
                    long end = a.isEmpty() ? at : a.get(a.size() - 1).streamOrdering();
                    out.put("start", "s" + start);
                    out.put("end", "s" + end);
                    ArrayNode eb = out.putArray("events_before");
                    fb.result().forEach(eb::add);
                    ArrayNode ea = out.putArray("events_after");
                    fa.result().forEach(ea::add);
                    if (profiles.result() != null) out.set("profile_info", profiles.result());
                    return out;
                });
            });
        });
    }

    private Future<List<StoredEvent>> load(List<String> ids) {
        return events.events(ids).map(byId -> {
            List<StoredEvent> out = new ArrayList<>();
            for (String id : ids) if (byId.containsKey(id)) out.add(byId.get(id));
            return out;
        });
    }

    /** displayname and avatar_url of each sender, from their member events in the state after the result. */
    private Future<ObjectNode> profiles(StoredEvent result, List<StoredEvent> before, List<StoredEvent> after) {
        Set<String> senders = new LinkedHashSet<>();
        before.forEach(e -> senders.add(e.sender()));
        senders.add(result.sender());
        after.forEach(e -> senders.add(e.sender()));
        if (result.stateAfter() == null) return Future.succeededFuture(Json.object());
        return events.stateOfGroup(result.stateAfter()).compose(state -> {
            Map<String, String> memberEvents = new HashMap<>();
            for (String s : senders) {
                String id = state.get(new StateKeyId("m.room.member", s));
                if (id != null) memberEvents.put(s, id);
            }
            return events.events(memberEvents.values()).map(found -> {
                ObjectNode out = Json.object();
                for (String s : senders) {
                    String memberId = memberEvents.get(s);
                    StoredEvent member = memberId == null ? null : found.get(memberId);
                    ObjectNode profile = out.putObject(s);
                    if (member == null) continue;
                    JsonNode content = Json.parse(member.json()).path("content");
                    if (content.path("displayname").isTextual()) profile.set("displayname", content.get("displayname"));
                    if (content.path("avatar_url").isTextual()) profile.set("avatar_url", content.get("avatar_url"));
                }
                return out;
            });
        });
    }
}
