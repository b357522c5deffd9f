package org.lightweb.server.push.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lightweb.core.Json;
import org.lightweb.storage.push.PushActionRepository;
import org.lightweb.storage.push.PushActionRepository.Notification;
import org.lightweb.storage.push.PusherRepository.Pusher;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.StateKeyId;
import org.lightweb.storage.rooms.StoredEvent;

/**
 * Builds the body of {@code POST /_matrix/push/v1/notify} (push gateway API) for one pusher and one notification,
 * as Synapse's HttpPusher does: the event's ids, type and sender, the sender's display name and the room's name and
 * alias, {@code prio} high for encrypted events and events that highlight or sound, the badge
 * ({@code counts.unread}: rooms with unread notifications) and the device with its tweaks and data minus url. The
 * content is left out when the pusher asks for {@code event_id_only} (which also drops names and type) or the
 * server is configured not to send content.
 */
public final class GatewayNotifications {
    private final EventRepository events;
    private final PushActionRepository actions;
    private final boolean includeContent;

    public GatewayNotifications(EventRepository events, PushActionRepository actions, boolean includeContent) {
        this.events = events;
        this.actions = actions;
        this.includeContent = includeContent;
    }

    /**
     * The body to send, or empty when this notification should not be pushed: the event is gone or redacted (its
     * content must not leave the server any more), or the user sent it.
     */
    public Future<Optional<ObjectNode>> build(Pusher pusher, Notification n) {
        Future<Optional<StoredEvent>> loaded = events.event(n.eventId());
        Future<Map<String, String>> redactions = events.redactionsOf(List.of(n.eventId()));
        return Future.all(loaded, redactions).compose(both -> {
            Optional<StoredEvent> found = loaded.result();
            if (found.isEmpty() || found.get().sender().equals(pusher.userId())
                    || redactions.result().containsKey(n.eventId())) {
                return Future.succeededFuture(Optional.<ObjectNode>empty());
            }
            StoredEvent event = found.get();
            ObjectNode data = dataOf(pusher);
            boolean idOnly = "event_id_only".equals(data.path("format").asText(null));
            Future<Long> badge = actions.roomsWithUnread(pusher.userId());
            Future<Map<StateKeyId, StoredEvent>> state = idOnly ? Future.succeededFuture(Map.of())
                    : events.currentStateEvents(event.roomId(), List.of(new StateKeyId("m.room.name", ""),
                            new StateKeyId("m.room.canonical_alias", ""), new StateKeyId("m.room.member", event.sender())));
            return Future.all(badge, state).map(ok -> Optional.of(
                    body(pusher, n, event, data, idOnly, badge.result(), state.result())));
        });
    }

    private ObjectNode body(Pusher pusher, Notification n, StoredEvent event, ObjectNode data, boolean idOnly, long badge,
                            Map<StateKeyId, StoredEvent> state) {
        ObjectNode tweaks = tweaks(n.actions());
        ObjectNode root = Json.object();
        ObjectNode note = root.putObject("notification");
        note.put("event_id", event.eventId());
        note.put("room_id", event.roomId());
        JsonNode pdu = Json.parse(event.json());
        if (!idOnly) {
            note.put("type", event.type());
            note.put("sender", event.sender());
            if (event.type().equals("m.room.member") && event.stateKey() != null) {
                note.put("membership", pdu.path("content").path("membership").asText(""));
                note.put("user_is_target", event.stateKey().equals(pusher.userId()));
            }
            String displayName = text(state.get(new StateKeyId("m.room.member", event.sender())), "displayname");
            if (displayName != null) note.put("sender_display_name", displayName);
            String name = text(state.get(new StateKeyId("m.room.name", "")), "name");
            String alias = text(state.get(new StateKeyId("m.room.canonical_alias", "")), "alias");
            if (name != null) note.put("room_name", name);
            else if (alias != null) note.put("room_name", alias);
            if (alias != null) note.put("room_alias", alias);
            JsonNode content = pdu.path("content");
            if (includeContent && content.isObject() && !content.isEmpty()) note.set("content", content);
        }
        boolean high = event.type().equals("m.room.encrypted") || truthy(tweaks.get("highlight")) || tweaks.has("sound");
        note.put("prio", high ? "high" : "low");
        note.putObject("counts").put("unread", badge);
        ObjectNode device = note.putArray("devices").addObject();
        device.put("app_id", pusher.appId());
        device.put("pushkey", pusher.pushkey());
        device.put("pushkey_ts", pusher.pushkeyTs() / 1000);
        ObjectNode withoutUrl = data.deepCopy();
        withoutUrl.remove("url");
        device.set("data", withoutUrl);
        device.set("tweaks", tweaks);
        return root;
    }

    static ObjectNode dataOf(Pusher pusher) {
        JsonNode data = Json.parse(pusher.data());
        return data instanceof ObjectNode o ? o : Json.object();
    }

    /** The set_tweak actions as an object; a highlight tweak without value means true. */
    static ObjectNode tweaks(String actionsJson) {
        ObjectNode out = Json.object();
        JsonNode actions = Json.parse(actionsJson);
        if (!(actions instanceof ArrayNode)) return out;
        for (JsonNode a : actions) {
            String tweak = a.path("set_tweak").asText(null);
            if (tweak == null) continue;
            JsonNode value = a.get("value");
            if (value == null) {
                if (tweak.equals("highlight")) out.put(tweak, true);
            } else {
                out.set(tweak, value);
            }
        }
        return out;
    }

    private static boolean truthy(JsonNode v) {
        return v != null && v.isBoolean() && v.asBoolean();
    }

    private static String text(StoredEvent e, String field) {
        if (e == null) return null;
        JsonNode v = Json.parse(e.json()).path("content").get(field);
        return v != null && v.isTextual() && !v.asText().isEmpty() ? v.asText() : null;
    }
}
