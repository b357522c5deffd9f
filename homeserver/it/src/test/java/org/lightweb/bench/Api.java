package org.lightweb.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.lightweb.core.Json;

/**
 * The client-server API calls the scenarios make, the same for lightweb and Synapse, over HTTP/1.1 (what clients
 * behind a reverse proxy speak). Every request has a timeout; a failed request (a transport error, or a status
 * other than 200) is counted in {@link #errors()} and the scenarios report the count.
 */
final class Api {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final String PASSWORD = "bench-password-1";

    private final String base;
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong lastErrorLogged = new AtomicLong();

    Api(String base) { this.base = base; }

    String base() { return base; }

    /** A response: status -1 when the request itself failed (connection refused, timeout). */
    record Res(int status, String body) {
        JsonNode json() { return body == null || body.isEmpty() ? Json.object() : Json.parse(body); }

        boolean ok() { return status == 200; }
    }

    record Account(String userId, String token) {}

    long errors() { return errors.get(); }

    Res call(String method, String path, String token, Object body, Duration timeout) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : Json.write(body)));
        if (body != null) req.header("Content-Type", "application/json");
        if (token != null) req.header("Authorization", "Bearer " + token);
        try {
            HttpResponse<String> res = HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
            return new Res(res.statusCode(), res.body());
        } catch (IOException e) {
            return new Res(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Res(-1, e.toString());
        }
    }

    Res call(String method, String path, String token, Object body) {
        return call(method, path, token, body, Duration.ofSeconds(60));
    }

    /** Like {@link #call}, counting anything but a 200 as an error (the first few are printed). */
    Res expectOk(String method, String path, String token, Object body) {
        Res r = call(method, path, token, body);
        if (!r.ok()) error(method + " " + path.replaceAll("\\?.*", ""), r);
        return r;
    }

    void error(String what, Res r) {
        errors.incrementAndGet();
        if (lastErrorLogged.incrementAndGet() <= 10) {
            String b = r.body() == null ? "" : r.body();
            System.err.println("bench: " + base + " " + what + " -> " + r.status() + " " + b.substring(0, Math.min(300, b.length())));
        }
    }

    /** Open registration through the m.login.dummy flow (both servers offer it with registration open). */
    Account register(String username) {
        ObjectNode body = Json.object().put("username", username).put("password", PASSWORD)
                .put("initial_device_display_name", "bench");
        Res first = call("POST", "/_matrix/client/v3/register", null, body);
        if (first.status() != 401) {
            error("register (UIA start)", first);
            throw new IllegalStateException("registration did not start the UIA flow: " + first.status() + " " + first.body());
        }
        body.putObject("auth").put("type", "m.login.dummy").put("session", first.json().path("session").asText());
        Res done = call("POST", "/_matrix/client/v3/register", null, body);
        if (!done.ok()) {
            error("register", done);
            throw new IllegalStateException("registration failed: " + done.status() + " " + done.body());
        }
        JsonNode j = done.json();
        return new Account(j.path("user_id").asText(), j.path("access_token").asText());
    }

    String createRoom(Account a, ObjectNode body) {
        Res r = expectOk("POST", "/_matrix/client/v3/createRoom", a.token(), body);
        if (!r.ok()) throw new IllegalStateException("createRoom failed: " + r.status() + " " + r.body());
        return r.json().path("room_id").asText();
    }

    Res join(Account a, String room, String via) {
        String q = via == null ? "" : "?via=" + enc(via) + "&server_name=" + enc(via);
        return expectOk("POST", "/_matrix/client/v3/join/" + enc(room) + q, a.token(), Json.object());
    }

    Res send(Account a, String room, String txn, String text) {
        return expectOk("PUT", "/_matrix/client/v3/rooms/" + enc(room) + "/send/m.room.message/" + enc(txn), a.token(),
                Json.object().put("msgtype", "m.text").put("body", text));
    }

    Res putState(Account a, String room, String type, String stateKey, ObjectNode content) {
        return expectOk("PUT", "/_matrix/client/v3/rooms/" + enc(room) + "/state/" + enc(type) + "/" + enc(stateKey),
                a.token(), content);
    }

    /** GET /sync with the query given (without '?'); long-polls are given a longer HTTP timeout than theirs. */
    Res sync(Account a, String query, Duration timeout) {
        Res r = call("GET", "/_matrix/client/v3/sync" + (query.isEmpty() ? "" : "?" + query), a.token(), null, timeout);
        if (!r.ok()) error("sync", r);
        return r;
    }

    static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }
}
