package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lightweb.core.Json;

/**
 * No secret in a log line (issue #15): a node process logging at debug registers, logs in, refreshes, changes a
 * password, registers through the shared secret, sends with the token in the query string and fails a login; its
 * whole log then contains none of the passwords, access or refresh tokens, the shared secret or the signing key.
 */
class SecretsInLogsIT {
    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    String call(String base, String method, String path, String token, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(Json.write(body)));
        if (token != null) b.header("Authorization", "Bearer " + token);
        if (body != null) b.header("Content-Type", "application/json");
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void secretsShouldNeverReachTheLogWhenLoggingAtDebug() throws Exception {
        int port = FederatingNodes.freePort();
        String sharedSecret = "shared-secret-" + Long.toHexString(System.nanoTime());
        Path config = dir.resolve("homeserver.yaml");
        Files.writeString(config, """
                server_name: localhost
                data_dir: data
                listeners:
                  client: {bind: 127.0.0.1, port: %d}
                  federation: {bind: 127.0.0.1, port: 0, tls: none}
                  shutdown_timeout: 2s
                registration: {require_token: false, shared_secret: "%s"}
                passwords: {argon2_memory: 64KiB, argon2_iterations: 1}
                rate_limits: {enabled: false}
                admin_bot: {enabled: false}
                log: {level: debug}
                """.formatted(port, sharedSecret));
        Path log = dir.resolve("node.log");
        Process node = NodeProcess.start(config, dir, log);
        try {
            String base = "http://127.0.0.1:" + port;
            NodeProcess.awaitUp(base, node);
            String password = "first-password-" + Long.toHexString(System.nanoTime());
            String newPassword = "second-password-" + Long.toHexString(System.nanoTime());
            var session = Json.parse(call(base, "POST", "/_matrix/client/v3/register", null, Map.of("username", "alice", "password", password)));
            var reg = Json.parse(call(base, "POST", "/_matrix/client/v3/register", null, Map.of("username", "alice", "password", password,
                    "refresh_token", true, "auth", Map.of("type", "m.login.dummy", "session", session.path("session").asText()))));
            String access = reg.path("access_token").asText();
            String refresh = reg.path("refresh_token").asText();
            assertThat(access).isNotEmpty();
            var login = Json.parse(call(base, "POST", "/_matrix/client/v3/login", null, Map.of("type", "m.login.password",
                    "identifier", Map.of("type", "m.id.user", "user", "alice"), "password", password)));
            String loginToken = login.path("access_token").asText();
            call(base, "POST", "/_matrix/client/v3/login", null, Map.of("type", "m.login.password",
                    "identifier", Map.of("type", "m.id.user", "user", "alice"), "password", "wrong-" + password));
            var refreshed = Json.parse(call(base, "POST", "/_matrix/client/v3/refresh", null, Map.of("refresh_token", refresh)));
            String access2 = refreshed.path("access_token").asText();
            call(base, "GET", "/_matrix/client/v3/account/whoami?access_token=" + loginToken, null, null);
            call(base, "POST", "/_matrix/client/v3/account/password", loginToken, Map.of("new_password", newPassword,
                    "auth", Map.of("type", "m.login.password", "identifier", Map.of("type", "m.id.user", "user", "alice"), "password", password)));
            String nonce = Json.parse(call(base, "GET", "/_synapse/admin/v1/register", null, null)).path("nonce").asText();
            String mac = AdminIT.hmac(sharedSecret, nonce + "\0root\0" + password + "\0admin");
            var admin = Json.parse(call(base, "POST", "/_synapse/admin/v1/register", null, Map.of("nonce", nonce, "username", "root",
                    "password", password, "admin", true, "mac", mac)));
            String adminToken = admin.path("access_token").asText();
            assertThat(adminToken).isNotEmpty();

            node.destroy();
            assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String text = Files.readString(log);
            assertThat(text).as("the log was written at debug").contains("DEBUG");
            String signingKey = Files.readString(dir.resolve("data/signing.key")).trim().split("\\s+")[2];
            for (String secret : List.of(password, newPassword, access, refresh, loginToken, access2, adminToken, sharedSecret, mac, signingKey)) {
                assertThat(secret).isNotBlank();
                assertThat(text).as("a secret in the log").doesNotContain(secret);
            }
        } catch (Exception | AssertionError e) {
            throw new AssertionError("node log tail:\n" + CrashIT.tail(log), e);
        } finally {
            node.destroyForcibly();
        }
    }
}
