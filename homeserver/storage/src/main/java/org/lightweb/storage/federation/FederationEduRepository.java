package org.lightweb.storage.federation;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What federation's EDUs need kept (V11): which m.direct_to_device messages arrived (each once), what was last
 * announced of local users' devices and cross-signing keys, and remote users' devices and keys as announced.
 */
public interface FederationEduRepository {
    /** Records a received to-device message id; false when it was received before (a duplicate). */
    Future<Boolean> firstToDevice(String origin, String messageId, long now);

    /** Forgets a received message id (its delivery failed: a retry must deliver it). */
    Future<Void> forgetToDevice(String origin, String messageId);

    /** One device update to announce: {@code prevId} null for the user's first. */
    record DeviceUpdate(String deviceId, long streamId, Long prevId, boolean deleted) {}

    /**
     * Compares a local user's current devices ({@code digests}: device ID -> digest of what would be announced)
     * with what was announced, records the new state and answers an update per device that is new, changed or
     * gone, each with its own stream_id and the one before it as prev_id.
     */
    Future<List<DeviceUpdate>> announceDevices(String userId, Map<String, String> digests);

    /** The stream_id of a local user's last announced device update (0 when none was): /user/devices' stream_id. */
    Future<Long> announcedDeviceStream(String userId);

    /** Records the digest of a local user's cross-signing keys; true when it differs from the one announced. */
    Future<Boolean> announceCrossSigning(String userId, String digest);

    /** A remote server's m.device_list_update. */
    record RemoteDeviceUpdate(String origin, String userId, String deviceId, String displayName, String keysJson,
                              boolean deleted, long streamId, List<Long> prevIds) {}

    /** A remote user's device list as known here; {@code stale}: it must be fetched whole (/user/devices). */
    record RemoteDeviceList(String userId, String origin, long streamId, boolean stale) {}

    record RemoteDevice(String userId, String deviceId, String displayName, String keysJson, boolean deleted, long streamId) {}

    /**
     * Applies an update (an old or repeated stream_id changes nothing) and answers whether the list is now stale:
     * when the update's prev_id names an update never received (or the user was unknown), the list must be
     * refetched before it is trusted.
     */
    Future<Boolean> applyRemoteDeviceUpdate(RemoteDeviceUpdate update, long now);

    Future<Optional<RemoteDeviceList>> remoteDeviceList(String userId);

    /**
     * Replaces a remote user's kept devices with a whole list fetched from their server (/user/devices), whose
     * {@code streamId} becomes the list's head; the list is no longer stale.
     */
    Future<Void> replaceRemoteDevices(String origin, String userId, long streamId, List<RemoteDevice> devices, long now);

    Future<List<RemoteDevice>> remoteDevices(String userId);

    /** Stores a remote user's announced cross-signing keys (key type -> JSON). */
    Future<Void> putRemoteCrossSigningKeys(String userId, Map<String, String> keyJsonByType, long now);

    Future<Map<String, String>> remoteCrossSigningKeys(String userId);
}
