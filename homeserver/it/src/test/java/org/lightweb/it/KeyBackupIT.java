package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/** Server-side key backup: version CRUD, keys with etag and count, the replace rules, the wrong-version answer. */
class KeyBackupIT {
    @RegisterExtension
    static final TestNode node = TestNode.create();

    private final TestClient client = node.client();
    private static final String ALG = "m.megolm_backup.v1.curve25519-aes-sha2";
    private static final String ROOM = "!room:localhost";

    private static ObjectNode version() {
        ObjectNode body = Json.object().put("algorithm", ALG);
        body.putObject("auth_data").put("public_key", "cHVibGlj");
        return body;
    }

    private static ObjectNode keyData(int first, int forwarded, boolean verified, String cipher) {
        ObjectNode data = Json.object().put("first_message_index", first).put("forwarded_count", forwarded).put("is_verified", verified);
        data.putObject("session_data").put("ciphertext", cipher).put("ephemeral", "ZXBo").put("mac", "bWFj");
        return data;
    }

    @Test
    void backupVersionsShouldBeCreatedReadUpdatedAndDeleted() {
        var ann = client.register("kbann", "password123");
        assertThat(client.get("/_matrix/client/v3/room_keys/version", ann.accessToken()).errcode()).isEqualTo("M_NOT_FOUND");
        String v = client.post("/_matrix/client/v3/room_keys/version", ann.accessToken(), version()).json().path("version").asText();
        JsonNode current = client.get("/_matrix/client/v3/room_keys/version", ann.accessToken()).json();
        assertThat(current.path("version").asText()).isEqualTo(v);
        assertThat(current.path("algorithm").asText()).isEqualTo(ALG);
        assertThat(current.path("count").asInt()).isZero();
        assertThat(current.path("etag").isTextual()).isTrue();

        ObjectNode update = version();
        ((ObjectNode) update.get("auth_data")).put("public_key", "bmV3");
        assertThat(client.put("/_matrix/client/v3/room_keys/version/" + v, ann.accessToken(), update).status()).isEqualTo(200);
        assertThat(client.get("/_matrix/client/v3/room_keys/version/" + v, ann.accessToken()).json()
                .path("auth_data").path("public_key").asText()).isEqualTo("bmV3");
        assertThat(client.put("/_matrix/client/v3/room_keys/version/" + v, ann.accessToken(), update.deepCopy().put("algorithm", "other"))
                .errcode()).isEqualTo("M_INVALID_PARAM");
        assertThat(client.put("/_matrix/client/v3/room_keys/version/" + v, ann.accessToken(), update.deepCopy().put("version", "999"))
                .errcode()).isEqualTo("M_INVALID_PARAM");

        assertThat(client.delete("/_matrix/client/v3/room_keys/version/" + v, ann.accessToken(), Json.object()).status()).isEqualTo(200);
        assertThat(client.get("/_matrix/client/v3/room_keys/version/" + v, ann.accessToken()).status()).isEqualTo(404);
        assertThat(client.delete("/_matrix/client/v3/room_keys/version/" + v, ann.accessToken(), Json.object()).status()).isEqualTo(404);
    }

    @Test
    void keysShouldBeStoredReplacedOnlyByBetterOnesAndRefusedForAnOldVersion() {
        var bo = client.register("kbbo", "password123");
        String v1 = client.post("/_matrix/client/v3/room_keys/version", bo.accessToken(), version()).json().path("version").asText();
        String path = "/_matrix/client/v3/room_keys/keys/" + DirectorySteps.enc(ROOM) + "/sess1?version=" + v1;
        JsonNode put = client.put(path, bo.accessToken(), keyData(3, 1, false, "Zmlyc3Q")).json();
        assertThat(put.path("count").asInt()).isEqualTo(1);
        String etag = put.path("etag").asText();

        JsonNode worse = client.put(path, bo.accessToken(), keyData(7, 0, false, "d29yc2U")).json();
        assertThat(worse.path("etag").asText()).isEqualTo(etag);
        assertThat(client.get(path, bo.accessToken()).json().path("session_data").path("ciphertext").asText()).isEqualTo("Zmlyc3Q");
        JsonNode better = client.put(path, bo.accessToken(), keyData(9, 2, true, "dmVyaWZpZWQ")).json();
        assertThat(better.path("etag").asText()).isNotEqualTo(etag);

        ObjectNode all = Json.object();
        all.putObject("rooms").putObject(ROOM).putObject("sessions").set("sess2", keyData(0, 0, false, "c2Vjb25k"));
        assertThat(client.put("/_matrix/client/v3/room_keys/keys?version=" + v1, bo.accessToken(), all).json().path("count").asInt())
                .isEqualTo(2);
        JsonNode got = client.get("/_matrix/client/v3/room_keys/keys?version=" + v1, bo.accessToken()).json();
        assertThat(got.path("rooms").path(ROOM).path("sessions").path("sess1").path("session_data").path("ciphertext").asText())
                .isEqualTo("dmVyaWZpZWQ");
        assertThat(got.path("rooms").path(ROOM).path("sessions").has("sess2")).isTrue();

        String v2 = client.post("/_matrix/client/v3/room_keys/version", bo.accessToken(), version()).json().path("version").asText();
        var wrong = client.put(path, bo.accessToken(), keyData(0, 0, true, "eA"));
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.errcode()).isEqualTo("M_WRONG_ROOM_KEYS_VERSION");
        assertThat(wrong.json().path("current_version").asText()).isEqualTo(v2);

        JsonNode deleted = client.delete("/_matrix/client/v3/room_keys/keys/" + DirectorySteps.enc(ROOM) + "?version=" + v1,
                bo.accessToken(), Json.object()).json();
        assertThat(deleted.path("count").asInt()).isZero();
        assertThat(client.get(path, bo.accessToken()).status()).isEqualTo(404);
        assertThat(client.get("/_matrix/client/v3/room_keys/keys?version=nope", bo.accessToken()).status()).isEqualTo(404);
        assertThat(client.put(path.replace("sess1", "sess3"), bo.accessToken(), Json.object().put("first_message_index", 1)).status())
                .isEqualTo(400);
    }
}
