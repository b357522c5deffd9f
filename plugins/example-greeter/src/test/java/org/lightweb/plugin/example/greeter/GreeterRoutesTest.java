package org.lightweb.plugin.example.greeter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lightweb.plugin.HttpResponse;
import org.lightweb.plugin.RoomEvent;
import org.lightweb.plugin.testkit.FakeHttpRequest;
import org.lightweb.plugin.testkit.FakePluginContext;
import org.lightweb.plugin.testkit.FakeRoutes;

class GreeterRoutesTest {
    private final FakePluginContext ctx = FakePluginContext.builder("example-greeter")
            .serverName("kaslo.test")
            .config(Map.of("greeting", "Kia ora"))
            .clock(Clock.fixed(Instant.ofEpochMilli(1_000), ZoneOffset.UTC))
            .build();
    private final FakeRoutes routes = FakeRoutes.of(ctx, ctx.extension(GreeterRoutes.class));

    @AfterEach
    void close() { ctx.close(); }

    @Test
    void routesShouldBeRegisteredOfEveryKindWhenPluginStarts() {
        assertThat(routes.routes()).extracting(r -> r.kind() + " " + r.method() + " " + r.path()).containsExactlyInAnyOrder(
                "CLIENT GET /v1/greet/{name}", "CLIENT POST /v1/guestbook", "CLIENT GET /v1/guestbook",
                "SERVER GET /v1/hello", "OPEN GET /v1/stats", "WELL_KNOWN GET /.well-known/example-greeter");
    }

    @Test
    void greetShouldAnswerGreetingCallerAndDisplayNameWhenCallerIsKnown() {
        ctx.users().add("@alice:kaslo.test", "Alice");
        HttpResponse res = routes.client(FakeHttpRequest.get("/v1/greet/bob"), FakeRoutes.user("@alice:kaslo.test"));
        assertThat(res.status()).isEqualTo(200);
        assertThat(FakeRoutes.json(res)).containsEntry("greeting", "Kia ora, bob")
                .containsEntry("from", "@alice:kaslo.test").containsEntry("displayname", "Alice");
    }

    @Test
    void greetShouldAnswerNullDisplayNameWhenCallerHasNone() {
        HttpResponse res = routes.client(FakeHttpRequest.get("/v1/greet/bob"), FakeRoutes.user("@ghost:kaslo.test"));
        assertThat(FakeRoutes.json(res)).containsEntry("displayname", null);
    }

    private HttpResponse sign(Object message) {
        Map<String, Object> body = new HashMap<>();
        body.put("message", message);
        return routes.client(FakeHttpRequest.post("/v1/guestbook").json(body), FakeRoutes.user("@alice:kaslo.test"));
    }

    @Test
    void guestbookShouldStoreEntriesAndListNewestFirstWhenSigned() {
        assertThat(sign("first").status()).isEqualTo(200);
        HttpResponse second = sign("second");
        assertThat(FakeRoutes.json(second)).containsEntry("id", 2L).containsEntry("created_ts", 1_000L);

        HttpResponse list = routes.client(FakeHttpRequest.get("/v1/guestbook"), FakeRoutes.user("@bob:kaslo.test"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries = (List<Map<String, Object>>) FakeRoutes.json(list).get("entries");
        assertThat(entries).extracting(e -> e.get("message")).containsExactly("second", "first");
        assertThat(entries.get(0)).containsEntry("user_id", "@alice:kaslo.test").containsEntry("created_ts", 1_000L);

        HttpResponse limited = routes.client(FakeHttpRequest.get("/v1/guestbook").query("limit", "1"), FakeRoutes.user("@bob:kaslo.test"));
        assertThat((List<?>) FakeRoutes.json(limited).get("entries")).hasSize(1);
    }

    @Test
    void guestbookShouldRefuseWithBadJsonWhenMessageIsMissingOrNotAString() {
        assertThat(FakeRoutes.json(sign(null))).containsEntry("errcode", "M_BAD_JSON");
        assertThat(FakeRoutes.json(sign(12))).containsEntry("errcode", "M_BAD_JSON");
        HttpResponse notObject = routes.client(FakeHttpRequest.post("/v1/guestbook").body("[]"), FakeRoutes.user("@a:kaslo.test"));
        assertThat(notObject.status()).isEqualTo(400);
        assertThat(listed()).isEmpty();
    }

    @Test
    void guestbookShouldRefuseWithTooLargeWhenMessageIsOver1000Characters() {
        assertThat(sign("x".repeat(1000)).status()).isEqualTo(200);
        HttpResponse res = sign("x".repeat(1001));
        assertThat(res.status()).isEqualTo(413);
        assertThat(FakeRoutes.json(res)).containsEntry("errcode", "M_TOO_LARGE");
        assertThat(listed()).hasSize(1);
    }

    @Test
    void guestbookShouldRefuseWithInvalidParamWhenLimitIsOutOfRange() {
        for (String limit : List.of("0", "101", "ten")) {
            HttpResponse res = routes.client(FakeHttpRequest.get("/v1/guestbook").query("limit", limit), FakeRoutes.user("@a:kaslo.test"));
            assertThat(FakeRoutes.json(res)).containsEntry("errcode", "M_INVALID_PARAM");
        }
    }

    private List<?> listed() {
        return (List<?>) FakeRoutes.json(routes.client(FakeHttpRequest.get("/v1/guestbook"), FakeRoutes.user("@a:kaslo.test"))).get("entries");
    }

    @Test
    void helloShouldAnswerOriginAndThisServerWhenSignedByAnother() {
        HttpResponse res = routes.server(FakeHttpRequest.get("/v1/hello"), "nelson.test");
        assertThat(FakeRoutes.json(res)).isEqualTo(Map.of("origin", "nelson.test", "server", "kaslo.test"));
    }

    @Test
    void statsShouldCountEventsTicksAndEntriesWhenTheyHappen() throws Exception {
        sign("hi");
        GreeterListener listener = ctx.extension(GreeterListener.class);
        listener.onEvent(new RoomEvent("$1", "!r:kaslo.test", "@a:kaslo.test", "m.room.message", null, Map.of("body", "x"), 1, true));
        listener.onEvent(new RoomEvent("$2", "!r:kaslo.test", "@a:kaslo.test", "m.room.topic", "", Map.of("topic", "t"), 2, false));
        ctx.extension(TickerJob.class).run();

        HttpResponse res = routes.open(FakeHttpRequest.get("/v1/stats"));
        assertThat(FakeRoutes.json(res)).isEqualTo(Map.of("events_seen", 2L, "messages_seen", 1L, "ticks", 1L, "guestbook_entries", 1L));
    }

    @Test
    void wellKnownShouldAnswerPluginAndBaseWhenAsked() {
        HttpResponse res = routes.wellKnown(FakeHttpRequest.get("/.well-known/example-greeter"));
        assertThat(FakeRoutes.json(res)).isEqualTo(Map.of("plugin", "example-greeter", "base", "/_lightweb/example-greeter"));
    }
}
