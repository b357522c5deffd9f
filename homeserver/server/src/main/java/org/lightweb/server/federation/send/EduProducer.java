package org.lightweb.server.federation.send;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.lightweb.core.Clock;
import org.lightweb.core.Json;
import org.lightweb.core.Secrets;
import org.lightweb.core.ServerName;
import org.lightweb.core.UserId;
import org.lightweb.server.sync.devicelists.DeviceLists;
import org.lightweb.server.sync.presence.PresenceRules;
import org.lightweb.server.sync.presence.PresenceService;
import org.lightweb.server.sync.presence.PresenceState;
import org.lightweb.server.sync.receipts.ReceiptService;
import org.lightweb.server.sync.todevice.ToDeviceService;
import org.lightweb.server.sync.typing.TypingService;
import org.lightweb.storage.accounts.DeviceRecord;
import org.lightweb.storage.accounts.DeviceRepository;
import org.lightweb.storage.e2ee.E2eKeyRepository;
import org.lightweb.storage.federation.FederationEduRepository;
import org.lightweb.storage.rooms.Membership;
import org.lightweb.storage.rooms.RoomRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns local users' ephemeral activity into EDUs for the servers that should hear of it: m.typing and m.receipt
 * (public m.read only) to the other servers of the room; m.presence, m.device_list_update and
 * m.signing_key_update to the servers sharing a room with the user; m.direct_to_device to the recipients' server,
 * with a fresh message_id. Hooked into the services as their listener; only local users' activity is sent on.
 * <p>
 * Device lists: the services only say a user's list changed, so the user's devices (with their keys) are compared
 * with what was last announced ({@link FederationEduRepository#announceDevices}) and an update goes out per new,
 * changed or deleted device, chained by stream_id/prev_id as the spec asks. The master and self-signing keys go
 * out as m.signing_key_update when they differ from those announced (the user-signing key never leaves).
 */
public final class EduProducer implements TypingService.Listener, ReceiptService.Listener, PresenceService.Listener,
        DeviceLists.Listener, ToDeviceService.RemoteSender {
    private static final Logger log = LoggerFactory.getLogger(EduProducer.class);

    private final ServerName ours;
    private final RoomRepository rooms;
    private final DeviceRepository devices;
    private final E2eKeyRepository keys;
    private final FederationEduRepository repo;
    private final FederationSender sender;
    private final Clock clock;
    private Future<Void> deviceTail = Future.succeededFuture();   // guarded by this: device announcements one at a time

    public EduProducer(ServerName ours, RoomRepository rooms, DeviceRepository devices, E2eKeyRepository keys,
                       FederationEduRepository repo, FederationSender sender, Clock clock) {
        this.ours = ours;
        this.rooms = rooms;
        this.devices = devices;
        this.keys = keys;
        this.repo = repo;
        this.sender = sender;
        this.clock = clock;
    }

    private boolean isLocal(String userId) {
        return UserId.parse(userId).map(u -> u.isLocalTo(ours)).orElse(false);
    }

    /** The other servers with a member joined to the room. */
    Future<Set<String>> roomServers(String roomId) {
        return rooms.members(roomId).map(members -> servers(members.stream()
                .filter(m -> "join".equals(m.membership())).map(Membership::userId).toList()));
    }

    /** The other servers of the users sharing a joined room with {@code userId}. */
    Future<Set<String>> mateServers(String userId) {
        return rooms.roomMates(userId).map(this::servers);
    }

    private Set<String> servers(Collection<String> userIds) {
        Set<String> out = new TreeSet<>();
        for (String u : userIds) UserId.parse(u).ifPresent(id -> out.add(id.server().value()));
        out.remove(ours.value());
        return out;
    }

    private void sendTo(Future<Set<String>> destinations, String eduType, JsonNode content) {
        destinations.onSuccess(ds -> ds.forEach(d -> sender.sendEdu(d, eduType, content)))
                .onFailure(e -> log.warn("cannot find destinations of an EDU [type: {}]", eduType, e));
    }

    @Override
    public void typing(String roomId, String userId, boolean typing, long timeoutMs) {
        if (!isLocal(userId)) return;
        sendTo(roomServers(roomId), "m.typing",
                Json.object().put("room_id", roomId).put("user_id", userId).put("typing", typing));
    }

    @Override
    public void receipt(String roomId, String type, String userId, String threadId, String eventId, long ts) {
        if (!ReceiptService.READ.equals(type) || !isLocal(userId)) return;
        ObjectNode content = Json.object();
        ObjectNode forUser = content.putObject(roomId).putObject(type).putObject(userId);
        forUser.putArray("event_ids").add(eventId);
        ObjectNode data = forUser.putObject("data").put("ts", ts);
        if (threadId != null) data.put("thread_id", threadId);
        sendTo(roomServers(roomId), "m.receipt", content);
    }

    @Override
    public void presenceChanged(PresenceState state) {
        if (!isLocal(state.userId())) return;
        ObjectNode one = Json.object().put("user_id", state.userId());
        one.setAll(PresenceRules.content(state, clock.millis()));
        if (!one.has("currently_active")) one.put("currently_active", false);
        ObjectNode content = Json.object();
        content.putArray("push").add(one);
        sendTo(mateServers(state.userId()), "m.presence", content);
    }

    @Override
    public void send(String destination, UserId from, String type, Map<String, Map<String, ObjectNode>> messages) {
        ObjectNode content = Json.object().put("sender", from.toString()).put("type", type)
                .put("message_id", Secrets.randomString(24));
        ObjectNode byUser = content.putObject("messages");
        messages.forEach((user, byDevice) -> {
            ObjectNode devicesNode = byUser.putObject(user);
            byDevice.forEach(devicesNode::set);
        });
        sender.sendEdu(destination, "m.direct_to_device", content);
    }

    @Override
    public void changed(Collection<String> userIds) {
        List<String> local = userIds.stream().filter(this::isLocal).distinct().toList();
        if (local.isEmpty()) return;
        synchronized (this) {
            for (String user : local) {
                deviceTail = deviceTail.transform(x -> announce(user).recover(e -> {
                    log.warn("cannot announce device list [user: {}]", user, e);
                    return Future.succeededFuture();
                }));
            }
        }
    }

    /** Completes once every device announcement asked for so far went out (tests). */
    synchronized Future<Void> idle() { return deviceTail; }

    private Future<Void> announce(String user) {
        UserId id = UserId.parse(user).orElseThrow();
        Future<List<DeviceRecord>> list = devices.list(id);
        Future<List<E2eKeyRepository.DeviceKeys>> deviceKeys = keys.deviceKeysOf(List.of(user));
        Future<Map<String, String>> crossSigning = keys.crossSigningKeys(user);
        return Future.all(list, deviceKeys, crossSigning).compose(ok -> {
            Map<String, ObjectNode> announced = new TreeMap<>();
            for (DeviceRecord d : list.result()) {
                ObjectNode update = Json.object();
                if (d.displayName() != null) update.put("device_display_name", d.displayName());
                announced.put(d.deviceId(), update);
            }
            for (var k : deviceKeys.result()) {
                ObjectNode update = announced.get(k.deviceId());
                if (update != null) update.set("keys", Json.parse(k.keyJson()));
            }
            Map<String, String> digests = new TreeMap<>();
            announced.forEach((d, u) -> digests.put(d, digest(Json.write(u))));
            Map<String, String> cs = new TreeMap<>(crossSigning.result());
            cs.remove("user_signing");
            Future<List<FederationEduRepository.DeviceUpdate>> updates = repo.announceDevices(user, digests);
            Future<Boolean> csChanged = cs.isEmpty() ? Future.succeededFuture(false)
                    : repo.announceCrossSigning(user, digest(Json.write(cs)));
            return Future.all(updates, csChanged, mateServers(user)).map(done -> {
                Set<String> to = done.resultAt(2);
                for (var u : updates.result()) {
                    ObjectNode content = Json.object().put("user_id", user).put("device_id", u.deviceId())
                            .put("stream_id", u.streamId()).put("deleted", u.deleted());
                    var prev = content.putArray("prev_id");
                    if (u.prevId() != null) prev.add(u.prevId());
                    ObjectNode body = announced.get(u.deviceId());
                    if (!u.deleted() && body != null) content.setAll(body);
                    to.forEach(d -> sender.sendEdu(d, "m.device_list_update", content));
                }
                if (csChanged.result()) {
                    ObjectNode content = Json.object().put("user_id", user);
                    if (cs.containsKey("master")) content.set("master_key", Json.parse(cs.get("master")));
                    if (cs.containsKey("self_signing")) content.set("self_signing_key", Json.parse(cs.get("self_signing")));
                    to.forEach(d -> sender.sendEdu(d, "m.signing_key_update", content));
                }
                return null;
            });
        });
    }

    private static String digest(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
