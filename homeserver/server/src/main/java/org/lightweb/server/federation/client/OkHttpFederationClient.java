package org.lightweb.server.federation.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.lightweb.core.Json;
import org.lightweb.federation.protocol.CanonicalJson;
import org.lightweb.federation.protocol.SigningKey;
import org.lightweb.server.config.HomeserverConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link FederationClient} over OkHttp: server discovery, an X-Matrix signature on every request, pooled
 * connections, a bounded dispatcher (per destination too), the configured timeouts and a limit on what is read.
 * OkHttp's threads do the I/O; results are completed on the Vert.x context that made the request.
 */
public final class OkHttpFederationClient implements FederationClient {
    private static final Logger log = LoggerFactory.getLogger(OkHttpFederationClient.class);
    private static final MediaType JSON = MediaType.get("application/json");

    private final Vertx vertx;
    private final String origin;
    private final SigningKey key;
    private final OkHttpClient http;
    private final FederationDns dns;
    private final ServerDiscovery discovery;
    private final long maxResponseBytes;
    /** For plain fetches of URLs other servers name: redirects are followed by hand, each one checked. */
    private final OkHttpClient plain;
    private final com.github.benmanes.caffeine.cache.Cache<String, OkHttpClient> srvClients;

    /** A client with the system's SRV resolver and real well-known look-ups. */
    public static OkHttpFederationClient create(Vertx vertx, String origin, SigningKey key, HomeserverConfig.Federation config) {
        return new OkHttpFederationClient(vertx, origin, key, config, SrvResolver.SYSTEM, WellKnownResolver.httpsUrl());
    }

