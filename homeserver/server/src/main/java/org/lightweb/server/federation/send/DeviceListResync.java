package org.lightweb.server.federation.send;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lightweb.core.Clock;
import org.lightweb.core.Json;
import org.lightweb.server.federation.client.FederationClient;
import org.lightweb.server.federation.membership.Paths;
import org.lightweb.storage.federation.FederationEduRepository;
import org.lightweb.storage.federation.FederationEduRepository.RemoteDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spec's answer to a gap in a remote user's m.device_list_update chain (a prev_id never received, or a user
 * first heard of mid-chain): fetch the whole list from their server ({@code GET /user/devices/{userId}}) and
 * replace what is kept, with the answer's stream_id as the new head of the chain. Devices whose keys name another
 * user or device are dropped, and so are cross-signing keys of another user. A failure leaves the list stale (the
 * next update with a gap tries again); it never fails the transaction the update came in.
 */
public final class DeviceListResync {
    /** Resyncs {@code userId}'s list from {@code origin}; answers whether it was replaced. */
    @FunctionalInterface
    public interface Resync {
        Future<Boolean> resync(String origin, String userId);

        Resync NEVER = (origin, userId) -> Future.succeededFuture(false);
    }

    private static final Logger log = LoggerFactory.getLogger(DeviceListResync.class);

    private final FederationClient client;
    private final FederationEduRepository repo;
    private final Clock clock;

    public DeviceListResync(FederationClient client, FederationEduRepository repo, Clock clock) {
        this.client = client;
        this.repo = repo;
        this.clock = clock;
    }

    public Future<Boolean> resync(String origin, String userId) {
        return client.get(origin, "/_matrix/federation/v1/user/devices/" + Paths.segment(userId), Map.of())
                .compose(body -> {
                    if (body == null || !userId.equals(body.path("user_id").asText())) {
                        log.warn("device list of another user answered, ignored [origin: {}, user: {}]", origin, userId);
                        return Future.succeededFuture(false);
                    }
                    long streamId = body.path("stream_id").canConvertToLong() ? body.path("stream_id").asLong() : 0;
                    List<RemoteDevice> devices = new ArrayList<>();
                    for (JsonNode d : body.path("devices")) {
                        String deviceId = d.path("device_id").asText(null);
                        JsonNode keys = d.path("keys");
                        if (deviceId == null) continue;
                        if (keys.isObject() && !(userId.equals(keys.path("user_id").asText())
                                && deviceId.equals(keys.path("device_id").asText()))) {
                            log.warn("device keys of another user or device dropped [origin: {}, user: {}, device: {}]",
                                    origin, userId, deviceId);
                            continue;
                        }
                        String name = d.path("device_display_name").isTextual() ? d.path("device_display_name").asText() : null;
                        devices.add(new RemoteDevice(userId, deviceId, name, keys.isObject() ? Json.write(keys) : null,
                                false, streamId));
                    }
                    Map<String, String> crossSigning = new LinkedHashMap<>();
                    for (String type : List.of("master", "self_signing")) {
                        JsonNode key = body.path(type + "_key");
                        if (key.isObject() && userId.equals(key.path("user_id").asText())) crossSigning.put(type, Json.write(key));
                    }
                    long now = clock.millis();
                    return repo.replaceRemoteDevices(origin, userId, streamId, devices, now)
                            .compose(v -> crossSigning.isEmpty() ? Future.<Void>succeededFuture()
                                    : repo.putRemoteCrossSigningKeys(userId, crossSigning, now))
                            .map(v -> {
                                log.debug("remote device list resynced [user: {}, devices: {}]", userId, devices.size());
                                return true;
                            });
                })
                .recover(e -> {
                    log.info("remote device list resync failed, it stays stale [origin: {}, user: {}]: {}", origin, userId,
                            e.getMessage());
                    return Future.succeededFuture(false);
                });
    }
}
