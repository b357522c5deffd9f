package org.lightweb.server.sync.todevice;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.lightweb.core.Json;
import org.lightweb.core.ServerName;
import org.lightweb.core.UserId;
import org.lightweb.server.http.Requester;
import org.lightweb.server.sync.Notifier;
import org.lightweb.server.sync.StreamHeads;
import org.lightweb.server.sync.SyncToken.Stream;
import org.lightweb.storage.accounts.DeviceRecord;
import org.lightweb.storage.accounts.DeviceRepository;
import org.lightweb.storage.sync.DeviceInboxRepository;
import org.lightweb.storage.sync.DeviceInboxRepository.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Send-to-device messaging: messages for local devices ('*': every device of the user; unknown devices are
 * skipped, as Synapse does) go to the device inbox under one to-device position and wake the recipients. A
 * transaction is sent once per device and txnId: retries within {@link #TXN_MEMORY} get the first outcome
 * (in memory, like Synapse's transaction cache, so not across a restart).
 */
public final class ToDeviceService {
    private static final Logger log = LoggerFactory.getLogger(ToDeviceService.class);
    /** How long a transaction ID is remembered (Synapse's HttpTransactionCache keeps them 30 minutes). */
    static final Duration TXN_MEMORY = Duration.ofMinutes(30);

    private final ServerName serverName;
    private final DeviceRepository devices;
    private final DeviceInboxRepository inbox;
    private final StreamHeads heads;
    private final Notifier notifier;
    private final Cache<String, Future<Void>> txns = Caffeine.newBuilder().expireAfterWrite(TXN_MEMORY)
            .maximumSize(100_000).build();

    /**
     * Where messages for remote users go (federation's m.direct_to_device): one call per destination server of a
     * send, {@code messages} being that server's users -> device ID (or '*') -> content.
     */
    public interface RemoteSender {
        void send(String destination, UserId sender, String type, Map<String, Map<String, ObjectNode>> messages);

        RemoteSender NONE = (destination, sender, type, messages) -> { };
    }

    private volatile RemoteSender remote = RemoteSender.NONE;

    public void setRemoteSender(RemoteSender remote) { this.remote = remote; }

    public ToDeviceService(ServerName serverName, DeviceRepository devices, DeviceInboxRepository inbox,
                           StreamHeads heads, Notifier notifier) {
        this.serverName = serverName;
        this.devices = devices;
        this.inbox = inbox;
        this.heads = heads;
        this.notifier = notifier;
    }

    /** PUT /sendToDevice/{eventType}/{txnId}: {@code messages} is user ID -> device ID (or '*') -> content. */
    public Future<Void> send(Requester who, String type, String txnId, Map<String, Map<String, ObjectNode>> messages) {
        String key = who.userId() + "\n" + who.deviceId() + "\n" + txnId;
        Future<Void> result = txns.get(key, k -> deliver(who.userId(), type, messages));
        return result.onFailure(err -> txns.invalidate(key));   // a failed send may be retried for real
    }

    /**
     * Messages from a remote sender (m.direct_to_device, already checked to come from the sender's server): the
     * local recipients' devices get them as a local send would; recipients of other servers are skipped.
     */
    public Future<Void> deliverFromRemote(UserId sender, String type, Map<String, Map<String, ObjectNode>> messages) {
        Map<String, Map<String, ObjectNode>> local = new LinkedHashMap<>();
        messages.forEach((user, byDevice) -> {
            if (UserId.parse(user).map(u -> u.isLocalTo(serverName)).orElse(false)) local.put(user, byDevice);
        });
        return deliver(sender, type, local);
    }

    private Future<Void> deliver(UserId sender, String type, Map<String, Map<String, ObjectNode>> messages) {
        List<Future<List<Message>>> perUser = new ArrayList<>();
        Map<String, Map<String, Map<String, ObjectNode>>> byServer = new LinkedHashMap<>();
        for (var entry : messages.entrySet()) {
            Optional<UserId> recipient = UserId.parse(entry.getKey());
            if (recipient.isEmpty()) {
                log.warn("to-device message for an invalid user ID skipped [sender: {}, type: {}]", sender, type);
            } else if (!recipient.get().isLocalTo(serverName)) {
                if (sender.isLocalTo(serverName)) {
                    byServer.computeIfAbsent(recipient.get().server().value(), k -> new LinkedHashMap<>())
                            .put(entry.getKey(), entry.getValue());
                }
            } else {
                perUser.add(devices.list(recipient.get()).map(known -> forDevices(sender, type, recipient.get(), known, entry.getValue())));
            }
        }
        byServer.forEach((server, forServer) -> remote.send(server, sender, type, forServer));
        return Future.all(perUser).compose(ok -> {
            List<Message> all = new ArrayList<>();
            perUser.forEach(f -> all.addAll(f.result()));
            if (all.isEmpty()) return Future.succeededFuture();
            return inbox.add(all).map(position -> {
                heads.advance(Stream.TO_DEVICE, position);
                notifier.usersChanged(all.stream().map(Message::userId).collect(Collectors.toSet()));
                return null;
            });
        });
    }

    /** One message per existing device; '*' means all of them, and a later entry for a device wins (Synapse). */
    private static List<Message> forDevices(UserId sender, String type, UserId recipient, List<DeviceRecord> known,
                                            Map<String, ObjectNode> byDevice) {
        Set<String> ids = known.stream().map(DeviceRecord::deviceId).collect(Collectors.toSet());
        Map<String, ObjectNode> content = new LinkedHashMap<>();
        byDevice.forEach((device, c) -> {
            if (device.equals("*")) ids.forEach(d -> content.put(d, c));
            else if (ids.contains(device)) content.put(device, c);
        });
        List<Message> out = new ArrayList<>();
        content.forEach((device, c) -> {
            ObjectNode event = Json.object().put("type", type).put("sender", sender.toString());
            event.set("content", c);
            out.add(new Message(recipient.toString(), device, Json.write(event)));
        });
        return out;
    }
}
