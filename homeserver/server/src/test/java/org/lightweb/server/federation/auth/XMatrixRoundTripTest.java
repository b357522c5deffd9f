package org.lightweb.server.federation.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lightweb.core.Clock;
import org.lightweb.core.Json;
import org.lightweb.federation.protocol.JsonSigning;
import org.lightweb.federation.protocol.SigningKey;
import org.lightweb.server.config.HomeserverConfig;
import org.lightweb.server.federation.Origin;
import org.lightweb.server.federation.SelfSignedCertificate;
import org.lightweb.server.federation.client.FederationClient;
import org.lightweb.server.federation.client.OkHttpFederationClient;
import org.lightweb.server.federation.client.WellKnownResolver;
import org.lightweb.server.federation.client.XMatrix;
import org.lightweb.server.federation.keys.KeyRing;
import org.lightweb.server.http.ErrorRendering;
import org.lightweb.server.http.Respond;

/** A request signed by OkHttpFederationClient is accepted by XMatrixAuth over real TLS; others get 401. */
class XMatrixRoundTripTest {
    static final String ORIGIN = "origin.test";
    static final SigningKey originKey = SigningKey.generate();
    static Vertx vertx;
    static HttpServer server;
    static String destination;

    /** The origin's key only: what a KeyRing would have fetched. */
    static final KeyRing KEYS = new KeyRing() {
        @Override
        public Future<Map<String, byte[]>> verifyKeys(String s, Collection<String> ids, long validAt) {
            return Future.succeededFuture(s.equals(ORIGIN) && ids.contains(originKey.keyId())
                    ? Map.of(originKey.keyId(), originKey.publicKey()) : Map.of());
        }

        @Override
        public Future<Boolean> isSignedBy(JsonNode signed, String s, long validAt) {
            return verifyKeys(s, List.of(originKey.keyId()), validAt)
                    .map(keys -> !keys.isEmpty() && JsonSigning.verify(signed, s, keys));
        }
    };

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        vertx = Vertx.vertx();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        destination = "127.0.0.1:" + port;
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create(false).setBodyLimit(1024 * 1024));
        new XMatrixAuth(destination, KEYS, Clock.SYSTEM).mount(router);
        router.route("/_matrix/federation/*").handler(Respond.json(ctx -> Future.succeededFuture(Map.of(
                "origin", ctx.get(Origin.KEY) == null ? "none" : Origin.of(ctx),
                "host", String.valueOf(ctx.request().getHeader("Host")),
                "body", ctx.body().buffer() == null ? "" : ctx.body().asString()))));
        router.route().failureHandler(ErrorRendering::handle);
        Path cert = dir.resolve("c.pem");
        Path key = dir.resolve("k.pem");
        SelfSignedCertificate.ensure(cert, key, "127.0.0.1");
        server = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setKeyCertOptions(
                new PemKeyCertOptions().setCertPath(cert.toString()).setKeyPath(key.toString())))
                .requestHandler(router).listen(port, "127.0.0.1").await();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static OkHttpFederationClient client(SigningKey key) {
        return new OkHttpFederationClient(vertx, ORIGIN, key, HomeserverConfig.Federation.defaults(false, true),
                name -> List.of(), WellKnownResolver.httpsUrl());
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void signedRequestShouldBeAcceptedWithItsOriginWhenSignedByTheOriginKey() throws Exception {
        JsonNode answer = await(client(originKey).put(destination, "/_matrix/federation/v1/send/t%201",
                Json.object().put("pdus", 0)));
        assertThat(answer.path("origin").asText()).isEqualTo(ORIGIN);
        JsonNode get = await(client(originKey).get(destination, "/_matrix/federation/v1/query/profile",
                Map.of("user_id", "@a:origin.test", "field", "displayname")));
        assertThat(get.path("origin").asText()).isEqualTo(ORIGIN);
    }

    @Test
    void requestShouldGet401WhenSignedByAnotherKey() {
        Throwable err = catchFailure(client(SigningKey.generate()).get(destination, "/_matrix/federation/v1/event/x", Map.of()));
        assertThat(err).isInstanceOf(FederationClient.RemoteError.class);
        assertThat(((FederationClient.RemoteError) err).status()).isEqualTo(401);
        assertThat(((FederationClient.RemoteError) err).errcode()).isEqualTo("M_UNAUTHORIZED");
    }

    @Test
    void requestShouldGet401WhenUnsignedOrAddressedElsewhereAndPassWhenOneOfSeveralHeadersIsValid() throws Exception {
        OkHttpClient raw = insecure();
        String url = "https://" + destination + "/_matrix/federation/v1/event/x";
        try (var r = raw.newCall(new Request.Builder().url(url).build()).execute()) {
            assertThat(r.code()).isEqualTo(401);
            assertThat(Json.MAPPER.readTree(r.body().bytes()).path("errcode").asText()).isEqualTo("M_UNAUTHORIZED");
        }
        String elsewhere = XMatrix.authorization(originKey, ORIGIN, "other.test", "GET", "/_matrix/federation/v1/event/x", null);
        try (var r = raw.newCall(new Request.Builder().url(url).header("Authorization", elsewhere).build()).execute()) {
            assertThat(r.code()).isEqualTo(401);
            assertThat(r.body().string()).contains("other.test");
        }
        String good = XMatrix.authorization(originKey, ORIGIN, destination, "GET", "/_matrix/federation/v1/event/x", null);
        try (var r = raw.newCall(new Request.Builder().url(url).addHeader("Authorization", elsewhere)
                .addHeader("Authorization", good).build()).execute()) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(r.body().bytes()).path("origin").asText()).isEqualTo(ORIGIN);
        }
    }

    /**
     * A hostile partner replays a header it received (or captured) for another server: the signature is genuine, but
     * over another destination, so it must not open this server's API (issue #15). With the destination field cut
     * out, the signature no longer verifies (this server's name is assumed); on another path or body, neither.
     */
    @Test
    void replayedHeaderShouldGet401WhenItWasSignedForAnotherDestinationPathOrBody() throws Exception {
        OkHttpClient raw = insecure();
        String path = "/_matrix/federation/v1/send/replayed";
        String body = "{\"pdus\":[],\"edus\":[]}";
        String forOther = XMatrix.authorization(originKey, ORIGIN, "nelson.test", "PUT", path, Json.parse(body));
        String destinationCut = forOther.replaceAll(",?destination=\"[^\"]*\"", "");
        String forUs = XMatrix.authorization(originKey, ORIGIN, destination, "PUT", path, Json.parse(body));
        String forUsOtherBody = XMatrix.authorization(originKey, ORIGIN, destination, "PUT", path, Json.parse("{\"pdus\":[]}"));
        String forUsOtherPath = XMatrix.authorization(originKey, ORIGIN, destination, "PUT", path + "x", Json.parse(body));
        assertThat(destinationCut).doesNotContain("destination").contains("sig=");

        for (String replayed : List.of(forOther, destinationCut, forUsOtherBody, forUsOtherPath)) {
            try (var r = raw.newCall(new Request.Builder().url("https://" + destination + path)
                    .put(RequestBody.create(body, MediaType.get("application/json"))).header("Authorization", replayed).build()).execute()) {
                assertThat(r.code()).as(replayed).isEqualTo(401);
                assertThat(Json.MAPPER.readTree(r.body().bytes()).path("errcode").asText()).isEqualTo("M_UNAUTHORIZED");
            }
        }
        try (var r = raw.newCall(new Request.Builder().url("https://" + destination + path)
                .put(RequestBody.create(body, MediaType.get("application/json"))).header("Authorization", forUs).build()).execute()) {
            assertThat(r.code()).isEqualTo(200);
        }
    }

    /** A body over the limit is refused before anything reads it: 413 M_TOO_LARGE, even when correctly signed. */
    @Test
    void transactionShouldGet413WhenItsBodyIsOverTheLimit() throws Exception {
        String path = "/_matrix/federation/v1/send/huge";
        String body = "{\"pdus\":[],\"edus\":[],\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}";
        String header = XMatrix.authorization(originKey, ORIGIN, destination, "PUT", path, Json.parse(body));
        try (var r = insecure().newCall(new Request.Builder().url("https://" + destination + path)
                .put(RequestBody.create(body, MediaType.get("application/json"))).header("Authorization", header).build()).execute()) {
            assertThat(r.code()).isEqualTo(413);
            assertThat(Json.MAPPER.readTree(r.body().bytes()).path("errcode").asText()).isEqualTo("M_TOO_LARGE");
        }
    }

    @Test
    void requestShouldGet400NotJsonWhenBodyIsMalformed() throws Exception {
        String path = "/_matrix/federation/v1/send/t2";
        String header = XMatrix.authorization(originKey, ORIGIN, destination, "PUT", path, null);
        try (var r = insecure().newCall(new Request.Builder().url("https://" + destination + path)
                .header("Authorization", header).put(RequestBody.create("{not json", MediaType.get("application/json")))
                .build()).execute()) {
            assertThat(r.code()).isEqualTo(400);
            assertThat(Json.MAPPER.readTree(r.body().bytes()).path("errcode").asText()).isEqualTo("M_NOT_JSON");
        }
    }

    @Test
    void versionShouldNeedNoSignature() throws Exception {
        try (var r = insecure().newCall(new Request.Builder().url("https://" + destination + "/_matrix/federation/v1/version")
                .build()).execute()) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(r.body().bytes()).path("origin").asText()).isEqualTo("none");
        }
    }

    @Test
    void clientShouldConnectToTheSrvTargetWithTheServerNameAsHostWhenSrvRecordsExist() throws Exception {
        int port = Integer.parseInt(destination.substring(destination.indexOf(':') + 1));
        var viaSrv = new OkHttpFederationClient(vertx, ORIGIN, originKey, HomeserverConfig.Federation.defaults(false, true),
                name -> name.equals("_matrix-fed._tcp.srv.test")
                        ? List.of(new org.lightweb.server.federation.client.SrvResolver.Srv(0, 0, port, "localhost"))
                        : List.of(),
                host -> "http://127.0.0.1:1/.well-known/matrix/server");   // nothing listens: no delegation
        JsonNode answer = await(viaSrv.get("srv.test", "/_matrix/federation/v1/version", Map.of()));
        assertThat(answer.path("host").asText()).isEqualTo("srv.test");
        viaSrv.close();
    }

    @Test
    void clientShouldRefusePrivateDestinationsWhenNotAllowed() {
        var strict = new OkHttpFederationClient(vertx, ORIGIN, originKey, HomeserverConfig.Federation.defaults(false, false),
                name -> List.of(), WellKnownResolver.httpsUrl());
        assertThat(catchFailure(strict.get(destination, "/_matrix/federation/v1/version", Map.of())))
                .isInstanceOf(FederationClient.Unreachable.class);
    }

    static Throwable catchFailure(Future<?> f) {
        try {
            f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }

    static OkHttpClient insecure() throws Exception {
        javax.net.ssl.X509TrustManager all = new javax.net.ssl.X509TrustManager() {
            @Override public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {}
            @Override public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) {}
            @Override public java.security.cert.X509Certificate[] getAcceptedIssuers() { return new java.security.cert.X509Certificate[0]; }
        };
        var ssl = javax.net.ssl.SSLContext.getInstance("TLS");
        ssl.init(null, new javax.net.ssl.TrustManager[] {all}, null);
        return new OkHttpClient.Builder().sslSocketFactory(ssl.getSocketFactory(), all).hostnameVerifier((h, s) -> true).build();
    }
}
