package org.lightweb.server.federation.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lightweb.federation.protocol.SigningKey;
import org.lightweb.server.config.HomeserverConfig;

/** How answers and failures map: RemoteError with the body's errcode, Unreachable for the rest; size limit. */
class OkHttpFederationClientTest {
    static Vertx vertx;
    static WireMockServer wm;
    static OkHttpFederationClient client;
    static String dest;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        wm = new WireMockServer(wireMockConfig().dynamicPort().dynamicHttpsPort().bindAddress("127.0.0.1"));
        wm.start();
        dest = "127.0.0.1:" + wm.httpsPort();
        var d = HomeserverConfig.Federation.defaults(false, true);
        var small = new HomeserverConfig.Federation(d.verifyCertificates(), d.allowPrivateDestinations(), d.connectTimeout(),
                d.requestTimeout(), 1000, d.maxConcurrentRequests(), d.maxRequestsPerDestination(), d.keyValidityPeriod(),
                d.oldSigningKeys(), d.trustedKeyServers(), d.keyFetchRetryAfter(), d.keyCacheEntries(), d.notaryMaxServers(),
                d.wellKnown(), d.discoveryCacheEntries(), d.profileCacheTtl(), d.profileCacheEntries());
        client = new OkHttpFederationClient(vertx, "us.test", SigningKey.generate(), small, n -> List.of(),
                WellKnownResolver.httpsUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        wm.stop();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static Throwable failure(Future<?> f) throws Exception {
        try {
            f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }

    @Test
    void requestShouldSendXMatrixWithDestinationAndAnswerTheJson() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/_matrix/federation/v1/ok")).willReturn(aResponse().withStatus(200).withBody("{\"a\": 1}")));
        var answer = client.get(dest, "/_matrix/federation/v1/ok", Map.of("q", "x y"))
                .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertThat(answer.path("a").asInt()).isEqualTo(1);
        wm.verify(getRequestedFor(urlEqualTo("/_matrix/federation/v1/ok?q=x%20y"))
                .withHeader("Authorization", containing("X-Matrix origin=\"us.test\",destination=\"" + dest + "\""))
                .withHeader("Host", equalTo(dest)));
    }

    @Test
    void requestShouldFailWithRemoteErrorCarryingTheErrcodeWhenStatusIsNot2xx() throws Exception {
        wm.stubFor(get(urlEqualTo("/_matrix/federation/v1/no")).willReturn(aResponse().withStatus(403)
                .withBody("{\"errcode\": \"M_FORBIDDEN\", \"error\": \"go away\"}")));
        Throwable err = failure(client.get(dest, "/_matrix/federation/v1/no", Map.of()));
        assertThat(err).isInstanceOf(FederationClient.RemoteError.class);
        assertThat(((FederationClient.RemoteError) err).status()).isEqualTo(403);
        assertThat(((FederationClient.RemoteError) err).errcode()).isEqualTo("M_FORBIDDEN");
        wm.stubFor(get(urlEqualTo("/_matrix/federation/v1/html")).willReturn(aResponse().withStatus(502).withBody("<html>")));
        assertThat(((FederationClient.RemoteError) failure(client.get(dest, "/_matrix/federation/v1/html", Map.of()))).errcode())
                .isNull();
    }

    @Test
    void requestShouldFailAsUnreachableWhenTooLargeOrRefusedOrBadlyNamed() throws Exception {
        wm.stubFor(get(urlEqualTo("/_matrix/federation/v1/big")).willReturn(aResponse().withStatus(200)
                .withBody("{\"x\": \"" + "y".repeat(2000) + "\"}")));
        assertThat(failure(client.get(dest, "/_matrix/federation/v1/big", Map.of())))
                .isInstanceOf(FederationClient.Unreachable.class).hasMessageContaining("max_response_bytes");
        int closed;
        try (var s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertThat(failure(client.get("127.0.0.1:" + closed, "/_matrix/federation/v1/x", Map.of())))
                .isInstanceOf(FederationClient.Unreachable.class);
        assertThat(failure(client.get("bad name!", "/_matrix/federation/v1/x", Map.of())))
                .isInstanceOf(FederationClient.Unreachable.class);
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void getStreamedShouldSignAndHandTheRawBodyToTheReader() throws Exception {
        byte[] body = new byte[5000];   // over max_response_bytes: that limit is for JSON answers only
        new java.util.Random(1).nextBytes(body);
        wm.stubFor(get(urlPathEqualTo("/_matrix/federation/v1/media/download/m1")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "multipart/mixed; boundary=x").withBody(body)));
        String[] type = new String[1];
        byte[] got = await(client.getStreamed(dest, "/_matrix/federation/v1/media/download/m1", Map.of("a", "b"),
                java.time.Duration.ofSeconds(10), (ct, in) -> {
                    type[0] = ct;
                    return in.readAllBytes();
                }));
        assertThat(got).isEqualTo(body);
        assertThat(type[0]).isEqualTo("multipart/mixed; boundary=x");
        wm.verify(getRequestedFor(urlEqualTo("/_matrix/federation/v1/media/download/m1?a=b"))
                .withHeader("Authorization", containing("X-Matrix origin=\"us.test\"")));

        wm.stubFor(get(urlPathEqualTo("/_matrix/federation/v1/media/download/gone")).willReturn(aResponse().withStatus(404)
                .withBody("{\"errcode\": \"M_NOT_FOUND\"}")));
        Throwable missing = failure(client.getStreamed(dest, "/_matrix/federation/v1/media/download/gone", Map.of(),
                java.time.Duration.ofSeconds(10), (ct, in) -> in.readAllBytes()));
        assertThat(((FederationClient.RemoteError) missing).errcode()).isEqualTo("M_NOT_FOUND");

        // What the reader throws unchecked arrives as it is.
        Throwable refused = failure(client.getStreamed(dest, "/_matrix/federation/v1/media/download/m1", Map.of(),
                java.time.Duration.ofSeconds(10), (ct, in) -> {
                    throw new IllegalStateException("no thanks");
                }));
        assertThat(refused).isInstanceOf(IllegalStateException.class).hasMessage("no thanks");
    }

    @Test
    void getStreamedShouldTimeOutAsUnreachableWithAnInterruptedIoCause() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/_matrix/federation/v1/media/download/slow")).willReturn(aResponse().withStatus(200)
                .withFixedDelay(3000).withBody("late")));
        Throwable slow = failure(client.getStreamed(dest, "/_matrix/federation/v1/media/download/slow", Map.of(),
                java.time.Duration.ofMillis(300), (ct, in) -> in.readAllBytes()));
        assertThat(slow).isInstanceOf(FederationClient.Unreachable.class);
        assertThat(slow.getCause()).isInstanceOf(java.io.InterruptedIOException.class);
    }

    @Test
    void fetchUrlShouldFollowRedirectsUpToTheLimitWithoutSigning() throws Exception {
        String base = "https://127.0.0.1:" + wm.httpsPort();
        wm.stubFor(get(urlEqualTo("/cdn/hop1")).willReturn(aResponse().withStatus(302).withHeader("Location", "/cdn/hop2")));
        wm.stubFor(get(urlEqualTo("/cdn/hop2")).willReturn(aResponse().withStatus(302).withHeader("Location", base + "/cdn/file")));
        wm.stubFor(get(urlEqualTo("/cdn/file")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/png")
                .withBody("png!")));
        String[] type = new String[1];
        byte[] got = await(client.fetchUrl(base + "/cdn/hop1", 2, java.time.Duration.ofSeconds(10), (ct, in) -> {
            type[0] = ct;
            return in.readAllBytes();
        }));
        assertThat(new String(got, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("png!");
        assertThat(type[0]).isEqualTo("image/png");
        wm.verify(getRequestedFor(urlEqualTo("/cdn/file")).withoutHeader("Authorization"));

        assertThat(failure(client.fetchUrl(base + "/cdn/hop1", 1, java.time.Duration.ofSeconds(10), (ct, in) -> in.readAllBytes())))
                .isInstanceOf(FederationClient.Unreachable.class).hasMessageContaining("too many redirects");
        assertThat(failure(client.fetchUrl("http://127.0.0.1:" + wm.port() + "/cdn/file", 2, java.time.Duration.ofSeconds(10),
                (ct, in) -> in.readAllBytes()))).isInstanceOf(FederationClient.Unreachable.class);
    }
}
