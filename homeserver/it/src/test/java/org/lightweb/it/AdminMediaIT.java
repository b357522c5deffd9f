package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/** Synapse's media admin API: quarantine (one, a room's), unquarantine, delete, purge the remote cache. */
class AdminMediaIT {
    @RegisterExtension
    static final TestNode node = TestNode.create();
    static String admin;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void admin() {
        admin = AdminIT.registerWithSharedSecret(node, "mediaboss", "password123", true);
    }

    static String upload(TestClient.Account who, String text) throws Exception {
        return upload(node, who, text);
    }

    /** Uploads and answers "localhost/<id>". */
    static String upload(TestNode node, TestClient.Account who, String text) throws Exception {
        var res = http.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/_matrix/media/v3/upload"))
                .header("Authorization", "Bearer " + who.accessToken()).header("Content-Type", "text/plain")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(text)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return Json.parse(res.body()).path("content_uri").asText().substring("mxc://".length());
    }

    static int download(TestClient.Account who, String serverAndId) {
        return download(node, who, serverAndId);
    }

    static int download(TestNode node, TestClient.Account who, String serverAndId) {
        return node.client().get("/_matrix/client/v1/media/download/" + serverAndId, who.accessToken()).status();
    }

    @Test
    void quarantinedMediaShouldAnswer404UntilUnquarantined() throws Exception {
        var ann = node.client().register("uploader", "password123");
        String id = upload(ann, "hello");
        assertThat(download(ann, id)).isEqualTo(200);
        var q = node.client().post("/_synapse/admin/v1/media/quarantine/" + id, admin, Json.object());
        assertThat(q.status()).as(q.body()).isEqualTo(200);
        assertThat(download(ann, id)).isEqualTo(404);
        assertThat(node.client().get("/_matrix/client/v1/media/thumbnail/" + id + "?width=32&height=32", ann.accessToken())
                .status()).isEqualTo(404);
        node.client().post("/_synapse/admin/v1/media/unquarantine/" + id, admin, Json.object());
        assertThat(download(ann, id)).isEqualTo(200);
        var plain = node.client().post("/_synapse/admin/v1/media/quarantine/" + id, ann.accessToken(), Json.object());
        assertThat(plain.status()).isEqualTo(403);
    }

    @Test
    void roomQuarantineShouldCatchEveryMediaSentInTheRoom() throws Exception {
        var ann = node.client().register("roomsharer", "password123");
        String one = upload(ann, "one");
        String two = upload(ann, "two");
        String room = node.client().post("/_matrix/client/v3/createRoom", ann.accessToken(), Json.object())
                .json().path("room_id").asText();
        for (String id : new String[] {one, two}) {
            node.client().put("/_matrix/client/v3/rooms/" + room + "/send/m.room.message/t" + id.hashCode(), ann.accessToken(),
                    Json.object().put("msgtype", "m.file").put("body", "f").put("url", "mxc://" + id));
        }
        var res = node.client().post("/_synapse/admin/v1/room/" + room + "/media/quarantine", admin, Json.object());
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        assertThat(res.json().path("num_quarantined").asInt()).isEqualTo(2);
        assertThat(download(ann, one)).isEqualTo(404);
        assertThat(download(ann, two)).isEqualTo(404);
    }

    @Test
    void userQuarantineShouldCatchEveryUploadOfTheUser() throws Exception {
        var ann = node.client().register("prolific", "password123");
        var ben = node.client().register("bystanding", "password123");
        String one = upload(ann, "first");
        String two = upload(ann, "second");
        String other = upload(ben, "not theirs");
        var res = node.client().post("/_synapse/admin/v1/user/%40prolific%3Alocalhost/media/quarantine", admin, Json.object());
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        assertThat(res.json().path("num_quarantined").asInt()).isEqualTo(2);
        assertThat(download(ben, one)).isEqualTo(404);
        assertThat(download(ben, two)).isEqualTo(404);
        assertThat(download(ben, other)).isEqualTo(200);
    }

    @Test
    void deleteShouldRemoveLocalMediaAndRefuseRemoteOnes() throws Exception {
        var ann = node.client().register("deleter", "password123");
        String id = upload(ann, "bye");
        var res = node.client().delete("/_synapse/admin/v1/media/" + id, admin, Json.object());
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        assertThat(res.json().path("total").asInt()).isEqualTo(1);
        assertThat(res.json().path("deleted_media").get(0).asText()).isEqualTo(id.substring("localhost/".length()));
        assertThat(download(ann, id)).isEqualTo(404);
        assertThat(node.client().delete("/_synapse/admin/v1/media/" + id, admin, Json.object()).status()).isEqualTo(404);
        assertThat(node.client().delete("/_synapse/admin/v1/media/other.example/abc", admin, Json.object()).status())
                .isEqualTo(400);
    }

    @Test
    void purgeMediaCacheShouldAnswerHowManyWentAndNeedBeforeTs() {
        var res = node.client().post("/_synapse/admin/v1/purge_media_cache?before_ts=" + System.currentTimeMillis(), admin,
                Json.object());
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        assertThat(res.json().path("deleted").asInt()).isZero();
        assertThat(node.client().post("/_synapse/admin/v1/purge_media_cache", admin, Json.object()).status()).isEqualTo(400);
    }
}
