package org.lightweb.server.federation.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lightweb.server.config.HomeserverConfig.WellKnownCache;

/**
 * Each step of "Resolving server names". Well-known answers come from WireMock (every host's well-known URL is
 * mapped to {@code /<host>/.well-known/matrix/server} on it); SRV records from a map.
 */
class ServerDiscoveryTest {
    static Vertx vertx;
    static final WellKnownCache LIMITS = new WellKnownCache(Duration.ofHours(24), Duration.ofMinutes(5),
            Duration.ofHours(48), Duration.ofHours(1), 1024);
    WireMockServer wm;
    WellKnownResolver wellKnown;
    Map<String, List<SrvResolver.Srv>> srv;

    @BeforeAll
    static void startVertx() { vertx = Vertx.vertx(); }

    @AfterAll
    static void stopVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void start() {
        wm = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
        wellKnown = new WellKnownResolver(vertx, new OkHttpClient(), LIMITS, 100,
                host -> "http://127.0.0.1:" + wm.port() + "/" + host + "/.well-known/matrix/server");
        srv = Map.of();
    }

    @AfterEach
    void stop() { wm.stop(); }

    Destination resolve(String name) throws Exception {
        ServerDiscovery d = new ServerDiscovery(vertx, wellKnown, n -> srv.getOrDefault(n, List.of()), 100);
        return await(d.resolve(name));
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    void wellKnown(String host, int status, String body, String cacheControl) {
        var r = aResponse().withStatus(status).withBody(body);
        if (cacheControl != null) r = r.withHeader("Cache-Control", cacheControl);
        wm.stubFor(get(urlEqualTo("/" + host + "/.well-known/matrix/server")).willReturn(r));
    }

    @Test
    void step1ShouldUseTheIpLiteralAndDefaultPortWithoutAnyLookup() throws Exception {
        assertThat(resolve("1.2.3.4")).isEqualTo(new Destination("1.2.3.4", 8448, "1.2.3.4", "1.2.3.4"));
        assertThat(resolve("[2001:db8::1]:8000")).isEqualTo(new Destination("2001:db8::1", 8000, "[2001:db8::1]:8000", "2001:db8::1"));
        assertThat(wm.getAllServeEvents()).isEmpty();
    }

    @Test
    void step2ShouldUseTheHostnameAndExplicitPortWithoutWellKnown() throws Exception {
        assertThat(resolve("example.test:8000")).isEqualTo(new Destination("example.test", 8000, "example.test:8000", "example.test"));
        assertThat(wm.getAllServeEvents()).isEmpty();
    }

    @Test
    void step3ShouldFollowTheDelegationWithItsPortOrIpLiteral() throws Exception {
        wellKnown("a.test", 200, "{\"m.server\": \"matrix.a.test:443\"}", null);
        assertThat(resolve("a.test")).isEqualTo(new Destination("matrix.a.test", 443, "matrix.a.test:443", "matrix.a.test"));
        wellKnown("b.test", 200, "{\"m.server\": \"10.0.0.1\"}", null);
        assertThat(resolve("b.test")).isEqualTo(new Destination("10.0.0.1", 8448, "10.0.0.1", "10.0.0.1"));
    }

    @Test
    void step3ShouldUseSrvOfTheDelegatedNameThenDeprecatedSrvThen8448() throws Exception {
        wellKnown("c.test", 200, "{\"m.server\": \"matrix.c.test\"}", null);
        srv = Map.of("_matrix-fed._tcp.matrix.c.test", List.of(new SrvResolver.Srv(10, 0, 9000, "backend.c.test"),
                new SrvResolver.Srv(5, 0, 9001, "primary.c.test")));
        assertThat(resolve("c.test")).isEqualTo(new Destination("matrix.c.test", 9001, "matrix.c.test", "primary.c.test"));
        srv = Map.of("_matrix._tcp.matrix.c.test", List.of(new SrvResolver.Srv(5, 0, 9002, "old.c.test")));
        assertThat(resolve("c.test")).isEqualTo(new Destination("matrix.c.test", 9002, "matrix.c.test", "old.c.test"));
        srv = Map.of();
        assertThat(resolve("c.test")).isEqualTo(new Destination("matrix.c.test", 8448, "matrix.c.test", "matrix.c.test"));
    }

    @Test
    void steps4To6ShouldUseSrvOfTheHostnameWhenThereIsNoWellKnown() throws Exception {
        wellKnown("d.test", 404, "", null);
        srv = Map.of("_matrix-fed._tcp.d.test", List.of(new SrvResolver.Srv(0, 0, 8500, "fed.d.test")),
                "_matrix._tcp.d.test", List.of(new SrvResolver.Srv(0, 0, 8501, "old.d.test")));
        assertThat(resolve("d.test")).isEqualTo(new Destination("d.test", 8500, "d.test", "fed.d.test"));
        srv = Map.of("_matrix._tcp.d.test", List.of(new SrvResolver.Srv(0, 0, 8501, "old.d.test")));
        assertThat(resolve("d.test")).isEqualTo(new Destination("d.test", 8501, "d.test", "old.d.test"));
        srv = Map.of();
        assertThat(resolve("d.test")).isEqualTo(new Destination("d.test", 8448, "d.test", "d.test"));
    }

    @Test
    void invalidWellKnownShouldMeanNoDelegation() throws Exception {
        wellKnown("e.test", 200, "{not json", null);
        assertThat(resolve("e.test").tlsHost()).isEqualTo("e.test");
        wellKnown("f.test", 200, "{\"m.server\": 42}", null);
        assertThat(resolve("f.test").tlsHost()).isEqualTo("f.test");
        wellKnown("g.test", 200, "{\"m.server\": \"" + "x".repeat(2000) + "\"}", null);   // larger than the limit
        assertThat(resolve("g.test").tlsHost()).isEqualTo("g.test");
    }

    @Test
    void wellKnownShouldFollowRedirects() throws Exception {
        wm.stubFor(get(urlEqualTo("/h.test/.well-known/matrix/server"))
                .willReturn(aResponse().withStatus(302).withHeader("Location", "/elsewhere")));
        wm.stubFor(get(urlEqualTo("/elsewhere")).willReturn(aResponse().withStatus(200)
                .withBody("{\"m.server\": \"matrix.h.test:8443\"}")));
        assertThat(resolve("h.test").tlsHost()).isEqualTo("matrix.h.test");
    }

    @Test
    void wellKnownAnswersAndErrorsShouldBeCached() throws Exception {
        wellKnown("i.test", 200, "{\"m.server\": \"matrix.i.test:443\"}", "max-age=600");
        wellKnown("j.test", 500, "", null);
        for (int i = 0; i < 3; i++) {
            assertThat(await(wellKnown.delegation("i.test"))).contains("matrix.i.test:443");
            assertThat(await(wellKnown.delegation("j.test"))).isEmpty();
        }
        wm.verify(1, getRequestedFor(urlEqualTo("/i.test/.well-known/matrix/server")));
        wm.verify(1, getRequestedFor(urlEqualTo("/j.test/.well-known/matrix/server")));
    }

    @Test
    void ttlShouldFollowCacheControlOrExpiresWithinBounds() {
        assertThat(wellKnown.ttl(response("Cache-Control", "max-age=600"))).isEqualTo(Duration.ofMinutes(10));
        assertThat(wellKnown.ttl(response("Cache-Control", "public, max-age=1"))).isEqualTo(Duration.ofMinutes(5));
        assertThat(wellKnown.ttl(response("Cache-Control", "max-age=99999999"))).isEqualTo(Duration.ofHours(48));
        assertThat(wellKnown.ttl(response("Cache-Control", "no-store"))).isEqualTo(Duration.ofMinutes(5));
        assertThat(wellKnown.ttl(response("X-None", "x"))).isEqualTo(Duration.ofHours(24));
        String inThreeHours = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusHours(3));
        assertThat(wellKnown.ttl(response("Expires", inThreeHours))).isBetween(Duration.ofMinutes(179), Duration.ofHours(3));
    }

    static Response response(String header, String value) {
        return new Response.Builder().request(new Request.Builder().url("http://x.test/").build())
                .protocol(Protocol.HTTP_1_1).code(200).message("OK").header(header, value).build();
    }

    @Test
    void pickShouldPreferLowestPriorityThenHighestWeightAndIgnoreDot() {
        assertThat(SrvResolver.pick(List.of(new SrvResolver.Srv(1, 5, 1, "a"), new SrvResolver.Srv(1, 9, 2, "b"),
                new SrvResolver.Srv(2, 99, 3, "c")))).map(SrvResolver.Srv::target).contains("b");
        assertThat(SrvResolver.pick(List.of(new SrvResolver.Srv(0, 0, 0, ".")))).isEmpty();
    }
}
