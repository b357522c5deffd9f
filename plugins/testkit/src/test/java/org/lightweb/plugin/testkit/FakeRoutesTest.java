package org.lightweb.plugin.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lightweb.plugin.HttpResponse;
import org.lightweb.plugin.MatrixError;

class FakeRoutesTest {
    private final FakeRoutes routes = new FakeRoutes("kit");

    FakeRoutesTest() {
        routes.client("GET", "/v1/items/{id}", (req, user) -> HttpResponse.json(200,
                Map.of("id", req.pathParam("id"), "user", user.userId(), "path", req.path(), "q", req.query("q").orElse(""))));
        routes.client("POST", "/v1/items", (req, user) -> HttpResponse.json(200, req.json()));
        routes.server("PUT", "/v1/files/{*rest}", (req, origin) -> HttpResponse.json(200, Map.of("rest", req.pathParam("rest"), "origin", origin)));
        routes.open("GET", "/v1/fail", req -> { throw MatrixError.forbidden("no"); });
        routes.wellKnown("GET", "/.well-known/kit", req -> HttpResponse.text(200, "text/plain", req.path()));
    }

    @Test
    void clientRouteShouldGetPathParamsFullPathAndUserWhenMatched() {
        HttpResponse res = routes.client(FakeHttpRequest.get("/v1/items/42").query("q", "x"), FakeRoutes.user("@a:t"));
        assertThat(res.status()).isEqualTo(200);
        assertThat(FakeRoutes.json(res)).containsEntry("id", "42").containsEntry("user", "@a:t")
                .containsEntry("path", "/_lightweb/kit/v1/items/42").containsEntry("q", "x");
    }

    @Test
    void jsonBodyShouldReachHandlerAsMapsWithLongNumbers() {
        HttpResponse res = routes.client(FakeHttpRequest.post("/v1/items").json(Map.of("n", 3, "l", List.of("a"))), FakeRoutes.user("@a:t"));
        assertThat(FakeRoutes.json(res)).containsEntry("n", 3L).containsEntry("l", List.of("a"));
    }

    @Test
    void requestShouldAnswerNotJsonOrBadJsonWhenBodyIsWrong() {
        assertThat(FakeRoutes.json(routes.client(FakeHttpRequest.post("/v1/items").body("{nope"), FakeRoutes.user("@a:t"))))
                .containsEntry("errcode", "M_NOT_JSON");
        HttpResponse res = routes.client(FakeHttpRequest.post("/v1/items").body("[1]"), FakeRoutes.user("@a:t"));
        assertThat(res.status()).isEqualTo(400);
        assertThat(FakeRoutes.json(res)).containsEntry("errcode", "M_BAD_JSON");
    }

    @Test
    void restParamShouldTakeRemainingSegmentsWhenRouteEndsWithStar() {
        HttpResponse res = routes.server(FakeHttpRequest.put("/v1/files/a/b/c.txt"), "nelson.test");
        assertThat(FakeRoutes.json(res)).containsEntry("rest", "a/b/c.txt").containsEntry("origin", "nelson.test");
    }

    @Test
    void matrixErrorShouldBecomeItsJsonAnswerWhenHandlerThrowsIt() {
        HttpResponse res = routes.open(FakeHttpRequest.get("/v1/fail"));
        assertThat(res.status()).isEqualTo(403);
        assertThat(FakeRoutes.json(res)).containsEntry("errcode", "M_FORBIDDEN").containsEntry("error", "no");
    }

    @Test
    void unknownRouteShouldAnswer404WhenKindMethodOrPathDiffer() {
        assertThat(routes.client(FakeHttpRequest.get("/v1/items"), FakeRoutes.user("@a:t")).status()).isEqualTo(404);
        assertThat(routes.client(FakeHttpRequest.delete("/v1/items/1"), FakeRoutes.user("@a:t")).status()).isEqualTo(404);
        assertThat(routes.open(FakeHttpRequest.get("/v1/items/1")).status()).isEqualTo(404);
        assertThat(routes.client(FakeHttpRequest.get("/v1/items/1/more"), FakeRoutes.user("@a:t")).status()).isEqualTo(404);
    }

    @Test
    void wellKnownShouldBeServedAtAbsolutePathAndRefusedUnderMatrix() {
        HttpResponse res = routes.wellKnown(FakeHttpRequest.get("/.well-known/kit"));
        assertThat(new String(res.body())).isEqualTo("/.well-known/kit");
        assertThatThrownBy(() -> routes.wellKnown("GET", "/.well-known/matrix/server", req -> HttpResponse.empty(200)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(routes.routes()).hasSize(5);
    }

    @Test
    void jsonShouldRoundTripWhenWrittenAndParsed() {
        Map<String, Object> v = Map.of("s", "a\"b\n\u0001", "n", List.of(1L, 2.5, true), "o", Map.of());
        assertThat(Json.parse(Json.write(v))).isEqualTo(v);
        assertThatThrownBy(() -> Json.parse("{\"a\":}")).isInstanceOf(IllegalArgumentException.class);
    }
}
