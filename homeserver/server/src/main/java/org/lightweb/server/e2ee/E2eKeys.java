package org.lightweb.server.e2ee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.lightweb.core.Clock;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.core.ServerName;
import org.lightweb.core.UserId;
import org.lightweb.server.http.Requester;
import org.lightweb.server.sync.devicelists.DeviceLists;
import org.lightweb.storage.e2ee.E2eKeyRepository;
import org.lightweb.storage.e2ee.E2eKeyRepository.OneTimeKey;
import org.lightweb.storage.e2ee.E2eKeyRepository.Signature;

/**
 * Device keys, one-time keys and fallback keys (end-to-end encryption, "Key management API"): upload with the
 * device's self-signature checked, query with cross-signing keys and stored signatures merged in, claim.
 * Remote users go to {@link RemoteKeys}.
 */
public final class E2eKeys {
    /** The algorithm clients count on being reported, even at zero (Synapse always sends it). */
    static final String SIGNED_CURVE25519 = "signed_curve25519";

    private final ServerName serverName;
    private final E2eKeyRepository repo;
    private final DeviceLists deviceLists;
    private final RemoteKeys remote;
    private final Clock clock;
    private final int maxKeysPerUpload;
    /**
     * user|device -> its key counts, which every sync of the device carries; dropped when the device uploads keys
     * or one of its keys is claimed.
     */
    private final org.lightweb.storage.cache.ReadThroughCache<String, KeyCounts> countsByDevice =
            new org.lightweb.storage.cache.ReadThroughCache<>(COUNTED_DEVICES);

    /** In a clustered node: one-time key counts claimed or uploaded through another process are dropped here too. */
    public void share(org.lightweb.storage.cache.CacheBus bus) {
        countsByDevice.share("one_time_key_counts", bus, k -> k);
    }
    static final int COUNTED_DEVICES = 50_000;

    /** What a sync says of a device's keys. Read-only: callers copy before they change it. */
    public record KeyCounts(ObjectNode oneTimeKeyCounts, List<String> unusedFallbackKeyTypes) {}

    public E2eKeys(ServerName serverName, E2eKeyRepository repo, DeviceLists deviceLists, RemoteKeys remote, Clock clock,
                   int maxKeysPerUpload) {
        this.serverName = serverName;
        this.repo = repo;
        this.deviceLists = deviceLists;
        this.remote = remote;
        this.clock = clock;
        this.maxKeysPerUpload = maxKeysPerUpload;
    }

    /** POST /keys/upload: answers {@code one_time_key_counts}. */
    public Future<ObjectNode> upload(Requester who, ObjectNode body) {
        String user = who.userId().toString();
        String device = who.deviceId();
        JsonNode deviceKeys = body.get("device_keys");
        List<OneTimeKey> oneTime = keyList(body.get("one_time_keys"), "one_time_keys", user, device);
        List<OneTimeKey> fallback = keyList(fallbackKeys(body), "fallback_keys", user, device);
        if (oneTime.size() + fallback.size() > maxKeysPerUpload) {
            throw MatrixException.invalidParam("At most " + maxKeysPerUpload + " keys can be uploaded at once");
        }
        Future<Void> stored = Future.succeededFuture();
        if (deviceKeys != null && !deviceKeys.isNull()) stored = storeDeviceKeys(user, device, checkDeviceKeys(deviceKeys, user, device));
        return stored
                .compose(v -> oneTime.isEmpty() ? Future.succeededFuture(List.<String>of())
                        : repo.addOneTimeKeys(user, device, oneTime, clock.millis()))
                .compose(conflicts -> {
                    if (!conflicts.isEmpty()) {
                        return Future.failedFuture(MatrixException.invalidParam("One time key " + conflicts.get(0)
                                + " already exists with different content"));
                    }
                    return repo.setFallbackKeys(user, device, fallback);
                })
                .onComplete(v -> countsByDevice.invalidate(user + "|" + device))
                .compose(v -> counts(user, device))
                .map(counts -> {
                    ObjectNode out = Json.object();
                    out.set("one_time_key_counts", counts);
                    return out;
                });
    }

    /** The device's unclaimed one-time keys by algorithm, with {@code signed_curve25519} always present. */
    public Future<ObjectNode> counts(String user, String device) {
        return repo.oneTimeKeyCounts(user, device).map(found -> {
            ObjectNode counts = Json.object().put(SIGNED_CURVE25519, 0);
            found.forEach(counts::put);
            return counts;
        });
    }

