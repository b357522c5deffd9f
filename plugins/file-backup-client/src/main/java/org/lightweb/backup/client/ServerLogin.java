package org.lightweb.backup.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Logging in to the member's node with Matrix credentials, and the client's state file that keeps the result: the
 * server, user id, device id and access token, as JSON in one file readable by its owner only (0600), so later
 * commands need no login. The account password is used once, for {@code m.login.password}, and never stored; it is
 * not the repository passphrase (the node must never learn that one).
 */
public final class ServerLogin {
    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ServerLogin() {}

    /** What the state file holds. */
    public record State(@JsonProperty("server") String server, @JsonProperty("user_id") String userId,
                        @JsonProperty("device_id") String deviceId, @JsonProperty("access_token") String accessToken) {}

    /** {@code POST /_matrix/client/v3/login} with {@code m.login.password}. */
    public static State password(URI server, String user, String password, Duration timeout) throws IOException {
        Map<String, Object> body = Map.of("type", "m.login.password",
                "identifier", Map.of("type", "m.id.user", "user", user),
                "password", password, "initial_device_display_name", "lightweb backup");
        JsonNode j = call(server, "POST", "/_matrix/client/v3/login", null, JSON.writeValueAsBytes(body), timeout, "log in as " + user);
        return new State(trim(server), j.path("user_id").asText(), j.path("device_id").asText(null), j.path("access_token").asText());
    }

    /** An access token made elsewhere: {@code GET /_matrix/client/v3/account/whoami} checks it and names its user. */
    public static State token(URI server, String token, Duration timeout) throws IOException {
        JsonNode j = call(server, "GET", "/_matrix/client/v3/account/whoami", token, null, timeout, "check the access token");
        return new State(trim(server), j.path("user_id").asText(), j.path("device_id").asText(null), token);
    }

    /** {@code POST /_matrix/client/v3/logout}: the token stops working. */
    public static void logout(State state, Duration timeout) throws IOException {
        call(URI.create(state.server()), "POST", "/_matrix/client/v3/logout", state.accessToken(), "{}".getBytes(StandardCharsets.UTF_8), timeout, "log out");
    }

    private static String trim(URI server) {
        String s = server.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static JsonNode call(URI server, String method, String path, String token, byte[] body, Duration timeout, String what) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(trim(server) + path)).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) b.header("Content-Type", "application/json");
        if (token != null) b.header("Authorization", "Bearer " + token);
        HttpResponse<byte[]> res;
        try {
            res = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        } catch (IOException e) {
            throw BackupException.failed("could not " + what + " on " + server + ": " + e.getMessage());
        }
        if (res.statusCode() != 200)
            throw BackupException.failed("could not " + what + " on " + server + ": the server answered " + res.statusCode() + " " + HttpBackend.error(res));
        return JSON.readTree(res.body());
    }

    /** The state in {@code file}, or null when there is none. */
    public static State read(Path file) throws IOException {
        if (file == null || !Files.isRegularFile(file)) return null;
        try {
            State s = JSON.readValue(file.toFile(), State.class);
            if (s.server() == null || s.accessToken() == null) throw BackupException.failed(file + " is not a lightweb backup state file; log in again");
            return s;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw BackupException.failed(file + " is not a lightweb backup state file (" + e.getOriginalMessage() + "); log in again");
        }
    }

    /** Writes the state readable by its owner only: a 0600 temporary file renamed over the old one. */
    public static void write(Path file, State state) throws IOException {
        PrivateFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
    }
}
