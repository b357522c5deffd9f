package org.lightweb.server.federation.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.storage.testing.TestStorage.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lightweb.core.Json;
import org.lightweb.core.UserId;
import org.lightweb.server.federation.Origin;
import org.lightweb.server.http.ErrorRendering;

/** The membership routes over HTTP: authentication, path and query parsing, error rendering. */
class MembershipFederationRoutesTest {
    private static FedNode kaslo;
    private static HttpServer server;
    private static String room;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        kaslo = new FedNode("kaslo");
        room = kaslo.createRoom(kaslo.user("alice"), "public_chat");
        Router router = Router.router(kaslo.storage.vertx());
        router.route().handler(BodyHandler.create(false));
        router.route().handler(ctx -> {
            String origin = ctx.request().getHeader("X-Test-Origin");
            if (origin != null) ctx.put(Origin.KEY, origin);
            ctx.next();
        });
        kaslo.feature.routes().mount(router);
        org.lightweb.server.rooms.hierarchy.HierarchyFeature.federationRoutes(kaslo.events, kaslo.rooms).mount(router);
        router.route().failureHandler(ErrorRendering::handle);
        server = await(kaslo.storage.vertx().createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    }

    @AfterAll
    static void stop() {
        await(server.close());
        kaslo.close();
    }

    private static HttpResponse<String> send(String method, String path, String origin, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (origin != null) b.header("X-Test-Origin", origin);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String makeJoin(String query) {
        return "/_matrix/federation/v1/make_join/" + Paths.segment(room) + "/" + Paths.segment("@bob:nelson") + query;
    }

    @Test
    void makeJoinShouldBeUnauthorizedWithoutAnOrigin() throws Exception {
        HttpResponse<String> r = send("GET", makeJoin("?ver=11"), null, null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(Json.parse(r.body()).path("errcode").asText()).isEqualTo("M_UNAUTHORIZED");
    }

    @Test
    void makeJoinShouldReadEveryVerParameter() throws Exception {
        HttpResponse<String> r = send("GET", makeJoin("?ver=10&ver=11"), "nelson", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Json.parse(r.body()).path("room_version").asText()).isEqualTo("11");
        HttpResponse<String> none = send("GET", makeJoin(""), "nelson", null);
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(Json.parse(none.body()).path("errcode").asText()).isEqualTo("M_INCOMPATIBLE_ROOM_VERSION");
        assertThat(Json.parse(none.body()).path("room_version").asText()).isEqualTo("11");
    }

    @Test
    void sendJoinShouldAnswerBadJsonForABodyThatIsNotAnEvent() throws Exception {
        HttpResponse<String> r = send("PUT", "/_matrix/federation/v2/send_join/" + Paths.segment(room) + "/%24abc", "nelson", "[]");
        assertThat(r.statusCode()).isEqualTo(400);
        HttpResponse<String> wrong = send("PUT", "/_matrix/federation/v2/send_join/" + Paths.segment(room) + "/%24abc", "nelson",
                "{\"type\":\"m.room.message\",\"room_id\":\"" + room + "\"}");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(Json.parse(wrong.body()).path("errcode").asText()).isEqualTo("M_BAD_JSON");
    }

    @Test
    void hierarchyShouldShowVisibleChildrenAndListHiddenOnes() throws Exception {
        UserId alice = kaslo.user("alice");
        String space = kaslo.createRoom(alice, "public_chat");
        String open = kaslo.createRoom(alice, "public_chat");
        String closed = kaslo.createRoom(alice, "private_chat");
        for (String child : java.util.List.of(open, closed, "!elsewhere:other")) {
            var content = Json.object();
            content.putArray("via").add("kaslo");
            await(kaslo.roomEvents.send(space, org.lightweb.server.rooms.EventDraft.state("m.space.child", child, alice, content), null));
        }
        HttpResponse<String> r = send("GET", "/_matrix/federation/v1/hierarchy/" + Paths.segment(space), "nelson", null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = Json.parse(r.body());
        assertThat(body.path("room").path("room_id").asText()).isEqualTo(space);
        assertThat(body.path("room").path("children_state").size()).isEqualTo(3);
        assertThat(body.path("children").findValuesAsText("room_id")).containsExactly(open);
        assertThat(body.path("inaccessible_children").get(0).asText()).isEqualTo(closed);
        assertThat(send("GET", "/_matrix/federation/v1/hierarchy/" + Paths.segment(closed), "nelson", null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void inviteShouldAnswerTheSignedEventOverHttp() throws Exception {
        FedNode nelson = new FedNode("nelson");
        try {
            kaslo.trust(nelson);
            String theirs = nelson.createRoom(nelson.user("bob"), "private_chat");
            var invite = await(nelson.roomEvents.prepare(theirs, org.lightweb.server.rooms.EventDraft.state("m.room.member",
                    "@carol:kaslo", nelson.user("bob"), Json.object().put("membership", "invite"))));
            var body = Json.object().put("room_version", "11");
            body.set("event", invite.json());
            body.putArray("invite_room_state");
            HttpResponse<String> r = send("PUT", "/_matrix/federation/v2/invite/" + Paths.segment(theirs) + "/"
                    + Paths.segment(invite.eventId()), "nelson", Json.write(body));
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode signed = Json.parse(r.body()).path("event");
            assertThat(signed.path("signatures").has("kaslo")).isTrue();
            assertThat(signed.path("signatures").has("nelson")).isTrue();
            UserId carol = kaslo.user("carol");
            assertThat(await(kaslo.rooms.membership(theirs, carol.toString())).orElseThrow().membership()).isEqualTo("invite");
        } finally {
            nelson.close();
        }
    }
}
