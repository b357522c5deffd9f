package org.lightweb.storage.e2ee;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * End-to-end encryption keys of local users: device keys, one-time and fallback keys, cross-signing keys and
 * the signatures uploaded for them. Key objects are kept as the JSON text the client uploaded; this layer does
 * not check signatures (the server's service does, before storing).
 */
public interface E2eKeyRepository {
    /** A device's keys as uploaded, with the device's display name (for {@code unsigned.device_display_name}). */
    record DeviceKeys(String userId, String deviceId, String keyJson, String displayName) {}

    /** A one-time or fallback key: {@code algorithm:keyId} and its JSON (a string or a signed key object). */
    record OneTimeKey(String algorithm, String keyId, String keyJson) {}

    /** A signature by {@code signerKeyId} of {@code signerUserId} over a key of {@code targetUserId}. */
    record Signature(String signerUserId, String signerKeyId, String targetUserId, String targetKeyId, String signature) {}

    Future<Optional<String>> deviceKeys(String userId, String deviceId);

    /** The device keys of these users' devices (devices without keys are left out). */
    Future<List<DeviceKeys>> deviceKeysOf(Collection<String> userIds);

    Future<Void> setDeviceKeys(String userId, String deviceId, String keyJson, long ts);

    /**
     * Stores one-time keys; a key ID already stored with the same JSON is skipped. Answers the IDs
     * ({@code algorithm:keyId}) already stored with different JSON: when there are any, nothing is stored.
     */
    Future<List<String>> addOneTimeKeys(String userId, String deviceId, List<OneTimeKey> keys, long ts);

    /** Unclaimed one-time keys of the device by algorithm. */
    Future<Map<String, Integer>> oneTimeKeyCounts(String userId, String deviceId);

    /** Replaces the device's fallback key of each algorithm given; re-uploading the same key keeps its used flag. */
    Future<Void> setFallbackKeys(String userId, String deviceId, List<OneTimeKey> keys);

    /** The algorithms of the device's fallback keys nobody has claimed yet. */
    Future<List<String>> unusedFallbackKeyTypes(String userId, String deviceId);

    /**
     * Claims a key of {@code algorithm} for the device: a one-time key, removed so nobody else gets it (two
     * concurrent claims never get the same key), else the fallback key, marked used and kept.
     */
    Future<Optional<OneTimeKey>> claim(String userId, String deviceId, String algorithm);

    /** The user's cross-signing keys by type (master, self_signing, user_signing). */
    Future<Map<String, String>> crossSigningKeys(String userId);

    Future<Void> setCrossSigningKeys(String userId, Map<String, String> keyJsonByType, long ts);

    /** Stores signatures (a repeated one replaces the earlier). */
    Future<Void> addSignatures(List<Signature> signatures);

    /** Every stored signature over keys of these users. */
    Future<List<Signature>> signaturesOver(Collection<String> targetUserIds);

    /**
     * Forgets every key of a deactivated user: cross-signing keys, signatures by and over them, and any device keys
     * left (devices are deleted with their keys already). Answers whether anything was deleted.
     */
    Future<Boolean> deleteAllOf(String userId);
}
