package org.lightweb.server.media;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.lightweb.core.ErrCode;
import org.lightweb.core.MatrixException;
import org.lightweb.core.UserId;
import org.lightweb.server.config.HomeserverConfig;
import org.lightweb.server.push.gateway.GatewayAddresses;

/**
 * GET .../media/preview_url: the OpenGraph data of a web page, its og:image stored as local media. Fetches are
 * bounded in size, time and redirects, and never reach loopback, private or link-local addresses unless the
 * operator allows it: host names are checked after DNS resolution (GatewayAddresses as OkHttp's Dns), IP literals
 * before each hop, redirects one at a time. Previews are cached in memory per URL.
 */
public final class UrlPreviews {
    private final Vertx vertx;
    private final MediaService media;
    private final HomeserverConfig.UrlPreviews config;
    private final GatewayAddresses addresses;
    private final OkHttpClient http;
    private final Cache<String, Map<String, Object>> cache;

    public UrlPreviews(Vertx vertx, MediaService media, HomeserverConfig.UrlPreviews config) {
        this.vertx = vertx;
        this.media = media;
        this.config = config;
        this.addresses = new GatewayAddresses(config.allowPrivateDestinations());
        this.http = new OkHttpClient.Builder().dns(addresses).followRedirects(false).followSslRedirects(false)
                .callTimeout(config.timeout()).build();
        this.cache = Caffeine.newBuilder().maximumSize(config.cacheEntries()).expireAfterWrite(config.cacheTtl()).build();
    }

    public boolean enabled() { return config.enabled(); }

    private record Fetched(String url, String contentType, byte[] body) {}

    public Future<Map<String, Object>> preview(UserId user, String url) {
        if (url == null || url.isBlank()) return Future.failedFuture(MatrixException.missingParam("Missing parameter: url"));
        Map<String, Object> cached = cache.getIfPresent(url);
        if (cached != null) return Future.succeededFuture(cached);
        return vertx.executeBlocking(() -> fetch(url), false).compose(page -> {
            String type = page.contentType();
            if (type.startsWith("image/")) return withImage(user, new LinkedHashMap<>(), page);
            if (!type.startsWith("text/html") && !type.startsWith("application/xhtml")) {
                return Future.succeededFuture(new LinkedHashMap<String, Object>());
            }
            Map<String, Object> og = new LinkedHashMap<>(OpenGraph.parse(new String(page.body(), StandardCharsets.UTF_8)));
            Object image = og.remove("og:image");
            if (!(image instanceof String imageUrl)) return Future.succeededFuture(og);
            String absolute;
            try {
                absolute = URI.create(page.url()).resolve(imageUrl.strip()).toString();
            } catch (IllegalArgumentException e) {
                return Future.succeededFuture(og);
            }
            return vertx.executeBlocking(() -> fetch(absolute), false)
                    .compose(img -> img.contentType().startsWith("image/") ? withImage(user, og, img) : Future.succeededFuture(og))
                    .recover(err -> Future.succeededFuture(og));  // a page without its image is still a preview
        }).onSuccess(preview -> cache.put(url, preview));
    }

    private Future<Map<String, Object>> withImage(UserId user, Map<String, Object> og, Fetched img) {
        return media.storeFetched(user, img.body(), img.contentType()).map(mxc -> {
            og.put("og:image", mxc);
            og.put("og:image:type", img.contentType());
            og.put("matrix:image:size", img.body().length);
            return og;
        });
    }

    /** GETs the URL, following at most max_redirects redirects, each checked; the body capped at max_bytes. */
    private Fetched fetch(String url) {
        HttpUrl current = HttpUrl.parse(url);
        if (current == null) throw MatrixException.invalidParam("url must be an http or https URL");
        for (int hop = 0; ; hop++) {
            if (!addresses.literalAllowed(current.host())) throw MatrixException.forbidden("This URL may not be previewed");
            Request request = new Request.Builder().url(current).header("User-Agent", "Lightweb URL preview")
                    .header("Accept", "text/html, image/*;q=0.9, */*;q=0.5").build();
            try (Response res = http.newCall(request).execute()) {
                if (res.isRedirect()) {
                    String location = res.header("Location");
                    HttpUrl next = location == null ? null : current.resolve(location);
                    if (next == null || hop >= config.maxRedirects()) throw failed("Too many or bad redirects");
                    current = next;
                    continue;
                }
                if (!res.isSuccessful()) throw failed("The page answered HTTP " + res.code());
                String type = res.header("Content-Type", "application/octet-stream").toLowerCase(Locale.ROOT);
                try (InputStream in = res.body().byteStream()) {
                    byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 1, config.maxBytes() + 1));
                    if (body.length > config.maxBytes()) throw failed("The page is larger than the preview limit");
                    return new Fetched(current.toString(), type, body);
                }
            } catch (java.net.UnknownHostException e) {
                throw MatrixException.forbidden("This URL may not be previewed");
            } catch (IOException e) {
                throw failed("Could not fetch the page: " + e.getMessage());
            }
        }
    }

    private static MatrixException failed(String why) {
        return new MatrixException(502, ErrCode.M_UNKNOWN, why);
    }
}
