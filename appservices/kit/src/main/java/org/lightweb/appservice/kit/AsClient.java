package org.lightweb.appservice.kit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.lightweb.core.Json;

/**
 * The client-server API as the appservice: every call carries the as_token, and {@link #as} masquerades as a user
 * of the namespace with {@code ?user_id=}. Asynchronous (java.net.http), with a timeout per call; an error answer
 * fails the stage with {@link MatrixCallException}.
 */
public final class AsClient {
    private static final String CS = "/_matrix/client/v3";
    private static final AtomicLong TXN = new AtomicLong();

    private final HttpClient http;
    private final String base;
    private final String asToken;
    private final Duration timeout;
    private final String userId;

    public AsClient(URI homeserver, String asToken, Duration timeout) {
        this(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build(), stripSlash(homeserver.toString()), asToken,
                timeout, null);
    }

    private AsClient(HttpClient http, String base, String asToken, Duration timeout, String userId) {
        this.http = http;
        this.base = base;
        this.asToken = asToken;
        this.timeout = timeout;
        this.userId = userId;
    }

    /** The same client acting as {@code userId} (which must be in the appservice's user namespace). */
    public AsClient as(String userId) { return new AsClient(http, base, asToken, timeout, userId); }

    /**
     * Any call: {@code path} starts with '/' and may carry a query; {@code body} is serialised to JSON (null: none).
     * Completes with the parsed answer ({@code {}} for an empty one).
     */
    public CompletionStage<JsonNode> call(String method, String path, Object body) {
        String url = base + path;
        if (userId != null) url += (path.contains("?") ? "&" : "?") + "user_id=" + enc(userId);
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Authorization", "Bearer " + asToken).header("Accept", "application/json");
        if (body == null) req.method(method, HttpRequest.BodyPublishers.noBody());
        else req.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(Json.writeBytes(body)));
        return http.sendAsync(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .handle((res, err) -> {
                    if (err != null) {
                        Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                        throw new MatrixCallException(0, "M_UNKNOWN", method + " " + path + ": " + cause);
                    }
                    return answer(res);
                });
    }

    private static JsonNode answer(HttpResponse<String> res) {
        JsonNode json;
        try {
            json = res.body() == null || res.body().isBlank() ? Json.object() : Json.parse(res.body());
        } catch (RuntimeException notJson) {
            json = MissingNode.getInstance();
        }
        if (res.statusCode() >= 200 && res.statusCode() < 300) return json;
        String errcode = json.path("errcode").asText("M_UNKNOWN");
        String error = json.path("error").asText("HTTP " + res.statusCode());
        throw new MatrixCallException(res.statusCode(), errcode, error);
    }

    /** POST /register type m.login.application_service; a user that already exists is not an error. */
    public CompletionStage<Void> registerUser(String localpart) {
        ObjectNode body = Json.object().put("type", "m.login.application_service").put("username", localpart)
                .put("inhibit_login", true);
        return call("POST", CS + "/register", body).<Void>thenApply(r -> null).exceptionally(err -> {
            MatrixCallException m = unwrap(err);
            if (m != null && "M_USER_IN_USE".equals(m.errcode())) return null;
            throw err instanceof CompletionException c ? c : new CompletionException(err);
        });
    }

    /** POST /createRoom; completes with the room id. */
    public CompletionStage<String> createRoom(ObjectNode body) {
        return call("POST", CS + "/createRoom", body).thenApply(r -> r.path("room_id").asText());
    }

    public CompletionStage<Void> invite(String roomId, String user) {
        return call("POST", CS + "/rooms/" + enc(roomId) + "/invite", Json.object().put("user_id", user)).thenApply(r -> null);
    }

    /** POST /join/{roomIdOrAlias}; completes with the room id. */
    public CompletionStage<String> join(String roomIdOrAlias) {
        return call("POST", CS + "/join/" + enc(roomIdOrAlias), Json.object()).thenApply(r -> r.path("room_id").asText());
    }

    /** Leaves a room, or rejects an invite; the reason (may be null) is shown to the room's members or the inviter. */
    public CompletionStage<Void> leave(String roomId, String reason) {
        ObjectNode body = Json.object();
        if (reason != null) body.put("reason", reason);
        return call("POST", CS + "/rooms/" + enc(roomId) + "/leave", body).thenApply(r -> null);
    }

    /** Sends an event; completes with its event id. */
    public CompletionStage<String> send(String roomId, String type, JsonNode content) {
        String txn = "kit." + System.currentTimeMillis() + "." + TXN.incrementAndGet();
        return call("PUT", CS + "/rooms/" + enc(roomId) + "/send/" + enc(type) + "/" + txn, content)
                .thenApply(r -> r.path("event_id").asText());
    }

    /** An m.notice (bots answer with notices so other bots do not answer them), with an HTML body if given. */
    public CompletionStage<String> sendNotice(String roomId, String text, String html) {
        ObjectNode content = Json.object().put("msgtype", "m.notice").put("body", text);
        if (html != null) content.put("format", "org.matrix.custom.html").put("formatted_body", html);
        return send(roomId, "m.room.message", content);
    }

    /** GET account data of {@code user}; empty when the user has none of that type (404). */
    public CompletionStage<Optional<JsonNode>> getAccountData(String user, String type) {
        return call("GET", CS + "/user/" + enc(user) + "/account_data/" + enc(type), null)
                .thenApply(Optional::of).exceptionally(err -> {
                    MatrixCallException m = unwrap(err);
                    if (m != null && m.status() == 404) return Optional.empty();
                    throw err instanceof CompletionException c ? c : new CompletionException(err);
                });
    }

    public CompletionStage<Void> putAccountData(String user, String type, JsonNode content) {
        return call("PUT", CS + "/user/" + enc(user) + "/account_data/" + enc(type), content).thenApply(r -> null);
    }

    /** The {@link MatrixCallException} behind a failed stage, or null if it failed otherwise. */
    public static MatrixCallException unwrap(Throwable err) {
        Throwable t = err;
        for (int i = 0; i < 5 && t != null; i++) {
            if (t instanceof MatrixCallException m) return m;
            t = t.getCause();
        }
        return null;
    }

    /** Encodes one path segment or query value ({@code !room:server} becomes {@code %21room%3Aserver}). */
    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String stripSlash(String s) { return s.endsWith("/") ? s.substring(0, s.length() - 1) : s; }

}
