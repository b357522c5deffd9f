package org.lightweb.server.federation.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.lightweb.core.Json;
import org.lightweb.core.ServerName;
import org.lightweb.server.config.HomeserverConfig.WellKnownCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET https://<hostname>/.well-known/matrix/server}, step 3 of "Resolving server names": redirects are
 * followed; a non-200 answer, an unreachable host, invalid JSON or a missing/invalid {@code m.server} mean "no
 * delegation". Answers are cached by their Cache-Control max-age (or Expires) within configured bounds, a default
 * when they carry neither, and failures for the error period.
 */
public final class WellKnownResolver {
    private static final Logger log = LoggerFactory.getLogger(WellKnownResolver.class);
    private static final Pattern MAX_AGE = Pattern.compile("(?:^|[,\\s])max-age\\s*=\\s*\"?(\\d+)");

    private record Cached(Optional<String> delegation, long ttlNanos) {}

    private final Vertx vertx;
    private final OkHttpClient http;
    private final WellKnownCache limits;
    private final Function<String, String> urlOf;
    private final Cache<String, Cached> cache;

    /** {@code urlOf} maps a hostname to the well-known URL (tests point it at a local server). */
    public WellKnownResolver(Vertx vertx, OkHttpClient http, WellKnownCache limits, int cacheEntries,
                             Function<String, String> urlOf) {
        this.vertx = vertx;
        this.http = http;
        this.limits = limits;
        this.urlOf = urlOf;
        this.cache = Caffeine.newBuilder().maximumSize(cacheEntries).expireAfter(new Expiry<String, Cached>() {
            @Override public long expireAfterCreate(String k, Cached v, long now) { return v.ttlNanos(); }
            @Override public long expireAfterUpdate(String k, Cached v, long now, long current) { return v.ttlNanos(); }
            @Override public long expireAfterRead(String k, Cached v, long now, long current) { return current; }
        }).build();
    }

    public static Function<String, String> httpsUrl() {
        return host -> "https://" + host + "/.well-known/matrix/server";
    }

    /** The delegated server name ({@code m.server}) of {@code hostname}, or empty for no delegation. Never fails. */
    public Future<Optional<String>> delegation(String hostname) {
        Cached hit = cache.getIfPresent(hostname);
        if (hit != null) return Future.succeededFuture(hit.delegation());
        var context = vertx.getOrCreateContext();
        Promise<Optional<String>> promise = Promise.promise();
        Request request = new Request.Builder().url(urlOf.apply(hostname)).get().build();
        http.newCall(request).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                log.debug("no well-known [host: {}]: {}", hostname, e.toString());
                finish(failed());
            }

            @Override
            public void onResponse(Call call, Response response) {
                Cached result;
                try (response) {
                    result = parse(hostname, response);
                } catch (IOException | RuntimeException e) {
                    log.debug("no well-known [host: {}]: {}", hostname, e.toString());
                    result = failed();
                }
                finish(result);
            }

            private void finish(Cached c) {
                cache.put(hostname, c);
                context.runOnContext(v -> promise.complete(c.delegation()));
            }
        });
        return promise.future();
    }

    private Cached failed() {
        return new Cached(Optional.empty(), limits.onError().toNanos());
    }

    private Cached parse(String hostname, Response response) throws IOException {
        if (response.code() != 200 || response.body() == null) return failed();
        var source = response.body().source();
        if (source.request(limits.maxBytes() + 1)) return failed();   // too large
        JsonNode json = Json.MAPPER.readTree(source.readByteArray());
        String server = json == null ? null : json.path("m.server").textValue();
        if (server == null || !ServerName.isValid(server)) return failed();
        return new Cached(Optional.of(server), ttl(response).toNanos());
    }

    /** How long to keep a valid answer: Cache-Control max-age, else Expires, else the default; within bounds. */
    Duration ttl(Response response) {
        Duration ttl = null;
        String cc = response.header("Cache-Control");
        if (cc != null) {
            String lower = cc.toLowerCase(java.util.Locale.ROOT);
            Matcher m = MAX_AGE.matcher(lower);
            if (lower.contains("no-store") || lower.contains("no-cache")) ttl = Duration.ZERO;
            else if (m.find()) ttl = Duration.ofSeconds(Long.parseLong(m.group(1)));
        }
        if (ttl == null && response.header("Expires") != null) {
            try {
                ttl = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(response.header("Expires"), DateTimeFormatter.RFC_1123_DATE_TIME));
            } catch (RuntimeException badDate) {
                ttl = Duration.ZERO;   // an invalid Expires means "already expired"
            }
        }
        if (ttl == null) return limits.byDefault();
        if (ttl.compareTo(limits.min()) < 0) return limits.min();
        return ttl.compareTo(limits.max()) > 0 ? limits.max() : ttl;
    }
}
