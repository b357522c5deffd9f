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
import java.util.function.Supplier;
import org.lightweb.core.Clock;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.core.ServerName;
import org.lightweb.core.UserId;
import org.lightweb.server.e2ee.KeySignatures.PublicKey;
import org.lightweb.server.http.Requester;
import org.lightweb.server.sync.devicelists.DeviceLists;
import org.lightweb.storage.e2ee.E2eKeyRepository;
import org.lightweb.storage.e2ee.E2eKeyRepository.Signature;

/**
 * Cross-signing (end-to-end encryption, "Cross-signing"): the user's master, self-signing and user-signing
 * keys, and signatures made with them (self-signing over the user's devices, user-signing over other users'
 * master keys, devices over the master key).
 */
public final class CrossSigning {
    static final Map<String, String> FIELD_TO_TYPE = Map.of("master_key", "master", "self_signing_key", "self_signing",
            "user_signing_key", "user_signing");

    private final ServerName serverName;
    private final RemoteKeys remote;
    private final E2eKeyRepository repo;
    private final DeviceLists deviceLists;
    private final Clock clock;

    public CrossSigning(ServerName serverName, E2eKeyRepository repo, DeviceLists deviceLists, Clock clock) {
        this(serverName, repo, deviceLists, RemoteKeys.NONE, clock);
    }

    /** @param remote where other servers' users' master keys are fetched, to check signatures over them */
    public CrossSigning(ServerName serverName, E2eKeyRepository repo, DeviceLists deviceLists, RemoteKeys remote,
                        Clock clock) {
        this.remote = remote;
        this.serverName = serverName;
        this.repo = repo;
        this.deviceLists = deviceLists;
        this.clock = clock;
    }

    /**
     * POST /keys/device_signing/upload. {@code authenticate} runs user-interactive auth; it is skipped (spec
     * v1.11) when the user has no master key yet, or when the request holds no new key.
     */
    public Future<Void> upload(Requester who, ObjectNode body, Supplier<Future<?>> authenticate) {
        String user = who.userId().toString();
        Map<String, ObjectNode> uploaded = new LinkedHashMap<>();
        FIELD_TO_TYPE.forEach((field, type) -> {
            JsonNode key = body.get(field);
            if (key == null || key.isNull()) return;
            if (!key.isObject()) throw MatrixException.badJson("'" + field + "' must be an object");
            uploaded.put(type, (ObjectNode) key);
        });
        return repo.crossSigningKeys(user).compose(existing -> {
            boolean nothingNew = uploaded.entrySet().stream().allMatch(e -> existing.containsKey(e.getKey())
                    && Json.parse(existing.get(e.getKey())).equals(e.getValue()));
            Future<?> allowed = !existing.containsKey("master") || nothingNew ? Future.succeededFuture() : authenticate.get();
            return allowed.compose(passed -> {
                if (nothingNew) return Future.succeededFuture();
                ObjectNode master = uploaded.containsKey("master") ? uploaded.get("master")
                        : existing.containsKey("master") ? (ObjectNode) Json.parse(existing.get("master")) : null;
                check(user, uploaded, master);
                Map<String, String> toStore = new LinkedHashMap<>();
                uploaded.forEach((type, key) -> toStore.put(type, Json.write(key)));
                return repo.setCrossSigningKeys(user, toStore, clock.millis())
                        .compose(v -> deviceLists.changed(List.of(user)));
            });
        });
    }

    private static void check(String user, Map<String, ObjectNode> uploaded, ObjectNode master) {
        if (master == null) throw MatrixException.invalidParam("No master key is uploaded or stored");
        Optional<PublicKey> masterKey = KeySignatures.crossSigningKey(master);
        if (masterKey.isEmpty()) throw MatrixException.invalidParam("The master key must hold exactly one ed25519 key");
        uploaded.forEach((type, key) -> {
            if (!user.equals(key.path("user_id").asText(null))) throw MatrixException.invalidParam(type + " key: user_id is not yours");
            if (!containsText(key.path("usage"), type)) throw MatrixException.invalidParam(type + " key: usage must contain " + type);
            if (KeySignatures.crossSigningKey(key).isEmpty()) {
                throw MatrixException.invalidParam(type + " key must hold exactly one ed25519 key");
            }
            if (!type.equals("master") && !KeySignatures.signedBy(key, user, masterKey.get())) {
                throw MatrixException.invalidParam(type + " key is not signed by the master key");
            }
        });
    }

    private static boolean containsText(JsonNode array, String value) {
        if (!array.isArray()) return false;
        for (JsonNode v : array) if (value.equals(v.asText(null))) return true;
        return false;
    }

