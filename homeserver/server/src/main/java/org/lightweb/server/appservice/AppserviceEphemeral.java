package org.lightweb.server.appservice;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.List;
import org.lightweb.appservice.kit.Registration;
import org.lightweb.core.Json;
import org.lightweb.server.sync.presence.PresenceService;
import org.lightweb.server.sync.presence.PresenceState;
import org.lightweb.server.sync.receipts.ReceiptService;
import org.lightweb.server.sync.typing.TypingService;
import org.lightweb.storage.rooms.Membership;
import org.lightweb.storage.rooms.RoomRepository;

/**
 * Ephemeral data for appservices that set {@code receive_ephemeral} (spec: the transaction's {@code ephemeral}):
 * typing and receipts in rooms they hear of, presence of users in their namespaces or sharing a room with one.
 * Not kept across restarts, as typing and presence go stale anyway; the sender carries it in the next transaction.
 */
final class AppserviceEphemeral implements TypingService.Listener, ReceiptService.Listener, PresenceService.Listener {
    /** Rooms of a user looked at to decide whether an appservice hears of their presence. */
    private static final int MAX_ROOMS_FOR_PRESENCE = 50;

    private final Appservices appservices;
    private final AppserviceSender sender;
    private final TypingService typing;
    private final RoomRepository rooms;

    AppserviceEphemeral(Appservices appservices, AppserviceSender sender, TypingService typing, RoomRepository rooms) {
        this.appservices = appservices;
        this.sender = sender;
        this.typing = typing;
        this.rooms = rooms;
    }

    private List<Registration> listening() {
        return appservices.all().stream().map(Appservices.Entry::registration)
                .filter(r -> r.receiveEphemeral() && r.url() != null).toList();
    }

    @Override
    public void typing(String roomId, String userId, boolean isTyping, long timeoutMs) {
        List<Registration> all = listening();
        if (all.isEmpty()) return;
        ObjectNode event = Json.object().put("type", "m.typing").put("room_id", roomId);
        var ids = event.putObject("content").putArray("user_ids");
        typing.typingIn(roomId).forEach(ids::add);
        for (Registration r : all) sender.roomInteresting(r, roomId).onSuccess(yes -> { if (yes) sender.queueEphemeral(r, event); });
    }

    @Override
    public void receipt(String roomId, String type, String userId, String threadId, String eventId, long ts) {
        List<Registration> all = listening();
        if (all.isEmpty()) return;
        ObjectNode event = Json.object().put("type", "m.receipt").put("room_id", roomId);
        ObjectNode receipt = event.putObject("content").putObject(eventId).putObject(type).putObject(userId).put("ts", ts);
        if (threadId != null) receipt.put("thread_id", threadId);
        for (Registration r : all) sender.roomInteresting(r, roomId).onSuccess(yes -> { if (yes) sender.queueEphemeral(r, event); });
    }

    @Override
    public void presenceChanged(PresenceState state) {
        List<Registration> all = listening();
        if (all.isEmpty()) return;
        ObjectNode event = Json.object().put("type", "m.presence").put("sender", state.userId());
        ObjectNode content = event.putObject("content").put("presence", state.presence())
                .put("currently_active", state.currentlyActive());
        if (state.lastActiveTs() > 0) content.put("last_active_ago", Math.max(0, System.currentTimeMillis() - state.lastActiveTs()));
        if (state.statusMsg() != null) content.put("status_msg", state.statusMsg());
        String server = appservices.serverName();
        for (Registration r : all) {
            if (r.isInterestedInUser(state.userId(), server)) {
                sender.queueEphemeral(r, event);
                continue;
            }
            rooms.roomsOf(state.userId(), "join").compose(joined -> sharesARoom(r, joined.stream().map(Membership::roomId)
                    .limit(MAX_ROOMS_FOR_PRESENCE).toList(), 0)).onSuccess(yes -> { if (yes) sender.queueEphemeral(r, event); });
        }
    }

    private Future<Boolean> sharesARoom(Registration r, List<String> roomIds, int i) {
        if (i >= roomIds.size()) return Future.succeededFuture(false);
        return sender.roomInteresting(r, roomIds.get(i)).compose(yes -> yes ? Future.succeededFuture(true) : sharesARoom(r, roomIds, i + 1));
    }
}