    public Future<List<String>> unusedFallbackKeyTypes(String user, String device) {
        return repo.unusedFallbackKeyTypes(user, device);
    }

    /** The counts a sync of the device carries, from memory when they have not changed since last asked. */
    public Future<KeyCounts> syncCounts(String user, String device) {
        return countsByDevice.get(user + "|" + device, () -> {
            Future<ObjectNode> counts = counts(user, device);
            Future<List<String>> fallback = unusedFallbackKeyTypes(user, device);
            return Future.all(counts, fallback).map(ok -> new KeyCounts(counts.result(), List.copyOf(fallback.result())));
        });
    }

    private static JsonNode fallbackKeys(ObjectNode body) {
        JsonNode stable = body.get("fallback_keys");
        return stable != null ? stable : body.get("org.matrix.msc2732.fallback_keys");
    }

    private Future<Void> storeDeviceKeys(String user, String device, JsonNode keys) {
        return repo.deviceKeys(user, device).compose(old -> {
            if (old.isPresent()) {
                JsonNode before = Json.parse(old.get());
                if (KeySignatures.signedPart(before).equals(KeySignatures.signedPart(keys))) {
                    return Future.succeededFuture();   // the same keys again (a retry): nothing changes
                }
                // Changing a device's identity keys would let whoever holds its token impersonate it to every
                // peer that verified it; a device with new keys must be a new device (Synapse refuses too).
                return Future.failedFuture(MatrixException.invalidParam(
                        "Device keys of " + device + " are already uploaded and differ from these; use a new device"));
            }
            return repo.setDeviceKeys(user, device, Json.write(keys), clock.millis())
                    .compose(v -> deviceLists.changed(List.of(user)));
        });
    }

    /** Checks a DeviceKeys object: owner, algorithms, keys, and the device's own signature. */
    static JsonNode checkDeviceKeys(JsonNode keys, String user, String device) {
        if (!keys.isObject()) throw MatrixException.badJson("'device_keys' must be an object");
        if (!user.equals(keys.path("user_id").asText(null))) {
            throw MatrixException.invalidParam("device_keys.user_id does not match the access token's user");
        }
        if (!device.equals(keys.path("device_id").asText(null))) {
            throw MatrixException.invalidParam("device_keys.device_id does not match the access token's device");
        }
        if (!keys.path("algorithms").isArray()) throw MatrixException.invalidParam("device_keys.algorithms must be an array");
        if (!keys.path("keys").isObject()) throw MatrixException.invalidParam("device_keys.keys must be an object");
        if (!KeySignatures.selfSigned(keys, user, device)) {
            throw MatrixException.invalidParam("device_keys must be signed by the device's ed25519:" + device + " key");
        }
        return keys;
    }

    /** One-time or fallback keys: {@code "<algorithm>:<key id>": key} where a key is a string or a signed object. */
    private static List<OneTimeKey> keyList(JsonNode keys, String field, String user, String device) {
        if (keys == null || keys.isNull()) return List.of();
        if (!keys.isObject()) throw MatrixException.badJson("'" + field + "' must be an object");
        List<OneTimeKey> out = new ArrayList<>();
        keys.properties().forEach(e -> {
            int colon = e.getKey().indexOf(':');
            if (colon <= 0 || colon == e.getKey().length() - 1) {
                throw MatrixException.invalidParam(field + " key names must be <algorithm>:<key id>: " + e.getKey());
            }
            JsonNode key = e.getValue();
            if (!key.isTextual() && !key.isObject()) throw MatrixException.invalidParam(field + "." + e.getKey() + " must be a string or an object");
            if (key.isObject() && key.has("signatures")) {
                // A signed key (signed_curve25519) must be signed by the device that uploads it.
                JsonNode sigs = key.path("signatures").path(user);
                if (!sigs.isObject() || !sigs.has("ed25519:" + device)) {
                    throw MatrixException.invalidParam(field + "." + e.getKey() + " is not signed by the uploading device");
                }
            }
            out.add(new OneTimeKey(e.getKey().substring(0, colon), e.getKey().substring(colon + 1), Json.write(key)));
        });
        return out;
    }

