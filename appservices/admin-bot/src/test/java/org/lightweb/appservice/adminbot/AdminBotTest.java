package org.lightweb.appservice.adminbot;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.appservice.kit.Registration;
import org.lightweb.core.Json;

class AdminBotTest {
    @RegisterExtension static WireMockExtension node = FakeNode.extension();
    static final String ACCOUNT_DATA = "/_matrix/client/v3/user/%40admin%3Aexample.org/account_data/";
    static final String NOTICES = "/_matrix/client/v3/rooms/.*/send/m.room.message/.*";

    final HttpClient http = HttpClient.newHttpClient();
    AdminBot bot;

    @BeforeEach
    void nodeAnswers() {
        node.stubFor(post(urlPathEqualTo("/_matrix/client/v3/register")).willReturn(okJson("{\"user_id\":\"@admin:example.org\"}")));
        node.stubFor(get(urlPathEqualTo(ACCOUNT_DATA + "org.lightweb.admin_bot.direct_rooms"))
                .willReturn(jsonResponse("{\"errcode\":\"M_NOT_FOUND\",\"error\":\"none\"}", 404)));
        node.stubFor(put(urlPathMatching(ACCOUNT_DATA + ".*")).willReturn(okJson("{}")));
        node.stubFor(post(urlPathEqualTo("/_matrix/client/v3/createRoom")).willReturn(okJson("{\"room_id\":\"!new:example.org\"}")));
        node.stubFor(get(urlPathEqualTo("/_synapse/admin/v2/users")).withQueryParam("admins", equalTo("true")).willReturn(okJson("""
                {"users":[{"name":"@admin:example.org","admin":true},{"name":"@alice:example.org","admin":true},
                          {"name":"@carol:example.org","admin":true}],"total":3}""")));
        node.stubFor(post(urlPathMatching("/_matrix/client/v3/rooms/.*/invite")).willReturn(okJson("{}")));
        node.stubFor(post(urlPathMatching("/_matrix/client/v3/join/.*")).willReturn(okJson("{\"room_id\":\"!dm:example.org\"}")));
        node.stubFor(post(urlPathMatching("/_matrix/client/v3/rooms/.*/leave")).willReturn(okJson("{}")));
        FakeNode.acceptsNotices(node);
        FakeNode.aliceIsAdmin(node, true);
        node.stubFor(get(urlPathEqualTo("/_synapse/admin/v2/users/%40bob%3Aexample.org"))
                .willReturn(okJson("{\"name\":\"@bob:example.org\",\"admin\":false}")));
        node.stubFor(get(urlPathEqualTo("/_synapse/admin/v1/server_version")).willReturn(okJson("{\"server_version\":\"Lightweb 0.1.0\"}")));
    }

    @AfterEach
    void stop() throws Exception {
        if (bot != null) bot.stop().toCompletableFuture().get(10, SECONDS);
    }

    AdminBot.Settings settings() {
        Registration reg = AdminBot.registration(FakeNode.SERVER, "http://127.0.0.1:0", "as-token", "hs-token");
        return AdminBot.Settings.of(URI.create(node.baseUrl()), FakeNode.SERVER, reg, "127.0.0.1", 0);
    }

    void noAdminRoomYet() {
        node.stubFor(get(urlPathEqualTo(ACCOUNT_DATA + "org.lightweb.admin_room"))
                .willReturn(jsonResponse("{\"errcode\":\"M_NOT_FOUND\",\"error\":\"none\"}", 404)));
    }