    /** POST /keys/signatures/upload: {@code {user: {key id: signed object}}}; answers {@code failures}. */
    public Future<ObjectNode> uploadSignatures(Requester who, ObjectNode body) {
        String signer = who.userId().toString();
        ObjectNode out = Json.object();
        ObjectNode failures = out.putObject("failures");
        Set<String> targets = new LinkedHashSet<>();
        body.properties().forEach(e -> {
            if (UserId.parse(e.getKey()).isEmpty()) throw MatrixException.invalidParam("Not a user ID: " + e.getKey());
            if (!e.getValue().isObject()) throw MatrixException.badJson("signatures for " + e.getKey() + " must be an object");
            targets.add(e.getKey());
        });
        Future<Map<String, String>> mine = repo.crossSigningKeys(signer);
        Future<List<E2eKeyRepository.DeviceKeys>> devices = repo.deviceKeysOf(targets);
        Map<String, Future<Map<String, String>>> theirs = new LinkedHashMap<>();
        targets.forEach(t -> theirs.put(t, UserId.parse(t).orElseThrow().isLocalTo(serverName)
                ? repo.crossSigningKeys(t) : remoteMaster(t)));
        return Future.all(mine, devices, Future.all(new ArrayList<>(theirs.values()))).compose(ok -> {
            List<Signature> accepted = new ArrayList<>();
            Set<String> changed = new LinkedHashSet<>();
            Map<String, JsonNode> deviceKeys = new LinkedHashMap<>();
            devices.result().forEach(d -> deviceKeys.put(d.userId() + "\n" + d.deviceId(), Json.parse(d.keyJson())));
            body.properties().forEach(user -> user.getValue().properties().forEach(entry -> {
                String target = user.getKey();
                String keyId = entry.getKey();
                // Another server's user: only their master key, signed by the signer's user-signing key (verifying
                // them); the key is what their server answers now. The signature is kept here, for the signer.
                Optional<String> error = accept(signer, target, keyId, entry.getValue(), mine.result(),
                        theirs.get(target).result(), deviceKeys, accepted);
                if (error.isPresent()) {
                    ObjectNode f = failures.has(target) ? (ObjectNode) failures.get(target) : failures.putObject(target);
                    f.putObject(keyId).put("errcode", "M_INVALID_SIGNATURE").put("error", error.get());
                } else {
                    changed.add(target);
                }
            }));
            return repo.addSignatures(accepted).compose(v -> deviceLists.changed(changed)).map(v -> out);
        });
    }

    /** A remote user's master key as their server answers /user/keys/query ({"master": json}), or none. */
    private Future<Map<String, String>> remoteMaster(String userId) {
        ObjectNode q = Json.object();
        q.putObject("device_keys").putArray(userId);
        String server = userId.substring(userId.indexOf(':') + 1);
        return remote.query(server, q).map(answer -> {
            JsonNode key = answer.path("master_keys").get(userId);
            return key != null && key.isObject() ? Map.of("master", Json.write(key)) : Map.<String, String>of();
        }).otherwise(Map.of());
    }

    /** Checks one signed object and adds its new signatures by {@code signer} to {@code accepted}; answers an error otherwise. */
    private static Optional<String> accept(String signer, String target, String keyId, JsonNode signed,
                                           Map<String, String> mine, Map<String, String> theirs,
                                           Map<String, JsonNode> deviceKeys, List<Signature> accepted) {
        if (!signed.isObject()) return Optional.of("The signed object must be an object");
        JsonNode stored;
        List<PublicKey> signingKeys = new ArrayList<>();
        Optional<PublicKey> targetMaster = Optional.ofNullable(theirs.get("master")).map(Json::parse)
                .flatMap(KeySignatures::crossSigningKey);
        if (targetMaster.isPresent() && targetMaster.get().base64().equals(keyId)) {
            stored = Json.parse(theirs.get("master"));
            if (signer.equals(target)) {
                // A device vouching for its user's master key.
                deviceKeys.forEach((k, keys) -> {
                    if (k.startsWith(target + "\n")) KeySignatures.deviceKey(keys, k.substring(target.length() + 1)).ifPresent(signingKeys::add);
                });
            } else {
                Optional.ofNullable(mine.get("user_signing")).map(Json::parse).flatMap(KeySignatures::crossSigningKey)
                        .ifPresent(signingKeys::add);
            }
        } else if (signer.equals(target) && deviceKeys.containsKey(target + "\n" + keyId)) {
            stored = deviceKeys.get(target + "\n" + keyId);
            Optional.ofNullable(mine.get("self_signing")).map(Json::parse).flatMap(KeySignatures::crossSigningKey)
                    .ifPresent(signingKeys::add);
        } else {
            return Optional.of("Unknown key " + keyId + " of " + target);
        }
        if (!KeySignatures.signedPart(stored).equals(KeySignatures.signedPart(signed))) {
            return Optional.of("The signed object differs from the stored key");
        }
        JsonNode sigs = signed.path("signatures").path(signer);
        int before = accepted.size();
        for (PublicKey key : signingKeys) {
            JsonNode sig = sigs.get(key.keyId());
            if (sig == null || !sig.isTextual()) continue;
            if (!KeySignatures.signedBy(signed, signer, key)) return Optional.of("Invalid signature by " + key.keyId());
            accepted.add(new Signature(signer, key.keyId(), target, keyId, sig.asText()));
        }
        return accepted.size() > before ? Optional.empty() : Optional.of("No signature by a key that may sign this key");
    }
}