    /** POST /keys/query. */
    public Future<ObjectNode> query(Requester who, ObjectNode body) {
        JsonNode wanted = body.get("device_keys");
        if (wanted == null || !wanted.isObject()) throw MatrixException.invalidParam("'device_keys' must be an object of user IDs");
        Map<String, Set<String>> local = new LinkedHashMap<>();
        Set<String> remoteUsers = new LinkedHashSet<>();
        wanted.properties().forEach(e -> {
            Optional<UserId> id = UserId.parse(e.getKey());
            if (id.isEmpty()) throw MatrixException.invalidParam("Not a user ID: " + e.getKey());
            if (!e.getValue().isArray()) throw MatrixException.invalidParam("device_keys." + e.getKey() + " must be an array");
            if (!id.get().isLocalTo(serverName)) { remoteUsers.add(e.getKey()); return; }
            Set<String> devices = new LinkedHashSet<>();
            e.getValue().forEach(d -> devices.add(d.asText()));
            local.put(e.getKey(), devices);
        });
        ObjectNode out = Json.object();
        ObjectNode deviceKeys = out.putObject("device_keys");
        ObjectNode master = out.putObject("master_keys");
        ObjectNode selfSigning = out.putObject("self_signing_keys");
        ObjectNode userSigning = out.putObject("user_signing_keys");
        ObjectNode failures = out.putObject("failures");
        String requester = who.userId().toString();
        Future<Void> remoteDone = queryRemote(remoteUsers, body, out);
        Future<List<E2eKeyRepository.DeviceKeys>> devices = repo.deviceKeysOf(local.keySet());
        Set<String> signedUsers = new LinkedHashSet<>(local.keySet());
        signedUsers.addAll(remoteUsers);   // the requester's signatures over other servers' users' master keys
        Future<List<Signature>> signatures = repo.signaturesOver(signedUsers);
        List<Future<Map<String, String>>> crossSigning = new ArrayList<>();
        List<String> users = new ArrayList<>(local.keySet());
        users.forEach(u -> crossSigning.add(repo.crossSigningKeys(u)));
        return Future.all(devices, signatures, Future.all(crossSigning), remoteDone).map(ok -> {
            Map<String, List<Signature>> byTarget = new TreeMap<>();
            signatures.result().forEach(s -> byTarget.computeIfAbsent(s.targetUserId() + "\n" + s.targetKeyId(),
                    k -> new ArrayList<>()).add(s));
            for (String u : users) deviceKeys.putObject(u);
            for (var d : devices.result()) {
                Set<String> asked = local.get(d.userId());
                if (!asked.isEmpty() && !asked.contains(d.deviceId())) continue;
                ObjectNode keys = (ObjectNode) Json.parse(d.keyJson());
                mergeSignatures(keys, byTarget.get(d.userId() + "\n" + d.deviceId()), requester, d.userId());
                ObjectNode unsigned = keys.putObject("unsigned");
                if (d.displayName() != null) unsigned.put("device_display_name", d.displayName());
                ((ObjectNode) deviceKeys.get(d.userId())).set(d.deviceId(), keys);
            }
            for (int i = 0; i < users.size(); i++) {
                String u = users.get(i);
                Map<String, String> keys = crossSigning.get(i).result();
                if (keys.containsKey("master")) {
                    ObjectNode key = (ObjectNode) Json.parse(keys.get("master"));
                    KeySignatures.crossSigningKey(key).ifPresent(pub ->
                            mergeSignatures(key, byTarget.get(u + "\n" + pub.base64()), requester, u));
                    master.set(u, key);
                }
                if (keys.containsKey("self_signing")) selfSigning.set(u, Json.parse(keys.get("self_signing")));
                if (keys.containsKey("user_signing") && u.equals(requester)) userSigning.set(u, Json.parse(keys.get("user_signing")));
            }
            for (String u : remoteUsers) {
                if (master.get(u) instanceof ObjectNode key) {
                    KeySignatures.crossSigningKey(key).ifPresent(pub ->
                            mergeSignatures(key, byTarget.get(u + "\n" + pub.base64()), requester, u));
                }
            }
            return out;
        });
    }

