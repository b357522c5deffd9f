package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.List;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;
import org.lightweb.federation.protocol.Base64s;
import org.lightweb.federation.protocol.CanonicalJson;

/** The key management API: upload, query, claim, changes, sync counts, cross-signing. */
class E2eeKeysIT {
    @RegisterExtension
    static final TestNode node = TestNode.create();

    private final TestClient client = node.client();
    private final SyncSteps syncs = new SyncSteps(client);

    /** An Ed25519 key pair, as a client's crypto holds it. */
    static final class Key {
        final Ed25519PrivateKeyParameters priv = new Ed25519PrivateKeyParameters(new SecureRandom());

        String pub() { return Base64s.encode(priv.generatePublicKey().getEncoded()); }

        ObjectNode sign(ObjectNode object, String user, String keyId) {
            ObjectNode part = object.deepCopy();
            part.remove("signatures");
            part.remove("unsigned");
            Ed25519Signer signer = new Ed25519Signer();
            signer.init(true, priv);
            byte[] message = CanonicalJson.encode(part);
            signer.update(message, 0, message.length);
            ObjectNode sigs = object.has("signatures") ? (ObjectNode) object.get("signatures") : object.putObject("signatures");
            ObjectNode mine = sigs.has(user) ? (ObjectNode) sigs.get(user) : sigs.putObject(user);
            mine.put(keyId, Base64s.encode(signer.generateSignature()));
            return object;
        }
    }

    static ObjectNode deviceKeys(TestClient.Account who, Key key) {
        ObjectNode keys = Json.object().put("user_id", who.userId()).put("device_id", who.deviceId());
        keys.putArray("algorithms").add("m.olm.v1.curve25519-aes-sha2").add("m.megolm.v1.aes-sha2");
        keys.putObject("keys").put("curve25519:" + who.deviceId(), "Y3VydmUyNTUxOQ").put("ed25519:" + who.deviceId(), key.pub());
        return key.sign(keys, who.userId(), "ed25519:" + who.deviceId());
    }

    private static ObjectNode oneTimeKey(TestClient.Account who, Key key, String value) {
        return key.sign(Json.object().put("key", value), who.userId(), "ed25519:" + who.deviceId());
    }

    private TestClient.Response upload(TestClient.Account who, ObjectNode body) {
        return client.post("/_matrix/client/v3/keys/upload", who.accessToken(), body);
    }

    private ObjectNode claimBody(TestClient.Account who) {
        ObjectNode body = Json.object();
        body.putObject("one_time_keys").putObject(who.userId()).put(who.deviceId(), "signed_curve25519");
        return body;
    }

    private ObjectNode queryBody(String... users) {
        ObjectNode body = Json.object();
        ObjectNode dk = body.putObject("device_keys");
        for (String u : users) dk.putArray(u);
        return body;
    }

    private String createRoom(TestClient.Account who, ObjectNode body) {
        var res = client.post("/_matrix/client/v3/createRoom", who.accessToken(), body);
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.json().path("room_id").asText();
    }

    private TestClient.Response encryptionState(TestClient.Account who, String roomId) {
        return client.get("/_matrix/client/v3/rooms/" + roomId + "/state/m.room.encryption/", who.accessToken());
    }

