package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/**
 * The Application Service API on a real node, with an appservice that records what the node sends it: registration
 * and login of namespace users, identity assertion with as_token, exclusive namespaces, transactions (order,
 * retries with the same id, after a restart), ping, and the appservice admin API.
 */
class AppserviceIT {
    static final FakeAppservice bridge = new FakeAppservice();

    @RegisterExtension
    static final TestNode node = TestNode.create(c -> c.putObject("appservices")
            .put("retry_initial_backoff", "100ms").put("retry_max_backoff", "500ms")
            .putArray("registration_files").add(bridge.registrationFile().toString()));

    static final String AS = FakeAppservice.AS_TOKEN;
    static TestClient.Account alice;

    @BeforeAll
    static void users() {
        alice = node.client().register("alice", "password123");
    }

    @AfterAll
    static void stopBridge() {
        bridge.close();
    }

    static TestClient.Response registerAs(String username) {
        return node.client().post("/_matrix/client/v3/register", AS,
                Json.object().put("type", "m.login.application_service").put("username", username).put("inhibit_login", true));
    }

    static void eventually(BooleanSupplier ok, String what) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("not within 15 s: " + what);
            Thread.sleep(50);
        }
    }

    /** Every event the appservice received, in order, as (txn id, event). */
    static List<JsonNode> receivedEvents() {
        List<JsonNode> out = new ArrayList<>();
        for (var t : bridge.transactions()) t.body().path("events").forEach(out::add);
        return out;
    }

    /** The transaction requests whose events carry {@code text}. */
    static List<FakeAppservice.Received> attemptsWith(String text) {
        return bridge.transactions().stream().filter(t -> t.body().path("events").toString().contains(text)).toList();
    }

    /** Waits until the node has sent nothing for 300 ms. */
    static void quiet() throws InterruptedException {
        int seen = -1;
        for (int i = 0; i < 100 && seen != bridge.received.size(); i++) {
            seen = bridge.received.size();
            Thread.sleep(300);
        }
    }

    @Test
    void registerShouldCreateNamespaceUsersWhenTheAsTokenIsGiven() {
        var ok = registerAs("bridge_alice");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().path("user_id").asText()).isEqualTo("@bridge_alice:localhost");
        assertThat(ok.json().has("access_token")).isFalse();

        var outside = registerAs("mallory");
        assertThat(outside.status()).isEqualTo(400);
        assertThat(outside.errcode()).isEqualTo("M_EXCLUSIVE");
        var wrongToken = node.client().post("/_matrix/client/v3/register", "not-the-token",
                Json.object().put("type", "m.login.application_service").put("username", "bridge_x"));
        assertThat(wrongToken.status()).isEqualTo(401);
        assertThat(wrongToken.errcode()).isEqualTo("M_UNKNOWN_TOKEN");
    }

    @Test
    void ordinaryRegistrationShouldBeRefusedWhenTheNamespaceIsExclusive() {
        var available = node.client().get("/_matrix/client/v3/register/available?username=bridge_bob");
        assertThat(available.status()).isEqualTo(400);
        assertThat(available.errcode()).isEqualTo("M_EXCLUSIVE");
        var register = node.client().post("/_matrix/client/v3/register", null, Json.object().put("username", "bridge_bob")
                .put("password", "password123").set("auth", Json.object().put("type", "m.login.dummy")));
        assertThat(register.errcode()).as(register.body()).isEqualTo("M_EXCLUSIVE");
    }

    @Test
    void asTokenShouldActAsTheSenderOrANamespaceUserWhenUserIdSaysSo() {
        registerAs("bridge_carol");
        assertThat(node.client().get("/_matrix/client/v3/account/whoami", AS).json().path("user_id").asText())
                .isEqualTo("@bridgebot:localhost");
        assertThat(node.client().get("/_matrix/client/v3/account/whoami?user_id=@bridge_carol:localhost", AS)
                .json().path("user_id").asText()).isEqualTo("@bridge_carol:localhost");

        var notMine = node.client().get("/_matrix/client/v3/account/whoami?user_id=" + alice.userId(), AS);
        assertThat(notMine.status()).isEqualTo(403);
        assertThat(notMine.errcode()).isEqualTo("M_FORBIDDEN");
        var unregistered = node.client().get("/_matrix/client/v3/account/whoami?user_id=@bridge_nobody:localhost", AS);
        assertThat(unregistered.status()).isEqualTo(403);
        var badDevice = node.client().get("/_matrix/client/v3/account/whoami?user_id=@bridge_carol:localhost&device_id=NOPE", AS);
        assertThat(badDevice.status()).isEqualTo(400);
        assertThat(badDevice.errcode()).isEqualTo("M_UNKNOWN_DEVICE");
    }

    @Test
    void loginShouldGiveANamespaceUserATokenWhenTheAppserviceAsks() {
        registerAs("bridge_dan");
        assertThat(node.client().get("/_matrix/client/v3/login").body()).contains("m.login.application_service");
        var login = node.client().post("/_matrix/client/v3/login", AS, Json.object().put("type", "m.login.application_service")
                .set("identifier", Json.object().put("type", "m.id.user").put("user", "bridge_dan")));
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        String token = login.json().path("access_token").asText();
        assertThat(node.client().get("/_matrix/client/v3/account/whoami", token).json().path("user_id").asText())
                .isEqualTo("@bridge_dan:localhost");
        var notMine = node.client().post("/_matrix/client/v3/login", AS, Json.object().put("type", "m.login.application_service")
                .set("identifier", Json.object().put("type", "m.id.user").put("user", "alice")));
        assertThat(notMine.status()).isEqualTo(403);
    }

    @Test
    void aliasesOfAnExclusiveNamespaceShouldBeRefusedWhenSomeoneElseTakesThem() {
        registerAs("bridge_erin");
        String roomId = node.client().post("/_matrix/client/v3/createRoom", alice.accessToken(), Json.object())
                .json().path("room_id").asText();
        var refused = node.client().put("/_matrix/client/v3/directory/room/%23bridge_lobby:localhost", alice.accessToken(),
                Json.object().put("room_id", roomId));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errcode()).isEqualTo("M_EXCLUSIVE");
        var createRoom = node.client().post("/_matrix/client/v3/createRoom", alice.accessToken(),
                Json.object().put("room_alias_name", "bridge_other"));
        assertThat(createRoom.errcode()).isEqualTo("M_EXCLUSIVE");
        var bridgeRoom = node.client().post("/_matrix/client/v3/createRoom?user_id=@bridge_erin:localhost", AS,
                Json.object().put("room_alias_name", "bridge_erins"));
        assertThat(bridgeRoom.status()).as(bridgeRoom.body()).isEqualTo(200);
    }

    @Test
    void transactionsShouldCarryTheEventsOfRoomsWithNamespaceUsersInOrder() throws Exception {
        registerAs("bridge_fay");
        String roomId = node.client().post("/_matrix/client/v3/createRoom", alice.accessToken(), Json.object())
                .json().path("room_id").asText();
        String unrelated = node.client().post("/_matrix/client/v3/createRoom", alice.accessToken(), Json.object())
                .json().path("room_id").asText();
        node.client().put("/_matrix/client/v3/rooms/" + unrelated + "/send/m.room.message/u1", alice.accessToken(),
                Json.object().put("msgtype", "m.text").put("body", "nobody of the bridge here"));
        node.client().post("/_matrix/client/v3/rooms/" + roomId + "/invite", alice.accessToken(),
                Json.object().put("user_id", "@bridge_fay:localhost"));
        eventually(() -> receivedEvents().stream().anyMatch(e -> e.path("state_key").asText().equals("@bridge_fay:localhost")
                && e.path("content").path("membership").asText().equals("invite")), "the invite of bridge_fay");
        var join = node.client().post("/_matrix/client/v3/rooms/" + roomId + "/join?user_id=@bridge_fay:localhost", AS, Json.object());
        assertThat(join.status()).as(join.body()).isEqualTo(200);
        for (int i = 1; i <= 3; i++) {
            node.client().put("/_matrix/client/v3/rooms/" + roomId + "/send/m.room.message/t" + i, alice.accessToken(),
                    Json.object().put("msgtype", "m.text").put("body", "message " + i));
        }
        eventually(() -> receivedEvents().stream().anyMatch(e -> e.path("content").path("body").asText().equals("message 3")),
                "message 3");

        List<String> bodies = receivedEvents().stream().filter(e -> e.path("room_id").asText().equals(roomId))
                .map(e -> e.path("content").path("body").asText()).filter(b -> b.startsWith("message ")).toList();
        assertThat(bodies).containsExactly("message 1", "message 2", "message 3");
        assertThat(receivedEvents()).noneMatch(e -> e.path("room_id").asText().equals(unrelated));
        var first = bridge.transactions().get(0);
        assertThat(first.method()).isEqualTo("PUT");
        assertThat(first.authorization()).isEqualTo("Bearer " + FakeAppservice.HS_TOKEN);
        List<Long> ids = bridge.transactions().stream()
                .map(t -> Long.parseLong(t.path().substring(t.path().lastIndexOf('/') + 1))).distinct().toList();
        assertThat(ids).isSorted();
    }

    @Test
    void transactionsShouldBeSentAgainWithTheSameIdWhenTheAppserviceFailsAndAfterARestart() throws Exception {
        registerAs("bridge_gus");
        String roomId = node.client().post("/_matrix/client/v3/createRoom?user_id=@bridge_gus:localhost", AS, Json.object())
                .json().path("room_id").asText();
        eventually(() -> receivedEvents().stream().anyMatch(e -> e.path("room_id").asText().equals(roomId)), "the new room");

        quiet();
        bridge.failNext(3, 503);
        node.client().put("/_matrix/client/v3/rooms/" + roomId + "/send/m.room.message/r1?user_id=@bridge_gus:localhost", AS,
                Json.object().put("msgtype", "m.text").put("body", "through the outage"));
        eventually(() -> attemptsWith("through the outage").size() >= 4, "the message after the outage");
        // Three refused, the fourth taken: all with the same transaction id
        assertThat(attemptsWith("through the outage").stream().map(FakeAppservice.Received::path).distinct()).hasSize(1);

        // Down while the node restarts: what it missed is sent once it is back
        bridge.failNext(1_000, 500);
        node.client().put("/_matrix/client/v3/rooms/" + roomId + "/send/m.room.message/r2?user_id=@bridge_gus:localhost", AS,
                Json.object().put("msgtype", "m.text").put("body", "across the restart"));
        eventually(() -> !attemptsWith("across the restart").isEmpty(), "a refused attempt before the restart");
        node.restart();
        bridge.failNext(0, 500);
        int refused = attemptsWith("across the restart").size();
        eventually(() -> attemptsWith("across the restart").size() > refused, "the message across the restart");
        quiet();
        // Taken once, with the id it had before the restart: no later transaction carries it again
        assertThat(attemptsWith("across the restart").stream().map(FakeAppservice.Received::path).distinct()).hasSize(1);
    }

    @Test
    void pingShouldSayHowLongTheAppserviceTookWhenItsOwnTokenAsks() {
        var ping = node.client().post("/_matrix/client/v1/appservice/bridge/ping", AS, Json.object().put("transaction_id", "p1"));
        assertThat(ping.status()).as(ping.body()).isEqualTo(200);
        assertThat(ping.json().has("duration_ms")).isTrue();
        assertThat(bridge.received).anyMatch(r -> r.path().equals("/_matrix/app/v1/ping")
                && r.body().path("transaction_id").asText().equals("p1"));

        assertThat(node.client().post("/_matrix/client/v1/appservice/bridge/ping", alice.accessToken(), Json.object()).status())
                .isEqualTo(403);
        bridge.failNext(1, 418);
        var bad = node.client().post("/_matrix/client/v1/appservice/bridge/ping", AS, Json.object());
        assertThat(bad.status()).isEqualTo(502);
        assertThat(bad.errcode()).isEqualTo("M_BAD_STATUS");
        assertThat(bad.json().path("status").asInt()).isEqualTo(418);
    }

    @Test
    void adminApiShouldRegisterListAndUnregisterAppservicesAtRuntime() {
        String admin = AdminIT.registerWithSharedSecret(node, "root", "password123", true);
        String yaml = """
                id: pasted
                url: null
                as_token: pasted-as-token
                hs_token: pasted-hs-token
                sender_localpart: pastedbot
                namespaces:
                  users: [{exclusive: true, regex: "@pasted_.*"}]
                """;
        var added = node.client().post("/_lightweb/admin/v1/appservices", admin, Json.object().put("yaml", yaml));
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(node.client().get("/_matrix/client/v3/account/whoami", "pasted-as-token").json().path("user_id").asText())
                .isEqualTo("@pastedbot:localhost");
        assertThat(node.client().get("/_lightweb/admin/v1/appservices", admin).body()).contains("\"id\":\"pasted\"", "\"origin\":\"file\"");

        var again = node.client().post("/_lightweb/admin/v1/appservices", admin, Json.object().put("yaml", yaml));
        assertThat(again.status()).isEqualTo(400);
        var broken = node.client().post("/_lightweb/admin/v1/appservices", admin, Json.object().put("yaml", "id: x\nas_token: abc"));
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.json().path("error").asText()).contains("hs_token");
        assertThat(node.client().delete("/_lightweb/admin/v1/appservices/bridge", admin, null).status()).isEqualTo(403);
        assertThat(node.client().post("/_lightweb/admin/v1/appservices", alice.accessToken(), Json.object().put("yaml", yaml))
                .status()).isEqualTo(403);

        assertThat(node.client().delete("/_lightweb/admin/v1/appservices/pasted", admin, null).status()).isEqualTo(200);
        assertThat(node.client().get("/_matrix/client/v3/account/whoami", "pasted-as-token").errcode()).isEqualTo("M_UNKNOWN_TOKEN");
    }
}