    /**
     * Adds stored signatures to a key object. Signatures by other users (their user-signing key over this
     * master key) are private to the signer: only the requester's own are shown, as Synapse does.
     */
    private static void mergeSignatures(ObjectNode key, List<Signature> found, String requester, String owner) {
        if (found == null) return;
        ObjectNode sigs = key.has("signatures") && key.get("signatures").isObject() ? (ObjectNode) key.get("signatures")
                : key.putObject("signatures");
        for (Signature s : found) {
            if (!s.signerUserId().equals(owner) && !s.signerUserId().equals(requester)) continue;
            ObjectNode bySigner = sigs.has(s.signerUserId()) ? (ObjectNode) sigs.get(s.signerUserId()) : sigs.putObject(s.signerUserId());
            bySigner.put(s.signerKeyId(), s.signature());
        }
    }

    private Future<Void> queryRemote(Set<String> remoteUsers, ObjectNode body, ObjectNode out) {
        if (remoteUsers.isEmpty()) return Future.succeededFuture();
        List<Future<Void>> all = new ArrayList<>();
        for (String server : RemoteKeys.serversOf(remoteUsers, serverName.value())) {
            ObjectNode q = Json.object();
            ObjectNode dk = q.putObject("device_keys");
            remoteUsers.stream().filter(u -> u.endsWith(":" + server)).forEach(u -> dk.set(u, body.get("device_keys").get(u)));
            all.add(remote.query(server, q).map(answer -> {
                for (String section : List.of("device_keys", "master_keys", "self_signing_keys")) {
                    answer.path(section).properties().forEach(e -> ((ObjectNode) out.get(section)).set(e.getKey(), e.getValue()));
                }
                return (Void) null;
            }).otherwise(err -> {
                ((ObjectNode) out.get("failures")).set(server, Json.MAPPER.valueToTree(RemoteKeys.unreachable()));
                return null;
            }));
        }
        return Future.all(all).mapEmpty();
    }

    /** POST /keys/claim: {@code one_time_keys: {user: {device: algorithm}}}. */
    public Future<ObjectNode> claim(Requester who, ObjectNode body) {
        JsonNode wanted = body.get("one_time_keys");
        if (wanted == null || !wanted.isObject()) throw MatrixException.invalidParam("'one_time_keys' must be an object of user IDs");
        ObjectNode out = Json.object();
        ObjectNode claimed = out.putObject("one_time_keys");
        ObjectNode failures = out.putObject("failures");
        List<Future<Void>> all = new ArrayList<>();
        Set<String> remoteServers = new java.util.TreeSet<>();
        wanted.properties().forEach(e -> {
            Optional<UserId> id = UserId.parse(e.getKey());
            if (id.isEmpty()) throw MatrixException.invalidParam("Not a user ID: " + e.getKey());
            if (!e.getValue().isObject()) throw MatrixException.invalidParam("one_time_keys." + e.getKey() + " must be an object");
            if (!id.get().isLocalTo(serverName)) { remoteServers.add(id.get().server().value()); return; }
            e.getValue().properties().forEach(d -> {
                String algorithm = d.getValue().asText();
                all.add(repo.claim(e.getKey(), d.getKey(), algorithm)
                        .onComplete(v -> countsByDevice.invalidate(e.getKey() + "|" + d.getKey())).map(key -> {
                    key.ifPresent(k -> {
                        synchronized (claimed) {
                            ObjectNode user = claimed.has(e.getKey()) ? (ObjectNode) claimed.get(e.getKey()) : claimed.putObject(e.getKey());
                            ObjectNode device = user.has(d.getKey()) ? (ObjectNode) user.get(d.getKey()) : user.putObject(d.getKey());
                            device.set(k.algorithm() + ":" + k.keyId(), Json.parse(k.keyJson()));
                        }
                    });
                    return null;
                }));
            });
        });
        for (String server : remoteServers) {
            ObjectNode q = Json.object();
            ObjectNode otk = q.putObject("one_time_keys");
            wanted.properties().forEach(e -> { if (e.getKey().endsWith(":" + server)) otk.set(e.getKey(), e.getValue()); });
            all.add(remote.claim(server, q).map(answer -> {
                synchronized (claimed) {
                    answer.path("one_time_keys").properties().forEach(e -> claimed.set(e.getKey(), e.getValue()));
                }
                return (Void) null;
            }).otherwise(err -> {
                synchronized (failures) { failures.set(server, Json.MAPPER.valueToTree(RemoteKeys.unreachable())); }
                return null;
            }));
        }
        return Future.all(all).map(ok -> out);
    }
}
