package org.lightweb.server.appservice;

import org.lightweb.appservice.kit.Registration;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.lightweb.core.Json;

/**
 * Requests from the node to an appservice (spec: "Application Service API" endpoints under /_matrix/app/v1), with
 * the hs_token as a bearer token, and the legacy paths the spec says to fall back to when the new ones are not
 * found. Answers complete on the caller's Vert.x context.
 */
final class AppserviceClient {
    private static final MediaType JSON = MediaType.get("application/json");
    private static final long MAX_ANSWER_BYTES = 1 << 20;

    /** What the appservice answered: its status and body (null when unreachable: {@code error} says why). */
    record Answer(int status, JsonNode body, String error, boolean timedOut) {
        boolean ok() { return status >= 200 && status < 300; }
    }

    private final OkHttpClient http;

    AppserviceClient(Duration requestTimeout) {
        this.http = new OkHttpClient.Builder().connectTimeout(requestTimeout).readTimeout(requestTimeout)
                .writeTimeout(requestTimeout).callTimeout(requestTimeout).followRedirects(false)
                .retryOnConnectionFailure(false).build();
    }

    void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    /** PUT /_matrix/app/v1/transactions/{txnId} (falling back to /transactions/{txnId}). */
    Future<Answer> transaction(Registration r, long txnId, JsonNode body) {
        String id = Long.toString(txnId);
        return withFallback(r, "PUT", "/_matrix/app/v1/transactions/" + id, "/transactions/" + id, body);
    }

    /** POST /_matrix/app/v1/ping. */
    Future<Answer> ping(Registration r, JsonNode body) {
        return call(r, "POST", "/_matrix/app/v1/ping", body, false);
    }

    /** GET /_matrix/app/v1/users/{userId} (falling back to /users/{userId}). */
    Future<Answer> queryUser(Registration r, String userId) {
        String u = encode(userId);
        return withFallback(r, "GET", "/_matrix/app/v1/users/" + u, "/users/" + u, null);
    }

    /** GET /_matrix/app/v1/rooms/{alias} (falling back to /rooms/{alias}). */
    Future<Answer> queryAlias(Registration r, String alias) {
        String a = encode(alias);
        return withFallback(r, "GET", "/_matrix/app/v1/rooms/" + a, "/rooms/" + a, null);
    }

    /**
     * The spec path, then the legacy one when the appservice does not know the first: 404/405 with M_UNRECOGNIZED
     * (spec: Unknown routes) or without a Matrix error. A 404 with another errcode is the appservice's answer
     * (matrix-bot-sdk declines an alias query with 404 ROOM_DOES_NOT_EXIST), so it is not asked a second time.
     */
    private Future<Answer> withFallback(Registration r, String method, String path, String legacy, JsonNode body) {
        return call(r, method, path, body, false).compose(a -> unknownRoute(a)
                ? call(r, method, legacy, body, true) : Future.succeededFuture(a));
    }

    static boolean unknownRoute(Answer a) {
        if (a.status() != 404 && a.status() != 405) return false;
        String errcode = a.body() == null ? "" : a.body().path("errcode").asText("");
        return errcode.isEmpty() || errcode.equals("M_UNRECOGNIZED");
    }

    private Future<Answer> call(Registration r, String method, String path, JsonNode body, boolean legacyAuth) {
        Context context = io.vertx.core.Vertx.currentContext();
        Promise<Answer> done = Promise.promise();
        String url = r.url() + path + (legacyAuth ? "?access_token=" + encode(r.hsToken()) : "");
        Request request;
        try {
            request = new Request.Builder().url(url).header("Authorization", "Bearer " + r.hsToken())
                    .method(method, body == null ? (method.equals("GET") ? null : RequestBody.create(new byte[0], JSON))
                            : RequestBody.create(Json.writeBytes(body), JSON)).build();
        } catch (IllegalArgumentException e) {
            return Future.succeededFuture(new Answer(0, null, "bad url: " + e.getMessage(), false));
        }
        http.newCall(request).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                complete(new Answer(0, null, e.toString(), e instanceof InterruptedIOException));
            }

            @Override
            public void onResponse(Call call, Response response) {
                Answer a;
                try (response) {
                    JsonNode parsed = null;
                    var b = response.body();
                    if (b != null && b.source().request(MAX_ANSWER_BYTES + 1)) {
                        a = new Answer(response.code(), null, "answer too long", false);
                    } else {
                        String text = b == null ? "" : b.string();
                        try {
                            parsed = text.isBlank() ? null : Json.parse(text);
                        } catch (RuntimeException notJson) {
                            parsed = null;
                        }
                        a = new Answer(response.code(), parsed, null, false);
                    }
                } catch (IOException | RuntimeException e) {
                    a = new Answer(0, null, e.toString(), e instanceof InterruptedIOException);
                }
                complete(a);
            }

            private void complete(Answer a) {
                if (context != null) context.runOnContext(v -> done.complete(a));
                else done.complete(a);
            }
        });
        return done.future();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
