package org.lightweb.server.federation.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lightweb.core.Clock;
import org.lightweb.core.Json;
import org.lightweb.federation.protocol.Base64s;
import org.lightweb.federation.protocol.JsonSigning;
import org.lightweb.federation.protocol.SigningKey;
import org.lightweb.server.config.HomeserverConfig.OldSigningKey;
import org.lightweb.server.federation.client.FederationClient;
import org.lightweb.server.http.ErrorRendering;

/** GET /_matrix/key/v2/server and the notary endpoints, over HTTP, with a fake remote server behind the key ring. */
class KeyRoutesTest {
    static final String US = "us.test";
    static final SigningKey ours = SigningKey.generate();
    static final SigningKey remoteKey = SigningKey.generate();
    static final String OLD_KEY = Base64s.encode(SigningKey.generate().publicKey());
    static final AtomicInteger fetches = new AtomicInteger();
    static Vertx vertx;
    static HttpServer server;
    static final HttpClient http = HttpClient.newHttpClient();

    /** Answers remote.test's key document; every other server is unreachable. */
    static final FederationClient FAKE = (method, destination, path, query, body) -> {
        if (!destination.equals("remote.test") || !path.equals("/_matrix/key/v2/server")) {
            return Future.failedFuture(new FederationClient.Unreachable(destination, "test", null));
        }
        fetches.incrementAndGet();
        ObjectNode doc = Json.object();
        doc.put("server_name", "remote.test");
        doc.put("valid_until_ts", System.currentTimeMillis() + 3_600_000);
        doc.putObject("verify_keys").putObject(remoteKey.keyId()).put("key", remoteKey.publicKeyBase64());
        return Future.succeededFuture(JsonSigning.sign(doc, "remote.test", remoteKey));
    };

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        OwnKeys own = new OwnKeys(US, ours, Map.of("ed25519:old", new OldSigningKey(OLD_KEY, 1234)), Duration.ofHours(2),
                Clock.SYSTEM);
        RemoteKeyRing ring = new RemoteKeyRing(own, FAKE, new RemoteKeyRingTest.MemoryRepo(), List.of(),
                Duration.ofMinutes(1), 100, vertx.createSharedWorkerExecutor("test-cpu", 1), Clock.SYSTEM);
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create(false).setBodyLimit(65536));
        new KeyRoutes(own, ring, 3, Clock.SYSTEM).mount(router);
        router.route().failureHandler(ErrorRendering::handle);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static JsonNode call(String method, String path, String body, int expectedStatus) throws Exception {
        var req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        var res = http.send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(expectedStatus);
        return Json.MAPPER.readTree(res.body());
    }

    static boolean signedBy(JsonNode doc, String server, SigningKey key) {
        return JsonSigning.verify(doc, server, Map.of(key.keyId(), key.publicKey()));
    }

    @Test
    void getServerKeyShouldPublishOurSignedKeyWithOldKeysAndValidity() throws Exception {
        long before = System.currentTimeMillis();
        JsonNode doc = call("GET", "/_matrix/key/v2/server", null, 200);
        assertThat(doc.path("server_name").asText()).isEqualTo(US);
        assertThat(doc.path("verify_keys").path(ours.keyId()).path("key").asText()).isEqualTo(ours.publicKeyBase64());
        assertThat(doc.path("old_verify_keys").path("ed25519:old").path("key").asText()).isEqualTo(OLD_KEY);
        assertThat(doc.path("old_verify_keys").path("ed25519:old").path("expired_ts").asLong()).isEqualTo(1234);
        assertThat(doc.path("valid_until_ts").asLong()).isBetween(before + 7_200_000, System.currentTimeMillis() + 7_200_000);
        assertThat(signedBy(doc, US, ours)).isTrue();
        assertThat(call("GET", "/_matrix/key/v2/server/" + ours.keyId(), null, 200).path("server_name").asText()).isEqualTo(US);
        // The document verifies as another server's KeyDocuments check would see it.
        assertThat(KeyDocuments.verify(doc, US, 0)).extracting(k -> k.keyId()).containsExactlyInAnyOrder(ours.keyId(), "ed25519:old");
    }

    @Test
    void queryKeysShouldAnswerRemoteKeysSignedByTheOriginAndCountersignedByUs() throws Exception {
        JsonNode answer = call("POST", "/_matrix/key/v2/query",
                "{\"server_keys\": {\"remote.test\": {}, \"unreachable.test\": {}, \"us.test\": {}}}", 200);
        JsonNode keys = answer.path("server_keys");
        assertThat(keys).hasSize(2);
        for (JsonNode doc : keys) {
            assertThat(signedBy(doc, US, ours)).isTrue();
            if (doc.path("server_name").asText().equals("remote.test")) {
                assertThat(signedBy(doc, "remote.test", remoteKey)).isTrue();
            } else {
                assertThat(doc.path("server_name").asText()).isEqualTo(US);
            }
        }
        int before = fetches.get();
        JsonNode single = call("GET", "/_matrix/key/v2/query/remote.test", null, 200);
        assertThat(single.path("server_keys")).hasSize(1);
        assertThat(signedBy(single.path("server_keys").get(0), US, ours)).isTrue();
        assertThat(fetches.get()).as("answered from the cache").isEqualTo(before);
    }

    @Test
    void queryKeysShouldRefuseTooManyServersAndBadBodies() throws Exception {
        assertThat(call("POST", "/_matrix/key/v2/query",
                "{\"server_keys\": {\"a.test\": {}, \"b.test\": {}, \"c.test\": {}, \"d.test\": {}}}", 400)
                .path("errcode").asText()).isEqualTo("M_INVALID_PARAM");
        assertThat(call("POST", "/_matrix/key/v2/query", "{nope", 400).path("errcode").asText()).isEqualTo("M_NOT_JSON");
        assertThat(call("POST", "/_matrix/key/v2/query", "{}", 400).path("errcode").asText()).isEqualTo("M_BAD_JSON");
    }
}
