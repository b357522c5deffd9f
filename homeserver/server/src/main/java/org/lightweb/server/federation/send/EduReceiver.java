package org.lightweb.server.federation.send;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lightweb.core.Clock;
import org.lightweb.core.Json;
import org.lightweb.core.ServerName;
import org.lightweb.core.UserId;
import org.lightweb.server.sync.devicelists.DeviceLists;
import org.lightweb.server.sync.presence.PresenceService;
import org.lightweb.server.sync.presence.PresenceState;
import org.lightweb.server.sync.receipts.ReceiptService;
import org.lightweb.server.sync.todevice.ToDeviceService;
import org.lightweb.server.sync.typing.TypingService;
import org.lightweb.storage.federation.FederationEduRepository;
import org.lightweb.storage.federation.FederationEduRepository.RemoteDeviceUpdate;
import org.lightweb.storage.rooms.RoomRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link InboundEdus}: each EDU of a transaction lands where local syncs read it, through the same services local
 * clients use. An EDU may speak only for users of its origin: any part about another server's user is dropped
 * and logged (WARN: a misbehaving peer). Typing and receipts count only for users joined to the room here;
 * presence and device-list updates only for users joined to some room here (nobody here could see them
 * otherwise). A device-list update after a gap in the user's chain has their whole list fetched
 * ({@link DeviceListResync}) before local syncs hear of the change. Nothing here fails the transaction: a broken EDU is logged and dropped.
 */
public final class EduReceiver implements InboundEdus {
    private static final Logger log = LoggerFactory.getLogger(EduReceiver.class);

    private final ServerName ours;
    private final RoomRepository rooms;
    private final TypingService typing;
    private final ReceiptService receipts;
    private final PresenceService presence;
    private final DeviceLists deviceLists;
    private final ToDeviceService toDevice;
    private final FederationEduRepository repo;
    private final long remoteTypingTimeoutMs;
    private final Clock clock;
    private final RoomAcls acls;
    private final DeviceListResync.Resync resync;

    public EduReceiver(ServerName ours, RoomRepository rooms, TypingService typing, ReceiptService receipts,
                       PresenceService presence, DeviceLists deviceLists, ToDeviceService toDevice,
                       FederationEduRepository repo, long remoteTypingTimeoutMs, Clock clock, RoomAcls acls,
                       DeviceListResync.Resync resync) {
        this.resync = resync;
        this.ours = ours;
        this.rooms = rooms;
        this.typing = typing;
        this.receipts = receipts;
        this.presence = presence;
        this.deviceLists = deviceLists;
        this.toDevice = toDevice;
        this.repo = repo;
        this.remoteTypingTimeoutMs = remoteTypingTimeoutMs;
        this.clock = clock;
        this.acls = acls;
    }

    @Override
    public Future<Void> onEdu(String origin, String eduType, JsonNode content) {
        Future<Void> done;
        try {
            if (origin == null || origin.equals(ours.value())) {
                log.warn("EDU claiming to come from this server dropped [origin: {}, type: {}]", origin, eduType);
                return Future.succeededFuture();
            }
            if (content == null || !content.isObject()) {
                log.warn("EDU without an object content dropped [origin: {}, type: {}]", origin, eduType);
                return Future.succeededFuture();
            }
            done = switch (eduType == null ? "" : eduType) {
                case "m.typing" -> typing(origin, content);
                case "m.receipt" -> receipt(origin, content);
                case "m.presence" -> presence(origin, content);
                case "m.device_list_update" -> deviceListUpdate(origin, content);
                case "m.signing_key_update" -> signingKeyUpdate(origin, content);
                case "m.direct_to_device" -> directToDevice(origin, content);
                default -> {
                    log.debug("EDU of an unknown type ignored [origin: {}, type: {}]", origin, eduType);
                    yield Future.succeededFuture();
                }
            };
        } catch (RuntimeException e) {
            done = Future.failedFuture(e);
        }
        return done.recover(e -> {
            log.warn("EDU dropped [origin: {}, type: {}, why: {}]", origin, eduType, e.toString());
            return Future.succeededFuture();
        });
    }