    int push(String txnId, String... events) throws Exception {
        String body = "{\"events\":[" + String.join(",", events) + "]}";
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bot.port() + "/_matrix/app/v1/transactions/" + txnId))
                .header("Authorization", "Bearer hs-token").PUT(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(req, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    static String message(String sender, String room, String body) {
        return Json.write(Json.object().put("type", "m.room.message").put("event_id", "$" + body.hashCode())
                .put("sender", sender).put("room_id", room)
                .set("content", Json.object().put("msgtype", "m.text").put("body", body)));
    }

    static String invite(String sender, String room, boolean direct) {
        return Json.write(Json.object().put("type", "m.room.member").put("event_id", "$i" + room.hashCode())
                .put("sender", sender).put("room_id", room).put("state_key", "@admin:example.org")
                .set("content", Json.object().put("membership", "invite").put("is_direct", direct)));
    }

    @Test
    void startShouldCreateThePrivateAdminRoomAndInviteEveryAdminWhenNoneIsKnown() throws Exception {
        noAdminRoomYet();
        bot = AdminBot.start(settings()).toCompletableFuture().get(10, SECONDS);
        assertThat(bot.adminRoomId()).isEqualTo("!new:example.org");
        node.verify(postRequestedFor(urlPathEqualTo("/_matrix/client/v3/register"))
                .withRequestBody(matchingJsonPath("$.type", equalTo("m.login.application_service")))
                .withRequestBody(matchingJsonPath("$.username", equalTo("admin"))));
        node.verify(postRequestedFor(urlPathEqualTo("/_matrix/client/v3/createRoom"))
                .withHeader("Authorization", equalTo("Bearer as-token"))
                .withRequestBody(matchingJsonPath("$.name", equalTo("Lightweb admin")))
                .withRequestBody(matchingJsonPath("$.preset", equalTo("private_chat")))
                .withRequestBody(matchingJsonPath("$.creation_content['m.federate']", equalTo("false"))));
        node.verify(putRequestedFor(urlPathEqualTo(ACCOUNT_DATA + "org.lightweb.admin_room"))
                .withRequestBody(equalToJson("{\"room_id\":\"!new:example.org\"}")));
        node.verify(postRequestedFor(urlPathEqualTo("/_matrix/client/v3/rooms/%21new%3Aexample.org/invite"))
                .withRequestBody(equalToJson("{\"user_id\":\"@alice:example.org\"}")));
        node.verify(postRequestedFor(urlPathEqualTo("/_matrix/client/v3/rooms/%21new%3Aexample.org/invite"))
                .withRequestBody(equalToJson("{\"user_id\":\"@carol:example.org\"}")));
        node.verify(0, postRequestedFor(urlPathMatching(".*/invite")).withRequestBody(matchingJsonPath("$.user_id", equalTo("@admin:example.org"))));
    }

    @Test
    void startShouldReuseTheKnownAdminRoomWhenAccountDataHasOne() throws Exception {
        node.stubFor(get(urlPathEqualTo(ACCOUNT_DATA + "org.lightweb.admin_room")).willReturn(okJson("{\"room_id\":\"!old:example.org\"}")));
        bot = AdminBot.start(settings()).toCompletableFuture().get(10, SECONDS);
        assertThat(bot.adminRoomId()).isEqualTo("!old:example.org");
        node.verify(postRequestedFor(urlPathEqualTo("/_matrix/client/v3/join/%21old%3Aexample.org")));
        node.verify(0, postRequestedFor(urlPathEqualTo("/_matrix/client/v3/createRoom")));
    }

    @Test
    void startShouldFailWhenTheNodeIsUnreachable() {
        Registration reg = AdminBot.registration(FakeNode.SERVER, null, "as-token", "hs-token");
        var s = AdminBot.Settings.of(URI.create("http://127.0.0.1:1"), FakeNode.SERVER, reg, "127.0.0.1", 0);
        assertThatThrownBy(() -> AdminBot.start(s).toCompletableFuture().get(20, SECONDS))
                .isInstanceOf(ExecutionException.class).hasMessageContaining("unreachable");
    }

    @Test
    void pushedCommandShouldBeAnsweredOnceWhenTheNodeRetriesTheTransaction() throws Exception {
        noAdminRoomYet();
        bot = AdminBot.start(settings()).toCompletableFuture().get(10, SECONDS);
        try (var audit = new FakeNode.Audit()) {
            String cmd = message(FakeNode.ALICE, "!new:example.org", "!server version");
            assertThat(push("t1", cmd)).isEqualTo(200);
            assertThat(push("t1", cmd)).isEqualTo(200);
            node.verify(1, putRequestedFor(urlPathMatching(NOTICES))
                    .withRequestBody(matchingJsonPath("$.body", equalTo("example.org runs Lightweb 0.1.0."))));
            assertThat(audit.lines()).hasSize(1);
        }
    }

    @Test
    void pushedCommandShouldBeRefusedWhenSenderIsNotAnAdminAndIgnoredInOtherRooms() throws Exception {
        noAdminRoomYet();
        bot = AdminBot.start(settings()).toCompletableFuture().get(10, SECONDS);
        assertThat(push("t2", message("@bob:example.org", "!new:example.org", "!server version"),
                message(FakeNode.ALICE, "!elsewhere:example.org", "!server version"),
                message(FakeNode.ALICE, "!new:example.org", "just chatting"))).isEqualTo(200);
        node.verify(1, putRequestedFor(urlPathMatching(NOTICES)));
        node.verify(putRequestedFor(urlPathMatching(NOTICES))
                .withRequestBody(matchingJsonPath("$.body", containing("@bob:example.org is not one"))));
        node.verify(0, getRequestedFor(urlPathEqualTo("/_synapse/admin/v1/server_version")));
    }

    @Test
    void directChatInviteShouldBeJoinedFromAnAdminAndRejectedWithAReasonFromOthers() throws Exception {
        noAdminRoomYet();
        bot = AdminBot.start(settings()).toCompletableFuture().get(10, SECONDS);
        assertThat(push("t3", invite(FakeNode.ALICE, "!dm:example.org", true), invite("@bob:example.org", "!bobdm:example.org", true),
                message(FakeNode.ALICE, "!dm:example.org", "!server version"))).isEqualTo(200);
        node.verify(postRequestedFor(urlPathEqualTo("/_matrix/client/v3/join/%21dm%3Aexample.org")));
        node.verify(putRequestedFor(urlPathEqualTo(ACCOUNT_DATA + "org.lightweb.admin_bot.direct_rooms"))
                .withRequestBody(equalToJson("{\"rooms\":[\"!dm:example.org\"]}")));
        node.verify(postRequestedFor(urlPathEqualTo("/_matrix/client/v3/rooms/%21bobdm%3Aexample.org/leave"))
                .withRequestBody(matchingJsonPath("$.reason", containing("Only server admins"))));
        node.verify(putRequestedFor(urlPathMatching("/_matrix/client/v3/rooms/%21dm%3Aexample.org/send/m.room.message/.*"))
                .withRequestBody(matchingJsonPath("$.body", equalTo("example.org runs Lightweb 0.1.0."))));
    }

    @Test
    void registrationYamlShouldClaimOnlyTheBotUserExclusively() {
        String yaml = AdminBot.registrationYaml("example.org", "http://127.0.0.1:9009", "as", "hs");
        Registration r = Registration.parse(yaml);
        assertThat(r.id()).isEqualTo("lightweb-admin-bot");
        assertThat(r.senderLocalpart()).isEqualTo("admin");
        assertThat(r.rateLimited()).isFalse();
        assertThat(r.namespaces().users()).singleElement().satisfies(n -> assertThat(n.exclusive()).isTrue());
        assertThat(r.isInterestedInUser("@admin:example.org")).isTrue();
        assertThat(r.isInterestedInUser("@admin:exampleXorg")).isFalse();
        assertThat(r.isInterestedInUser("@alice:example.org")).isFalse();
    }
}
