package org.lightweb.server.media;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.lightweb.core.MatrixException;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.Requester;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;

/**
 * The content repository (data/api/client-server/authed-content-repo.yaml and the legacy content-repo.yaml):
 * uploads, downloads and config. Upload bodies are streamed (see StreamedBodies), never buffered. Thumbnails are
 * in {@link ThumbnailRoutes}.
 */
public final class MediaRoutes implements RouteGroup {
    /** Synapse's media CSP: nothing served from here may run script, even if a browser renders it. */
    static final String CONTENT_SECURITY_POLICY = "sandbox; default-src 'none'; script-src 'none'; "
            + "plugin-types application/pdf; style-src 'unsafe-inline'; media-src 'self'; object-src 'self';";

    private final MediaService media;
    private final UrlPreviews previews;
    private final Authenticator auth;

    public MediaRoutes(MediaService media, UrlPreviews previews, Authenticator auth) {
        this.media = media;
        this.previews = previews;
        this.auth = auth;
    }

    @Override
    public void mount(Router router) {
        router.post("/_matrix/media/v3/upload").handler(auth.user()).handler(this::upload);
        router.put("/_matrix/media/v3/upload/:serverName/:mediaId").handler(auth.user()).handler(this::uploadTo);
        router.post("/_matrix/media/v1/create").handler(auth.user()).handler(Respond.json(this::create));
        router.get("/_matrix/client/v1/media/config").handler(auth.userOrGuest()).handler(Respond.json(this::config));
        router.get("/_matrix/media/v3/config").handler(auth.userOrGuest()).handler(Respond.json(this::config));
        if (previews.enabled()) {
            router.get("/_matrix/client/v1/media/preview_url").handler(auth.user()).handler(Respond.json(this::preview));
            router.get("/_matrix/media/v3/preview_url").handler(auth.user()).handler(Respond.json(this::preview));
        }
        for (String prefix : new String[] {"/_matrix/client/v1/media/download", "/_matrix/media/v3/download"}) {
            boolean legacy = prefix.startsWith("/_matrix/media/");
            Handler<RoutingContext> download = ctx -> download(ctx, legacy);
            if (legacy) {
                router.get(prefix + "/:serverName/:mediaId").handler(download);
                router.get(prefix + "/:serverName/:mediaId/:fileName").handler(download);
            } else {
                router.get(prefix + "/:serverName/:mediaId").handler(auth.userOrGuest()).handler(download);
                router.get(prefix + "/:serverName/:mediaId/:fileName").handler(auth.userOrGuest()).handler(download);
            }
        }
    }

    /** POST /_matrix/media/v3/upload (operationId uploadContent). Answers {content_uri}. */
    void upload(RoutingContext ctx) {
        finishUpload(ctx, media.upload(Requester.of(ctx).userId(), uploadOf(ctx))
                .map(uri -> Map.of("content_uri", uri)));
    }

    /** PUT /_matrix/media/v3/upload/{serverName}/{mediaId} (operationId uploadContentToMXC). Answers {}. */
    void uploadTo(RoutingContext ctx) {
        Future<Map<String, Object>> done;
        try {
            var server = MediaIds.serverName(ctx.pathParam("serverName"));
            String mediaId = MediaIds.mediaId(ctx.pathParam("mediaId"));
            done = media.uploadTo(Requester.of(ctx).userId(), server, mediaId, uploadOf(ctx)).map(v -> Map.of());
        } catch (MatrixException e) {
            done = Future.failedFuture(e);
        }
        finishUpload(ctx, done);
    }

    private MediaService.Upload uploadOf(RoutingContext ctx) {
        Promise<Void> cancelled = Promise.promise();
        ctx.response().closeHandler(v -> cancelled.tryComplete());
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        Long declared = null;
        if (length != null) {
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw MatrixException.invalidParam("Bad Content-Length");
            }
        }
        return new MediaService.Upload(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE), ctx.request().getParam("filename"),
                declared, ctx.request(), cancelled.future());
    }

    private static void finishUpload(RoutingContext ctx, Future<?> result) {
        result.onSuccess(value -> Respond.send(ctx, 200, value)).onFailure(ctx::fail);
    }

    /** POST /_matrix/media/v1/create (operationId createContent). */
    Future<Map<String, Object>> create(RoutingContext ctx) {
        return media.create(Requester.of(ctx).userId()).map(c -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("content_uri", c.contentUri());
            body.put("unused_expires_at", c.unusedExpiresAt());
            return body;
        });
    }

    /** GET /_matrix/client/v1/media/config (operationId getConfigAuthed) and the legacy twin. */
    Future<Map<String, Object>> config(RoutingContext ctx) {
        return Future.succeededFuture(Map.of("m.upload.size", media.maxUploadBytes()));
    }

    /** GET /_matrix/client/v1/media/preview_url (operationId getUrlPreviewAuthed) and the legacy twin. */
    Future<Map<String, Object>> preview(RoutingContext ctx) {
        return previews.preview(Requester.of(ctx).userId(), ctx.request().getParam("url"));
    }

    /** The timeout_ms query parameter: how long to wait for a created id's content (default 20 s, the spec's). */
    public static long timeoutMs(RoutingContext ctx) {
        String raw = ctx.request().getParam("timeout_ms");
        if (raw == null) return 20_000;
        try {
            long ms = Long.parseLong(raw);
            if (ms >= 0) return ms;
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw MatrixException.invalidParam("timeout_ms must be a non-negative integer");
    }

    /** GET .../download/{serverName}/{mediaId}[/{fileName}] (operationIds getContentAuthed, getContentOverrideNameAuthed). */
    void download(RoutingContext ctx, boolean legacy) {
        Future<MediaService.Found> found;
        try {
            found = media.find(MediaIds.serverName(ctx.pathParam("serverName")), MediaIds.mediaId(ctx.pathParam("mediaId")),
                    legacy, timeoutMs(ctx));
        } catch (MatrixException e) {
            ctx.fail(e);
            return;
        }
        String fileName = ctx.pathParam("fileName");
        found.onFailure(ctx::fail).onSuccess(f -> serve(ctx, f.file().toString(), f.contentType(),
                fileName != null ? fileName : f.uploadName()));
    }

    /** Sends a stored file with the headers that keep a browser from treating it as part of a web page. */
    static void serve(RoutingContext ctx, String file, String contentType, String fileName) {
        HttpServerResponse r = ctx.response();
        String type = contentType == null ? MediaService.DEFAULT_CONTENT_TYPE : contentType;
        r.putHeader(HttpHeaders.CONTENT_TYPE, type)
                .putHeader("Content-Disposition", ContentDisposition.header(type, fileName))
                .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("Cross-Origin-Resource-Policy", "cross-origin")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=86400, s-maxage=86400");
        r.sendFile(file).onFailure(err -> {
            if (!r.headWritten()) ctx.fail(MatrixException.notFound("Media content is missing"));
        });
    }
}
