package org.lightweb.server.push.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.lightweb.core.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs notifications to push gateways (push gateway API, {@code POST /_matrix/push/v1/notify}) with OkHttp's
 * asynchronous calls: a call never holds a Vert.x thread, its whole duration is bounded by the request timeout (a
 * gateway that hangs is a failure, not a stuck pusher), and OkHttp's dispatcher bounds how many calls are in flight.
 * Answers arrive back on the given Vert.x context.
 */
public final class PushGatewayClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PushGatewayClient.class);
    private static final MediaType JSON = MediaType.get("application/json");
    /** Most bytes of a gateway's answer that are read; the answer only carries rejected pushkeys. */
    private static final long MAX_ANSWER_BYTES = 64 * 1024;

    /** How a notify request ended. */
    public enum Outcome {
        /** 2xx: the gateway took it (possibly rejecting pushkeys). */
        DELIVERED,
        /** A network error, a timeout, 5xx or 429: worth trying again later. */
        RETRY,
        /** Another 4xx: the gateway will never take this notification. */
        REFUSED
    }

    /** @param rejected the pushkeys the gateway said to stop sending to (DELIVERED only) */
    public record Result(Outcome outcome, Set<String> rejected, String problem) {}

    private final OkHttpClient http;
    private final ExecutorService threads;
    private final Context context;
    private final GatewayAddresses addresses;

    /** @param allowPrivate whether gateways may be on loopback and private networks ({@link GatewayAddresses}) */
    public PushGatewayClient(Context context, Duration connectTimeout, Duration requestTimeout, int maxConcurrentRequests,
                             boolean allowPrivate) {
        this.context = context;
        this.addresses = new GatewayAddresses(allowPrivate);
        this.threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "lightweb-push-gateway");
            t.setDaemon(true);
            return t;
        });
        Dispatcher dispatcher = new Dispatcher(threads);
        dispatcher.setMaxRequests(maxConcurrentRequests);
        dispatcher.setMaxRequestsPerHost(Math.min(5, maxConcurrentRequests));
        this.http = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .dns(addresses)
                .connectTimeout(connectTimeout)
                .readTimeout(requestTimeout)
                .writeTimeout(requestTimeout)
                .callTimeout(requestTimeout)
                .followRedirects(false)
                .retryOnConnectionFailure(false)
                .build();
    }

    /** Sends one notification body to {@code url}; never fails, the outcome says what happened. */
    public Future<Result> notify(String url, ObjectNode body) {
        Promise<Result> done = Promise.promise();
        Request request;
        try {
            request = new Request.Builder().url(url).post(RequestBody.create(Json.write(body), JSON)).build();
        } catch (IllegalArgumentException e) {
            return Future.succeededFuture(new Result(Outcome.REFUSED, Set.of(), "bad url"));
        }
        if (!addresses.literalAllowed(request.url().host())) {
            return Future.succeededFuture(new Result(Outcome.REFUSED, Set.of(), "private address"));
        }
        http.newCall(request).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                context.runOnContext(v -> done.complete(new Result(Outcome.RETRY, Set.of(), e.toString())));
            }

            @Override
            public void onResponse(Call call, Response response) {
                Result r;
                try (response) {
                    r = read(response);
                } catch (IOException | RuntimeException e) {
                    r = new Result(Outcome.RETRY, Set.of(), e.toString());
                }
                Result result = r;
                context.runOnContext(v -> done.complete(result));
            }
        });
        return done.future();
    }

    private static Result read(Response response) throws IOException {
        int status = response.code();
        if (status >= 500 || status == 429) return new Result(Outcome.RETRY, Set.of(), "HTTP " + status);
        if (status < 200 || status >= 300) return new Result(Outcome.REFUSED, Set.of(), "HTTP " + status);
        Set<String> rejected = new HashSet<>();
        ResponseBody body = response.body();
        if (body != null) {
            String text = body.source().request(MAX_ANSWER_BYTES) ? null : body.string();
            if (text == null) log.warn("push gateway answer too long, ignored [url: {}]", response.request().url().host());
            try {
                JsonNode answer = text == null || text.isBlank() ? null : Json.parse(text);
                if (answer != null) answer.path("rejected").forEach(k -> { if (k.isTextual()) rejected.add(k.asText()); });
            } catch (RuntimeException e) {
                log.warn("push gateway answer is not JSON [host: {}]", response.request().url().host());
            }
        }
        return new Result(Outcome.DELIVERED, rejected, null);
    }

    @Override
    public void close() {
        http.dispatcher().cancelAll();
        threads.shutdownNow();
        http.connectionPool().evictAll();
    }
}
