package org.lightweb.server.push;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.List;
import org.lightweb.core.Json;
import org.lightweb.server.http.Requester;
import org.lightweb.server.rooms.ClientEvents;
import org.lightweb.storage.push.PushActionRepository;
import org.lightweb.storage.push.PushActionRepository.Notification;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.StoredEvent;

/**
 * GET /notifications ("Listing Notifications"): the events the user was notified about, newest first, each with
 * its actions, whether a read receipt covers it, its room and when it arrived. The token is the stream position
 * of the last one listed, given when the page is full.
 */
public final class Notifications {
    private final PushActionRepository actions;
    private final EventRepository events;
    private final ClientEvents format;

    public Notifications(PushActionRepository actions, EventRepository events, ClientEvents format) {
        this.actions = actions;
        this.events = events;
        this.format = format;
    }

    /**
     * @param before only notifications before this stream position (exclusive); {@code Long.MAX_VALUE} for the newest
     */
    public Future<ObjectNode> list(Requester who, long before, int limit, boolean onlyHighlight) {
        return actions.notifications(who.userId().toString(), before, limit, onlyHighlight).compose(page -> {
            List<String> ids = page.stream().map(Notification::eventId).toList();
            return events.events(ids).compose(found -> {
                List<Notification> kept = page.stream().filter(n -> found.containsKey(n.eventId())).toList();
                List<StoredEvent> stored = kept.stream().map(n -> found.get(n.eventId())).toList();
                return format.format(stored, who).map(formatted -> render(kept, formatted, page, limit));
            });
        });
    }

    private static ObjectNode render(List<Notification> kept, List<ObjectNode> formatted, List<Notification> page, int limit) {
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("notifications");
        for (int i = 0; i < kept.size(); i++) {
            Notification n = kept.get(i);
            ObjectNode event = formatted.get(i);
            event.remove("room_id");
            ObjectNode item = list.addObject();
            item.set("actions", Json.parse(n.actions()));
            item.set("event", event);
            item.put("read", n.read());
            item.put("room_id", n.roomId());
            item.put("ts", n.ts());
        }
        if (!page.isEmpty() && page.size() == limit) out.put("next_token", Long.toString(page.get(page.size() - 1).streamOrdering()));
        return out;
    }

}