    /** Whether {@code userId} is a user of {@code origin}; logs the spoof when not. */
    private boolean speaksFor(String origin, String userId, String eduType) {
        Optional<UserId> user = UserId.parse(userId == null ? "" : userId);
        if (user.isPresent() && user.get().server().value().equals(origin)) return true;
        log.warn("EDU about a user of another server dropped [origin: {}, type: {}, user: {}]", origin, eduType, userId);
        return false;
    }

    /** Whether the user is joined to the room and the room's server ACL lets their server speak in it. */
    private Future<Boolean> joined(String roomId, String userId) {
        String server = UserId.parse(userId).map(u -> u.server().value()).orElse("");
        return rooms.membership(roomId, userId).compose(m -> {
            if (m.isEmpty() || !"join".equals(m.get().membership())) return Future.succeededFuture(false);
            return acls.allows(roomId, server).map(ok -> {
                if (!ok) log.info("EDU from a server the room's ACL denies dropped [room: {}, server: {}]", roomId, server);
                return ok;
            });
        });
    }

    private Future<Boolean> joinedAnywhere(String userId) {
        return rooms.roomsOf(userId, "join").map(list -> !list.isEmpty());
    }

    private Future<Void> typing(String origin, JsonNode c) {
        String roomId = c.path("room_id").asText(null);
        String userId = c.path("user_id").asText(null);
        if (roomId == null || !speaksFor(origin, userId, "m.typing")) return Future.succeededFuture();
        boolean isTyping = c.path("typing").asBoolean(false);
        return joined(roomId, userId).map(ok -> {
            if (ok) typing.setRemoteTyping(userId, roomId, isTyping, remoteTypingTimeoutMs);
            else log.info("typing of a user not joined to the room dropped [origin: {}, room: {}, user: {}]", origin, roomId, userId);
            return null;
        });
    }

    private Future<Void> receipt(String origin, JsonNode c) {
        List<Future<Void>> all = new ArrayList<>();
        c.fields().forEachRemaining(room -> {
            String roomId = room.getKey();
            JsonNode reads = room.getValue().path(ReceiptService.READ);   // only public read receipts federate
            reads.fields().forEachRemaining(byUser -> {
                String userId = byUser.getKey();
                if (!speaksFor(origin, userId, "m.receipt")) return;
                JsonNode ids = byUser.getValue().path("event_ids");
                if (!ids.isArray() || ids.isEmpty() || !ids.get(ids.size() - 1).isTextual()) return;
                String eventId = ids.get(ids.size() - 1).asText();
                JsonNode data = byUser.getValue().path("data");
                long ts = data.path("ts").canConvertToLong() ? data.path("ts").asLong() : clock.millis();
                String thread = data.path("thread_id").isTextual() ? data.path("thread_id").asText() : null;
                all.add(joined(roomId, userId).compose(ok -> ok ? receipts.remoteReceipt(roomId, userId, thread, eventId, ts)
                        : Future.<Void>succeededFuture()));
            });
        });
        return Future.all(all).mapEmpty();
    }

    private Future<Void> presence(String origin, JsonNode c) {
        List<Future<Void>> all = new ArrayList<>();
        for (JsonNode p : c.path("push")) {
            String userId = p.path("user_id").asText(null);
            if (!speaksFor(origin, userId, "m.presence")) continue;
            String state = p.path("presence").asText("");
            if (!PresenceState.valid(state)) continue;
            String statusMsg = p.path("status_msg").isTextual() ? p.path("status_msg").asText() : null;
            long ago = p.path("last_active_ago").canConvertToLong() ? Math.max(0, p.path("last_active_ago").asLong()) : -1;
            long lastActive = ago < 0 ? 0 : clock.millis() - ago;
            boolean active = p.path("currently_active").asBoolean(false);
            all.add(joinedAnywhere(userId).compose(ok -> ok
                    ? presence.setRemote(userId, state, statusMsg, lastActive, active) : Future.<Void>succeededFuture()));
        }
        return Future.all(all).mapEmpty();
    }

