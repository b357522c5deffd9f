package org.lightweb.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.lightweb.core.Json;

/** Plain HTTP to a test node: the raw status, headers and JSON, nothing hidden. */
public final class TestClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;

    public TestClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public record Response(int status, Map<String, java.util.List<String>> headers, String body) {
        public JsonNode json() {
            return body.isEmpty() ? Json.object() : Json.parse(body);
        }

        public String errcode() { return json().path("errcode").asText(null); }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    public Response get(String path, String token) { return send("GET", path, token, null); }

    public Response get(String path) { return send("GET", path, null, null); }

    public Response post(String path, String token, Object body) { return send("POST", path, token, body); }

    public Response put(String path, String token, Object body) { return send("PUT", path, token, body); }

    public Response delete(String path, String token, Object body) { return send("DELETE", path, token, body); }

    /** Sends {@code body} as JSON (a String is sent as it is, raw), with a bearer token if given. */
    public Response send(String method, String path, String token, Object body) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : Json.write(body));
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30)).method(method, publisher);
        if (body != null) req.header("Content-Type", "application/json");
        if (token != null) req.header("Authorization", "Bearer " + token);
        try {
            HttpResponse<String> res = HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(res.statusCode(), res.headers().map(), res.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A registered, logged-in user. */
    public record Account(String userId, String accessToken, String deviceId, String password) {}

    /** Registers with m.login.dummy (the node must have open registration) and returns the logged-in account. */
    public Account register(String username, String password) {
        ObjectNode body = Json.object().put("username", username).put("password", password);
        Response first = post("/_matrix/client/v3/register", null, body);
        if (first.status() != 401) throw new AssertionError("expected the UIA 401, got " + first.status() + " " + first.body());
        body.putObject("auth").put("type", "m.login.dummy").put("session", first.json().get("session").asText());
        Response done = post("/_matrix/client/v3/register", null, body);
        if (done.status() != 200) throw new AssertionError("registration failed: " + done.status() + " " + done.body());
        JsonNode j = done.json();
        return new Account(j.get("user_id").asText(), j.get("access_token").asText(), j.get("device_id").asText(), password);
    }

    public Response login(String user, String password, String deviceId) {
        ObjectNode body = Json.object().put("type", "m.login.password").put("password", password);
        body.putObject("identifier").put("type", "m.id.user").put("user", user);
        if (deviceId != null) body.put("device_id", deviceId);
        return post("/_matrix/client/v3/login", null, body);
    }
}