    @Test
    void privateRoomsShouldBeEncryptedByDefaultAndPublicOnesNot() {
        var ann = client.register("e2encann", "password123");
        String privateRoom = createRoom(ann, Json.object().put("preset", "private_chat"));
        var enc = encryptionState(ann, privateRoom);
        assertThat(enc.status()).as(enc.body()).isEqualTo(200);
        assertThat(enc.json().path("algorithm").asText()).isEqualTo("m.megolm.v1.aes-sha2");
        String trusted = createRoom(ann, Json.object().put("preset", "trusted_private_chat"));
        assertThat(encryptionState(ann, trusted).status()).isEqualTo(200);
        String noPreset = createRoom(ann, Json.object());   // visibility private: private_chat
        assertThat(encryptionState(ann, noPreset).status()).isEqualTo(200);

        String publicRoom = createRoom(ann, Json.object().put("preset", "public_chat"));
        var none = encryptionState(ann, publicRoom);
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.errcode()).isEqualTo("M_NOT_FOUND");
    }

    @Test
    void anEncryptionEventInInitialStateShouldBeKeptAsGiven() {
        var ann = client.register("e2encown", "password123");
        ObjectNode body = Json.object().put("preset", "private_chat");
        body.putArray("initial_state").addObject().put("type", "m.room.encryption").put("state_key", "")
                .putObject("content").put("algorithm", "m.megolm.v1.aes-sha2").put("rotation_period_msgs", 5);
        String roomId = createRoom(ann, body);
        var enc = encryptionState(ann, roomId);
        assertThat(enc.status()).as(enc.body()).isEqualTo(200);
        assertThat(enc.json().path("rotation_period_msgs").asInt()).isEqualTo(5);
        var state = client.get("/_matrix/client/v3/rooms/" + roomId + "/state", ann.accessToken()).json();
        long encryptionEvents = 0;
        for (JsonNode e : state) if (e.path("type").asText().equals("m.room.encryption")) encryptionEvents++;
        assertThat(encryptionEvents).isEqualTo(1);
        var messages = client.get("/_matrix/client/v3/rooms/" + roomId + "/messages?dir=b&limit=50", ann.accessToken()).json();
        long sent = 0;
        for (JsonNode e : messages.path("chunk")) if (e.path("type").asText().equals("m.room.encryption")) sent++;
        assertThat(sent).as("one m.room.encryption event in the timeline").isEqualTo(1);
    }

    @Test
    void uploadedKeysShouldBeQueriedAndClaimedOnceThenTheFallbackKey() {
        var ann = client.register("e2ann", "password123");
        var bob = client.register("e2bob", "password123");
        Key key = new Key();
        ObjectNode body = Json.object();
        body.set("device_keys", deviceKeys(ann, key));
        body.putObject("one_time_keys").set("signed_curve25519:AAAA", oneTimeKey(ann, key, "b3Rr"));
        body.putObject("fallback_keys").set("signed_curve25519:FFFF", oneTimeKey(ann, key, "ZmFsbA").put("fallback", true));
        var uploaded = upload(ann, body);
        assertThat(uploaded.status()).isEqualTo(200);
        assertThat(uploaded.json().path("one_time_key_counts").path("signed_curve25519").asInt()).isEqualTo(1);

        assertThat(client.put("/_matrix/client/v3/devices/" + ann.deviceId(), ann.accessToken(),
                Json.object().put("display_name", "Ann's phone")).status()).isEqualTo(200);
        JsonNode query = client.post("/_matrix/client/v3/keys/query", bob.accessToken(),
                queryBody(ann.userId(), "@someone:remote.example")).json();
        JsonNode annDevice = query.path("device_keys").path(ann.userId()).path(ann.deviceId());
        assertThat(annDevice.path("keys").path("ed25519:" + ann.deviceId()).asText()).isEqualTo(key.pub());
        assertThat(annDevice.path("unsigned").path("device_display_name").asText()).isEqualTo("Ann's phone");
        assertThat(query.path("failures").has("remote.example")).isTrue();

        JsonNode first = client.post("/_matrix/client/v3/keys/claim", bob.accessToken(), claimBody(ann)).json();
        assertThat(first.path("one_time_keys").path(ann.userId()).path(ann.deviceId()).has("signed_curve25519:AAAA")).isTrue();
        for (int i = 0; i < 2; i++) {
            JsonNode next = client.post("/_matrix/client/v3/keys/claim", bob.accessToken(), claimBody(ann)).json();
            assertThat(next.path("one_time_keys").path(ann.userId()).path(ann.deviceId()).fieldNames()).toIterable()
                    .containsExactly("signed_curve25519:FFFF");
        }
        JsonNode sync = syncs.sync(ann, "");
        assertThat(sync.path("device_one_time_keys_count").path("signed_curve25519").asInt()).isZero();
        assertThat(sync.path("device_unused_fallback_key_types").size()).isZero();

        // Deleting the device deletes its keys and tells room mates' clients to look again.
        ObjectNode delete = Json.object();
        delete.putObject("auth").put("type", "m.login.password").put("password", "password123")
                .putObject("identifier").put("type", "m.id.user").put("user", ann.userId());
        var login = client.login(ann.userId(), "password123", "SECOND").json();
        String since = syncs.since(ann);
        assertThat(client.delete("/_matrix/client/v3/devices/SECOND", ann.accessToken(), delete).status()).isEqualTo(200);
        assertThat(login.path("device_id").asText()).isEqualTo("SECOND");
        assertThat(Json.MAPPER.convertValue(syncs.sync(ann, "?since=" + SyncSteps.enc(since)).path("device_lists")
                .path("changed"), List.class)).contains(ann.userId());
    }

    @Test
    void syncShouldCarryOneTimeKeyCountsAndUnusedFallbackTypes() {
        var cy = client.register("e2cy", "password123");
        Key key = new Key();
        ObjectNode body = Json.object();
        ObjectNode otks = body.putObject("one_time_keys");
        for (int i = 0; i < 3; i++) otks.set("signed_curve25519:K" + i, oneTimeKey(cy, key, "a2V5" + i));
        body.putObject("fallback_keys").set("signed_curve25519:F", oneTimeKey(cy, key, "Zg"));
        assertThat(upload(cy, body).status()).isEqualTo(200);
        JsonNode sync = syncs.sync(cy, "");
        assertThat(sync.path("device_one_time_keys_count").path("signed_curve25519").asInt()).isEqualTo(3);
        assertThat(sync.path("device_unused_fallback_key_types").get(0).asText()).isEqualTo("signed_curve25519");

        ObjectNode sliding = SlidingSyncSteps.list("all", 9, 1);
        sliding.putObject("extensions").putObject("e2ee").put("enabled", true);
        JsonNode e2ee = new SlidingSyncSteps(client).sync(cy, null, sliding).path("extensions").path("e2ee");
        assertThat(e2ee.path("device_one_time_keys_count").path("signed_curve25519").asInt()).isEqualTo(3);
        assertThat(e2ee.path("device_unused_fallback_key_types").get(0).asText()).isEqualTo("signed_curve25519");
    }

    @Test
    void forgedOrForeignDeviceKeysShouldBeRefused() {
        var di = client.register("e2di", "password123");
        Key key = new Key();
        ObjectNode forged = deviceKeys(di, key);
        ((ObjectNode) forged.get("keys")).put("ed25519:" + di.deviceId(), new Key().pub());
        var refused = upload(di, (ObjectNode) Json.object().set("device_keys", forged));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errcode()).isEqualTo("M_INVALID_PARAM");

        ObjectNode otherDevice = deviceKeys(di, key).put("device_id", "NOTMINE");
        assertThat(upload(di, (ObjectNode) Json.object().set("device_keys", otherDevice)).errcode()).isEqualTo("M_INVALID_PARAM");

        assertThat(upload(di, (ObjectNode) Json.object().set("device_keys", deviceKeys(di, key))).status()).isEqualTo(200);
        assertThat(upload(di, (ObjectNode) Json.object().set("device_keys", deviceKeys(di, key))).status()).isEqualTo(200);
        var replaced = upload(di, (ObjectNode) Json.object().set("device_keys", deviceKeys(di, new Key())));
        assertThat(replaced.status()).isEqualTo(400);
    }

    @Test
    void keysChangesShouldListARoomMateWhoUploadedKeys() {
        var ed = client.register("e2ed", "password123");
        var flo = client.register("e2flo", "password123");
        RoomSteps rooms = new RoomSteps(client);
        String room = rooms.createRoom(ed, "public_chat");
        rooms.join(flo, room);
        String from = syncs.since(ed);
        assertThat(upload(flo, (ObjectNode) Json.object().set("device_keys", deviceKeys(flo, new Key()))).status()).isEqualTo(200);
        String to = syncs.since(ed);
        JsonNode changes = client.get("/_matrix/client/v3/keys/changes?from=" + SyncSteps.enc(from) + "&to=" + SyncSteps.enc(to),
                ed.accessToken()).json();
        assertThat(Json.MAPPER.convertValue(changes.path("changed"), List.class)).contains(flo.userId());
        JsonNode sync = syncs.sync(ed, "?since=" + SyncSteps.enc(from));
        assertThat(Json.MAPPER.convertValue(sync.path("device_lists").path("changed"), List.class)).contains(flo.userId());
        assertThat(client.get("/_matrix/client/v3/keys/changes?from=nonsense&to=" + SyncSteps.enc(to), ed.accessToken()).status())
                .isEqualTo(400);
    }

    static ObjectNode crossSigningKey(String user, String usage, Key key) {
        ObjectNode k = Json.object().put("user_id", user);
        k.putArray("usage").add(usage);
        k.putObject("keys").put("ed25519:" + key.pub(), key.pub());
        return k;
    }

    @Test
    void crossSigningKeysShouldNeedUiAuthToReplaceAndSignDevices() {
        var gus = client.register("e2gus", "password123");
        var hal = client.register("e2hal", "password123");
        Key device = new Key();
        assertThat(upload(gus, (ObjectNode) Json.object().set("device_keys", deviceKeys(gus, device))).status()).isEqualTo(200);
        Key master = new Key();
        Key selfSigning = new Key();
        Key userSigning = new Key();
        ObjectNode body = Json.object();
        body.set("master_key", crossSigningKey(gus.userId(), "master", master));
        body.set("self_signing_key", master.sign(crossSigningKey(gus.userId(), "self_signing", selfSigning), gus.userId(),
                "ed25519:" + master.pub()));
        body.set("user_signing_key", master.sign(crossSigningKey(gus.userId(), "user_signing", userSigning), gus.userId(),
                "ed25519:" + master.pub()));
        // The first upload needs no UIA; the same keys again neither.
        assertThat(client.post("/_matrix/client/v3/keys/device_signing/upload", gus.accessToken(), body).status()).isEqualTo(200);
        assertThat(client.post("/_matrix/client/v3/keys/device_signing/upload", gus.accessToken(), body).status()).isEqualTo(200);

        // The self-signing key signs the device; the user-signing key signs another user's master key.
        ObjectNode signedDevice = selfSigning.sign(deviceKeys(gus, device), gus.userId(), "ed25519:" + selfSigning.pub());
        ObjectNode halMaster = crossSigningKey(hal.userId(), "master", new Key());
        ObjectNode halBody = Json.object();
        halBody.set("master_key", halMaster);
        assertThat(client.post("/_matrix/client/v3/keys/device_signing/upload", hal.accessToken(), halBody).status()).isEqualTo(200);
        String halMasterPub = halMaster.path("keys").elements().next().asText();
        ObjectNode sigs = Json.object();
        sigs.putObject(gus.userId()).set(gus.deviceId(), signedDevice);
        sigs.putObject(hal.userId()).set(halMasterPub, userSigning.sign(halMaster.deepCopy(), gus.userId(), "ed25519:" + userSigning.pub()));
        JsonNode result = client.post("/_matrix/client/v3/keys/signatures/upload", gus.accessToken(), sigs).json();
        assertThat(result.path("failures").isEmpty()).as(result.toString()).isTrue();
        JsonNode query = client.post("/_matrix/client/v3/keys/query", gus.accessToken(), queryBody(gus.userId(), hal.userId())).json();
        assertThat(query.path("device_keys").path(gus.userId()).path(gus.deviceId()).path("signatures").path(gus.userId())
                .has("ed25519:" + selfSigning.pub())).isTrue();
        assertThat(query.path("master_keys").path(hal.userId()).path("signatures").path(gus.userId())
                .has("ed25519:" + userSigning.pub())).isTrue();
        assertThat(query.path("user_signing_keys").has(gus.userId())).isTrue();
        assertThat(query.path("user_signing_keys").has(hal.userId())).isFalse();

        // A signature by a key that did not make it is refused.
        ObjectNode forged = new Key().sign(deviceKeys(gus, device), gus.userId(), "ed25519:" + selfSigning.pub());
        ObjectNode bad = Json.object();
        bad.putObject(gus.userId()).set(gus.deviceId(), forged);
        JsonNode refused = client.post("/_matrix/client/v3/keys/signatures/upload", gus.accessToken(), bad).json();
        assertThat(refused.path("failures").path(gus.userId()).path(gus.deviceId()).path("errcode").asText())
                .isEqualTo("M_INVALID_SIGNATURE");

        // Replacing the master key asks for the password.
        ObjectNode replace = Json.object();
        replace.set("master_key", crossSigningKey(gus.userId(), "master", new Key()));
        var challenge = client.post("/_matrix/client/v3/keys/device_signing/upload", gus.accessToken(), replace);
        assertThat(challenge.status()).isEqualTo(401);
        ObjectNode auth = replace.putObject("auth").put("type", "m.login.password").put("password", "password123")
                .put("session", challenge.json().path("session").asText());
        auth.putObject("identifier").put("type", "m.id.user").put("user", gus.userId());
        var withAuth = client.post("/_matrix/client/v3/keys/device_signing/upload", gus.accessToken(), replace);
        assertThat(withAuth.status()).as(withAuth.body()).isEqualTo(200);
    }

    @Test
    void aDeactivatedUsersCrossSigningKeysShouldBeForgotten() {
        var ivy = client.register("e2ivy", "password123");
        var jo = client.register("e2jo", "password123");
        ObjectNode body = Json.object();
        body.set("master_key", crossSigningKey(ivy.userId(), "master", new Key()));
        assertThat(client.post("/_matrix/client/v3/keys/device_signing/upload", ivy.accessToken(), body).status()).isEqualTo(200);
        assertThat(client.post("/_matrix/client/v3/keys/query", jo.accessToken(), queryBody(ivy.userId())).json()
                .path("master_keys").has(ivy.userId())).isTrue();

        ObjectNode deactivate = Json.object();
        deactivate.putObject("auth").put("type", "m.login.password").put("password", "password123")
                .putObject("identifier").put("type", "m.id.user").put("user", "e2ivy");
        assertThat(client.post("/_matrix/client/v3/account/deactivate", ivy.accessToken(), deactivate).status()).isEqualTo(200);
        assertThat(client.post("/_matrix/client/v3/keys/query", jo.accessToken(), queryBody(ivy.userId())).json()
                .path("master_keys").has(ivy.userId())).isFalse();
    }
}