    private Future<Void> deviceListUpdate(String origin, JsonNode c) {
        String userId = c.path("user_id").asText(null);
        String deviceId = c.path("device_id").asText(null);
        if (!speaksFor(origin, userId, "m.device_list_update") || deviceId == null || !c.path("stream_id").canConvertToLong()) {
            return Future.succeededFuture();
        }
        List<Long> prev = new ArrayList<>();
        for (JsonNode p : c.path("prev_id")) if (p.canConvertToLong()) prev.add(p.asLong());
        JsonNode keys = c.path("keys");
        String name = c.path("device_display_name").isTextual() ? c.path("device_display_name").asText() : null;
        var update = new RemoteDeviceUpdate(origin, userId, deviceId, name, keys.isObject() ? Json.write(keys) : null,
                c.path("deleted").asBoolean(false), c.path("stream_id").asLong(), prev);
        return joinedAnywhere(userId).compose(ok -> {
            if (!ok) return Future.<Void>succeededFuture();
            return repo.applyRemoteDeviceUpdate(update, clock.millis()).compose(stale -> {
                if (!stale) return Future.succeededFuture(false);
                log.debug("remote device list has a gap, fetching it whole [user: {}]", userId);
                return resync.resync(origin, userId);
            }).compose(x -> deviceLists.changed(List.of(userId)));
        });
    }

    private Future<Void> signingKeyUpdate(String origin, JsonNode c) {
        String userId = c.path("user_id").asText(null);
        if (!speaksFor(origin, userId, "m.signing_key_update")) return Future.succeededFuture();
        Map<String, String> keys = new LinkedHashMap<>();
        for (String type : List.of("master", "self_signing")) {
            JsonNode key = c.path(type + "_key");
            if (!key.isObject()) continue;
            if (!userId.equals(key.path("user_id").asText())) {
                log.warn("signing key of another user dropped [origin: {}, user: {}]", origin, userId);
                return Future.succeededFuture();
            }
            keys.put(type, Json.write(key));
        }
        if (keys.isEmpty()) return Future.succeededFuture();
        return joinedAnywhere(userId).compose(ok -> !ok ? Future.<Void>succeededFuture()
                : repo.putRemoteCrossSigningKeys(userId, keys, clock.millis()).compose(v -> deviceLists.changed(List.of(userId))));
    }

    private Future<Void> directToDevice(String origin, JsonNode c) {
        String sender = c.path("sender").asText(null);
        String type = c.path("type").asText(null);
        String messageId = c.path("message_id").asText(null);
        if (!speaksFor(origin, sender, "m.direct_to_device")) return Future.succeededFuture();
        if (type == null || messageId == null || !c.path("messages").isObject()) {
            log.warn("to-device EDU without type, message_id or messages dropped [origin: {}]", origin);
            return Future.succeededFuture();
        }
        Map<String, Map<String, ObjectNode>> messages = new LinkedHashMap<>();
        c.path("messages").fields().forEachRemaining(user -> {
            Map<String, ObjectNode> byDevice = new LinkedHashMap<>();
            user.getValue().fields().forEachRemaining(d -> {
                if (d.getValue().isObject()) byDevice.put(d.getKey(), (ObjectNode) d.getValue());
            });
            messages.put(user.getKey(), byDevice);
        });
        UserId from = UserId.parse(sender).orElseThrow();
        return repo.firstToDevice(origin, messageId, clock.millis()).compose(first -> {
            if (!first) {
                log.debug("repeated to-device message ignored [origin: {}, message_id: {}]", origin, messageId);
                return Future.<Void>succeededFuture();
            }
            return toDevice.deliverFromRemote(from, type, messages).recover(e -> repo.forgetToDevice(origin, messageId)
                    .transform(x -> Future.failedFuture(e)));
        });
    }
}
