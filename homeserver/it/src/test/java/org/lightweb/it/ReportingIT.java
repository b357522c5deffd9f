package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/**
 * Reporting content: events only by those who can see them (404 otherwise), rooms and users that exist, bounded
 * reasons and a rate limit; reports read and deleted by server admins through Synapse's admin API, and by nobody
 * else.
 */
class ReportingIT {
    @RegisterExtension
    static final TestNode node = TestNode.create(c -> {
        ObjectNode limits = c.putObject("rate_limits").put("enabled", true);
        for (String k : new String[] {"registration", "login", "failed_login"}) {
            limits.putObject(k).put("per_second", 1000).put("burst_count", 1000);
        }
        c.putObject("reports").put("max_reason_length", 50)
                .putObject("rate").put("per_second", 0.001).put("burst_count", 5);
    });

    private final RoomSteps rooms = new RoomSteps(node.client());
    private static int counter;

    private static synchronized String fresh(String prefix) {
        return prefix + (++counter) + "r" + System.nanoTime() % 100_000;
    }

    private TestClient.Account user(String name) {
        return node.client().register(fresh(name), "password123");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private TestClient.Response reportEvent(TestClient.Account who, String room, String event, ObjectNode body) {
        return node.client().post("/_matrix/client/v3/rooms/" + enc(room) + "/report/" + enc(event), who.accessToken(), body);
    }

    private String admin() {
        return AdminIT.registerWithSharedSecret(node, fresh("admin"), "password123", true);
    }

    @Test
    void reportShouldBeRefusedWhenTheReporterCannotSeeTheEvent() {
        var ann = user("rann");
        var ben = user("rben");
        String room = rooms.createRoom(ann, "public_chat");
        rooms.setState(ann, room, "m.room.history_visibility", "", Json.object().put("history_visibility", "joined"));
        String before = rooms.send(ann, room, "before ben came");
        var notJoined = reportEvent(ben, room, before, Json.object().put("reason", "spam"));
        assertThat(notJoined.status()).as(notJoined.body()).isEqualTo(404);
        assertThat(notJoined.errcode()).isEqualTo("M_NOT_FOUND");

        rooms.join(ben, room);
        var hidden = reportEvent(ben, room, before, Json.object().put("reason", "spam"));
        assertThat(hidden.status()).as("joined, but history is hidden: " + hidden.body()).isEqualTo(404);
        assertThat(hidden.errcode()).isEqualTo("M_NOT_FOUND");
        var unknown = reportEvent(ben, room, "$nope:localhost", Json.object().put("reason", "spam"));
        assertThat(unknown.status()).isEqualTo(404);

        String after = rooms.send(ann, room, "after ben came");
        var ok = reportEvent(ben, room, after, Json.object().put("reason", "spam"));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    }

    @Test
    void adminsShouldListReadAndDeleteReportsAndNobodyElse() {
        var ann = user("rann");
        var ben = user("rben");
        String room = rooms.createRoom(ann, "public_chat");
        rooms.join(ben, room);
        String event = rooms.send(ann, room, "offensive");
        var res = reportEvent(ben, room, event, Json.object().put("reason", "rude").put("score", -100));
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        assertThat(res.json().isEmpty()).isTrue();

        String base = "/_synapse/admin/v1/event_reports";
        var forbidden = node.client().get(base, ben.accessToken());
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.errcode()).isEqualTo("M_FORBIDDEN");

        String admin = admin();
        var list = node.client().get(base + "?room_id=" + enc(room), admin);
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        assertThat(list.json().path("total").asInt()).isEqualTo(1);
        JsonNode report = list.json().path("event_reports").get(0);
        assertThat(report.path("event_id").asText()).isEqualTo(event);
        assertThat(report.path("room_id").asText()).isEqualTo(room);
        assertThat(report.path("user_id").asText()).isEqualTo(ben.userId());
        assertThat(report.path("sender").asText()).isEqualTo(ann.userId());
        assertThat(report.path("reason").asText()).isEqualTo("rude");
        assertThat(report.path("score").asInt()).isEqualTo(-100);
        long id = report.path("id").asLong();

        assertThat(node.client().get(base + "/" + id, ben.accessToken()).status()).isEqualTo(403);
        assertThat(node.client().delete(base + "/" + id, ben.accessToken(), null).status()).isEqualTo(403);
        var one = node.client().get(base + "/" + id, admin);
        assertThat(one.status()).as(one.body()).isEqualTo(200);
        assertThat(one.json().path("event_json").path("content").path("body").asText()).isEqualTo("offensive");
        assertThat(node.client().get(base + "?dir=sideways", admin).errcode()).isEqualTo("M_INVALID_PARAM");
        assertThat(node.client().get(base + "/abc", admin).errcode()).isEqualTo("M_INVALID_PARAM");

        assertThat(node.client().delete(base + "/" + id, admin, null).status()).isEqualTo(200);
        assertThat(node.client().get(base + "/" + id, admin).status()).isEqualTo(404);
        assertThat(node.client().delete(base + "/" + id, admin, null).status()).isEqualTo(404);
        assertThat(node.client().get(base + "?room_id=" + enc(room), admin).json().path("total").asInt()).isZero();
    }

    @Test
    void roomAndUserReportsShouldNeedAnExistingTargetAndAReason() {
        var cal = user("rcal");
        var dee = user("rdee");
        String room = rooms.createRoom(dee, "private_chat");
        var r = node.client().post("/_matrix/client/v3/rooms/" + enc(room) + "/report", cal.accessToken(),
                Json.object().put("reason", "a bad room"));
        assertThat(r.status()).as("not joined is fine: " + r.body()).isEqualTo(200);
        r = node.client().post("/_matrix/client/v3/rooms/" + enc("!nowhere:localhost") + "/report", cal.accessToken(),
                Json.object().put("reason", "x"));
        assertThat(r.status()).isEqualTo(404);
        r = node.client().post("/_matrix/client/v3/rooms/" + enc(room) + "/report", cal.accessToken(), Json.object());
        assertThat(r.errcode()).isEqualTo("M_MISSING_PARAM");

        r = node.client().post("/_matrix/client/v3/users/" + enc(dee.userId()) + "/report", cal.accessToken(),
                Json.object().put("reason", "rude"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        r = node.client().post("/_matrix/client/v3/users/" + enc("@nobody-here:localhost") + "/report", cal.accessToken(),
                Json.object().put("reason", "rude"));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.errcode()).isEqualTo("M_NOT_FOUND");
    }

    @Test
    void longReasonsAndFloodsShouldBeRefused() {
        var eve = user("reve");
        String room = rooms.createRoom(eve, "private_chat");
        var tooLong = node.client().post("/_matrix/client/v3/rooms/" + enc(room) + "/report", eve.accessToken(),
                Json.object().put("reason", "x".repeat(51)));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.errcode()).isEqualTo("M_INVALID_PARAM");
        int accepted = 0;
        TestClient.Response last = null;
        for (int i = 0; i < 6; i++) {
            last = node.client().post("/_matrix/client/v3/rooms/" + enc(room) + "/report", eve.accessToken(),
                    Json.object().put("reason", "again " + i));
            if (last.status() == 200) accepted++;
        }
        assertThat(accepted).isEqualTo(5);
        assertThat(last.status()).isEqualTo(429);
        assertThat(last.errcode()).isEqualTo("M_LIMIT_EXCEEDED");
    }
}