    public OkHttpFederationClient(Vertx vertx, String origin, SigningKey key, HomeserverConfig.Federation config,
                                  SrvResolver srv, java.util.function.Function<String, String> wellKnownUrl) {
        this.vertx = vertx;
        this.origin = origin;
        this.key = key;
        this.maxResponseBytes = config.maxResponseBytes();
        this.dns = new FederationDns(config.allowPrivateDestinations());
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(config.maxConcurrentRequests());
        dispatcher.setMaxRequestsPerHost(config.maxRequestsPerDestination());
        OkHttpClient.Builder b = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(50, 5, TimeUnit.MINUTES))
                .dns(dns)
                .connectTimeout(config.connectTimeout())
                .readTimeout(config.requestTimeout())
                .writeTimeout(config.requestTimeout())
                .callTimeout(config.requestTimeout())
                .retryOnConnectionFailure(true)
                // HTTP/1.1 as Synapse speaks it: with HTTP/2 OkHttp would replace the Host header the spec's
                // discovery chose by the URL's authority (with the SRV port).
                .protocols(List.of(okhttp3.Protocol.HTTP_1_1));
        if (!config.verifyCertificates()) trustEverything(b);
        this.http = b.build();
        this.plain = http.newBuilder().followRedirects(false).followSslRedirects(false).build();
        this.srvClients = com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(config.discoveryCacheEntries())
                .build();
        WellKnownResolver wellKnown = new WellKnownResolver(vertx, http.newBuilder().followRedirects(true).build(),
                config.wellKnown(), config.discoveryCacheEntries(), wellKnownUrl);
        this.discovery = new ServerDiscovery(vertx, wellKnown, srv, config.discoveryCacheEntries());
    }

    /** federation.verify_certificates: false, for closed test networks only. */
    private static void trustEverything(OkHttpClient.Builder b) {
        X509TrustManager all = new X509TrustManager() {
            @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
            @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
            @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        };
        try {
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, new TrustManager[] {all}, new SecureRandom());
            b.sslSocketFactory(ssl.getSocketFactory(), all).hostnameVerifier((host, session) -> true);
        } catch (Exception e) {
            throw new IllegalStateException("cannot build a TLS context", e);
        }
    }

    /** The discovery this client uses (exposed for the key ring and tests). */
    public ServerDiscovery discovery() { return discovery; }

    @Override
    public Future<JsonNode> request(String method, String destination, String path, Map<String, String> query, JsonNode body) {
        Context context = vertx.getOrCreateContext();
        return signed(method, destination, path, query, body)
                .compose(req -> send(context, destination, req.client(), req.request()));
    }

    @Override
    public <T> Future<T> getStreamed(String destination, String path, Map<String, String> query, Duration timeout,
                                     BodyReader<T> reader) {
        Context context = vertx.getOrCreateContext();
        return signed("GET", destination, path, query, null).compose(req -> {
            Call call = req.client().newCall(req.request());
            call.timeout().timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return streamed(context, destination, call, reader);
        });
    }

    @Override
    public <T> Future<T> fetchUrl(String url, int maxRedirects, Duration timeout, BodyReader<T> reader) {
        Context context = vertx.getOrCreateContext();
        HttpUrl parsed = HttpUrl.parse(url);
        if (parsed == null || !parsed.isHttps()) {
            return Future.failedFuture(new Unreachable(url, "not an https URL", null));
        }
        if (!dns.literalAllowed(parsed.host())) return Future.failedFuture(new Unreachable(url, "private address refused", null));
        Call call = plain.newCall(new Request.Builder().url(parsed)
                .header("User-Agent", "Lightweb/" + org.lightweb.server.Version.VERSION).build());
        call.timeout().timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return streamed(context, parsed.host(), call, reader, maxRedirects, System.nanoTime() + timeout.toNanos());
    }

    /** A signed request to a discovered destination, and the client to send it with. */
    private record Signed(OkHttpClient client, Request request) {}

    /** Destinations an admin blocked: never reached. */
    private volatile java.util.function.Predicate<String> blocked = destination -> false;

    public void setBlocked(java.util.function.Predicate<String> blocked) { this.blocked = blocked; }

    private Future<Signed> signed(String method, String destination, String path, Map<String, String> query, JsonNode body) {
        if (blocked.test(destination)) {
            return Future.failedFuture(new Unreachable(destination, "blocked by an admin of this server", null));
        }
        return discovery.resolve(destination).compose(dest -> {
            if (!dns.literalAllowed(dest.connectHost())) {
                return Future.failedFuture(new Unreachable(destination, "private address refused", null));
            }
            // A path may carry an already-encoded query (repeated parameters, e.g. make_join's ver=10&ver=11).
            int q = path.indexOf('?');
            HttpUrl.Builder url = new HttpUrl.Builder().scheme("https").host(dest.tlsHost()).port(dest.port())
                    .encodedPath(q < 0 ? path : path.substring(0, q));
            if (q >= 0) url.encodedQuery(path.substring(q + 1));
            query.forEach(url::addQueryParameter);
            HttpUrl built = url.build();
            String uri = built.encodedPath() + (built.encodedQuery() == null ? "" : "?" + built.encodedQuery());
            byte[] content = body == null ? null : CanonicalJson.encode(body);
            Request.Builder req = new Request.Builder().url(built)
                    .header("Authorization", XMatrix.authorization(key, origin, destination, method, uri, body))
                    .header("Host", dest.hostHeader())
                    .header("User-Agent", "Lightweb/" + org.lightweb.server.Version.VERSION)
                    .method(method, content == null ? (requiresBody(method) ? RequestBody.create(new byte[0], JSON) : null)
                            : RequestBody.create(content, JSON));
            return Future.succeededFuture(new Signed(clientFor(dest), req.build()));
        });
    }

    private static boolean requiresBody(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }

    /**
     * The client for a destination: the shared one, or, when an SRV record points elsewhere, one (cached, so its
     * pooled connections are reused) whose look-ups answer the SRV target's addresses. Both share the dispatcher
     * and its limits.
     */
    private OkHttpClient clientFor(Destination dest) {
        if (dest.connectHost().equals(dest.tlsHost())) return http;
        return srvClients.get(dest.tlsHost() + " " + dest.connectHost(), k -> http.newBuilder().dns(dns.to(dest.connectHost())).build());
    }

    /** A failed request in words for people (errors reach clients and admins): no exception class names. */
    static String why(IOException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof SSLException) return "TLS failed" + (m.isEmpty() ? "" : ": " + m);
        if (e instanceof java.net.SocketTimeoutException || e instanceof java.io.InterruptedIOException) return "timed out";
        if (e instanceof java.net.ConnectException) return "connection refused" + (m.isEmpty() ? "" : " (" + m + ")");
        if (e instanceof java.net.UnknownHostException) return "unknown host " + m;
        if (e instanceof java.net.SocketException) return "connection failed" + (m.isEmpty() ? "" : ": " + m);
        if (e instanceof java.io.EOFException) return "connection closed before an answer";
        return m.isEmpty() ? "I/O error" : m;
    }

    private Future<JsonNode> send(Context context, String destination, OkHttpClient client, Request request) {
        Promise<JsonNode> promise = Promise.promise();
        client.newCall(request).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                String why = why(e);
                log.debug("federation request failed [destination: {}, path: {}]: {}", destination,
                        request.url().encodedPath(), why);
                context.runOnContext(v -> promise.fail(new Unreachable(destination, why, e)));
            }

            @Override
            public void onResponse(Call call, Response response) {
                Object result;
                try (response) {
                    result = read(destination, response);
                } catch (IOException e) {
                    result = new Unreachable(destination, why(e), e);
                }
                Object r = result;
                context.runOnContext(v -> {
                    if (r instanceof RuntimeException err) promise.fail(err);
                    else promise.complete((JsonNode) r);
                });
            }
        });
        return promise.future();
    }

    /** The parsed body, or the failure to report (RemoteError, Unreachable). */
    private Object read(String destination, Response response) throws IOException {
        byte[] bytes = new byte[0];
        if (response.body() != null) {
            var source = response.body().source();
            if (source.request(maxResponseBytes + 1)) {
                return new Unreachable(destination, "answer larger than federation.max_response_bytes", null);
            }
            bytes = source.getBuffer().readByteArray();
        }
        JsonNode json = null;
        try {
            json = bytes.length == 0 ? null : Json.MAPPER.readTree(bytes);
        } catch (IOException notJson) {
            // left null
        }
        if (response.code() < 200 || response.code() >= 300) {
            String errcode = json == null ? null : json.path("errcode").textValue();
            String error = json == null ? null : json.path("error").textValue();
            return new RemoteError(destination, response.code(), errcode, error);
        }
        if (json == null) return new RemoteError(destination, response.code(), null, "answer is not JSON");
        return json;
    }

    private <T> Future<T> streamed(Context context, String destination, Call call, BodyReader<T> reader) {
        return streamed(context, destination, call, reader, 0, 0);
    }

    /**
     * Runs {@code call}; a 2xx body goes to {@code reader} on OkHttp's thread. With {@code redirectsLeft} (plain
     * fetches only, whose client follows none itself) a 3xx with a Location is followed by hand, each hop's address
     * checked, within the first call's deadline.
     */
    private <T> Future<T> streamed(Context context, String destination, Call call, BodyReader<T> reader,
                                   int redirectsLeft, long deadlineNanos) {
        Promise<T> promise = Promise.promise();
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call c, IOException e) {
                String why = why(e);
                context.runOnContext(v -> promise.fail(new Unreachable(destination, why, e)));
            }

            @Override
            public void onResponse(Call c, Response response) {
                Object result;
                try (response) {
                    String location = response.header("Location");
                    if (response.isRedirect() && location != null && deadlineNanos != 0) {
                        HttpUrl next = response.request().url().resolve(location);
                        if (redirectsLeft <= 0) {
                            result = new Unreachable(destination, "too many redirects", null);
                        } else if (next == null || !next.isHttps() || !dns.literalAllowed(next.host())) {
                            result = new Unreachable(destination, "redirect refused: " + location, null);
                        } else {
                            long left = Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
                            Call follow = plain.newCall(response.request().newBuilder().url(next).build());
                            follow.timeout().timeout(left, TimeUnit.MILLISECONDS);
                            context.runOnContext(v -> streamed(context, next.host(), follow, reader,
                                    redirectsLeft - 1, deadlineNanos).onComplete(promise));
                            return;
                        }
                    } else if (response.code() < 200 || response.code() >= 300) {
                        result = read(destination, response);
                    } else {
                        var body = response.body();
                        result = reader.read(body == null ? null : response.header("Content-Type"),
                                body == null ? java.io.InputStream.nullInputStream() : body.byteStream());
                    }
                } catch (IOException e) {
                    result = new Unreachable(destination, why(e), e);
                } catch (RuntimeException e) {
                    result = new Failed(e);
                }
                Object r = result;
                context.runOnContext(v -> {
                    if (r instanceof Failed f) promise.fail(f.error());
                    else if (r instanceof RuntimeException err) promise.fail(err);
                    else {
                        @SuppressWarnings("unchecked") T t = (T) r;
                        promise.complete(t);
                    }
                });
            }
        });
        return promise.future();
    }

    /** What a reader threw, told apart from a value that happens to be an exception. */
    private record Failed(RuntimeException error) {}

    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
