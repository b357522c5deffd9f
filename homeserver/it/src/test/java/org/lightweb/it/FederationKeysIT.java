package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;
import org.lightweb.federation.protocol.JsonSigning;
import org.lightweb.federation.protocol.SigningKey;
import org.lightweb.server.federation.client.FederationClient;
import org.lightweb.server.federation.client.XMatrix;

/**
 * Two real nodes on loopback with self-signed TLS: kaslo fetches nelson's key directly and through its own notary
 * endpoint, and nelson accepts kaslo's signed requests (fetching kaslo's key to check them) and refuses unsigned
 * and forged ones with 401 M_UNAUTHORIZED.
 */
class FederationKeysIT {
    @RegisterExtension
    static final TestNode kaslo = FederatingNodes.node();
    @RegisterExtension
    static final TestNode nelson = FederatingNodes.node();

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    static Throwable failure(Future<?> f) throws Exception {
        try {
            await(f);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected the request to fail");
    }

    @Test
    void kasloShouldFetchAndVerifyNelsonsKeyDirectly() throws Exception {
        JsonNode doc = await(kaslo.node().wiring().federationClient().get(nelson.serverName(), "/_matrix/key/v2/server", Map.of()));
        assertThat(doc.path("server_name").asText()).isEqualTo(nelson.serverName());
        String keyId = doc.path("verify_keys").fieldNames().next();
        Map<String, byte[]> keys = await(kaslo.node().wiring().keyRing()
                .verifyKeys(nelson.serverName(), List.of(keyId), System.currentTimeMillis()));
        assertThat(keys).containsOnlyKeys(keyId);
        assertThat(JsonSigning.verify(doc, nelson.serverName(), keys)).isTrue();
    }

    @Test
    void kaslosNotaryShouldAnswerNelsonsKeyCountersigned() throws Exception {
        String body = "{\"server_keys\": {\"" + nelson.serverName() + "\": {}}}";
        try (Response r = insecure().newCall(new Request.Builder()
                .url("https://" + kaslo.serverName() + "/_matrix/key/v2/query")
                .post(RequestBody.create(body, MediaType.get("application/json"))).build()).execute()) {
            assertThat(r.code()).isEqualTo(200);
            JsonNode keys = Json.MAPPER.readTree(r.body().bytes()).path("server_keys");
            assertThat(keys).hasSize(1);
            JsonNode doc = keys.get(0);
            assertThat(doc.path("server_name").asText()).isEqualTo(nelson.serverName());
            assertThat(doc.path("signatures").has(nelson.serverName())).isTrue();
            assertThat(doc.path("signatures").has(kaslo.serverName())).isTrue();
            // kaslo's countersignature verifies under kaslo's published key.
            String kasloKey = kaslo.node().wiring().keyRing().verifyKeys(kaslo.serverName(),
                    List.of(doc.path("signatures").path(kaslo.serverName()).fieldNames().next()), 0)
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).keySet().iterator().next();
            assertThat(await(nelson.node().wiring().keyRing().isSignedBy(doc, kaslo.serverName(), System.currentTimeMillis())))
                    .as("countersigned with " + kasloKey).isTrue();
        }
        try (Response r = insecure().newCall(new Request.Builder()
                .url("https://" + kaslo.serverName() + "/_matrix/key/v2/query/" + nelson.serverName()).build()).execute()) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(r.body().bytes()).path("server_keys").get(0).path("server_name").asText())
                    .isEqualTo(nelson.serverName());
        }
    }

    @Test
    void nelsonShouldAcceptKaslosSignedRequestAndRefuseUnsignedOrForgedOnes() throws Exception {
        // Signed by kaslo: past authentication, so the answer is the route's (no such route here: 404), not 401.
        Throwable signed = failure(kaslo.node().wiring().federationClient()
                .get(nelson.serverName(), "/_matrix/federation/v1/lightweb-test-nothing", Map.of("a", "b c")));
        assertThat(signed).isInstanceOf(FederationClient.RemoteError.class);
        assertThat(((FederationClient.RemoteError) signed).status()).isEqualTo(404);

        String path = "/_matrix/federation/v1/lightweb-test-nothing";
        String url = "https://" + nelson.serverName() + path;
        try (Response r = insecure().newCall(new Request.Builder().url(url).build()).execute()) {
            assertThat(r.code()).isEqualTo(401);
            assertThat(Json.MAPPER.readTree(r.body().bytes()).path("errcode").asText()).isEqualTo("M_UNAUTHORIZED");
        }
        // Claims to be kaslo but is signed by another key under kaslo's key id.
        String kasloKeyId = kaslo.node().wiring().federationClient()
                .get(kaslo.serverName(), "/_matrix/key/v2/server", Map.of())
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS)
                .path("verify_keys").fieldNames().next();
        SigningKey forger = SigningKey.parse("ed25519 " + kasloKeyId.substring("ed25519:".length()) + " "
                + org.lightweb.federation.protocol.Base64s.encode(SigningKey.generate().publicKey()));
        String forged = XMatrix.authorization(forger, kaslo.serverName(), nelson.serverName(), "GET", path, null);
        try (Response r = insecure().newCall(new Request.Builder().url(url).header("Authorization", forged).build()).execute()) {
            assertThat(r.code()).isEqualTo(401);
            assertThat(Json.MAPPER.readTree(r.body().bytes()).path("errcode").asText()).isEqualTo("M_UNAUTHORIZED");
        }
    }

    static OkHttpClient insecure() throws Exception {
        javax.net.ssl.X509TrustManager all = new javax.net.ssl.X509TrustManager() {
            @Override public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {}
            @Override public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) {}
            @Override public java.security.cert.X509Certificate[] getAcceptedIssuers() { return new java.security.cert.X509Certificate[0]; }
        };
        var ssl = javax.net.ssl.SSLContext.getInstance("TLS");
        ssl.init(null, new javax.net.ssl.TrustManager[] {all}, null);
        return new OkHttpClient.Builder().sslSocketFactory(ssl.getSocketFactory(), all).hostnameVerifier((h, s) -> true)
                .callTimeout(java.time.Duration.ofSeconds(30)).build();
    }
}
