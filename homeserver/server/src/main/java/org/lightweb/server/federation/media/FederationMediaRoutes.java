package org.lightweb.server.federation.media;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.lightweb.core.MatrixException;
import org.lightweb.core.ServerName;
import org.lightweb.server.federation.Origin;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.server.media.ContentDisposition;
import org.lightweb.server.media.MediaIds;
import org.lightweb.server.media.MediaRoutes;
import org.lightweb.server.media.MediaService;
import org.lightweb.server.media.ThumbnailRoutes;
import org.lightweb.server.media.ThumbnailService;

/**
 * Our media for other servers (data/api/server-server/content_repository.yaml): {@code GET
 * /_matrix/federation/v1/media/download/{mediaId}} and {@code /thumbnail/{mediaId}}, behind the X-Matrix check. The
 * answer is {@code multipart/mixed}: a {@code {}} metadata part, then the file with its Content-Type and
 * Content-Disposition, streamed from the blob store with a Content-Length. Only this node's media (a server does not
 * serve what it cached of others); media frozen for the legacy client endpoints is served, as Synapse does.
 */
public final class FederationMediaRoutes implements RouteGroup {
    private final Vertx vertx;
    private final ServerName serverName;
    private final MediaService media;
    private final ThumbnailService thumbnails;

    public FederationMediaRoutes(Vertx vertx, ServerName serverName, MediaService media, ThumbnailService thumbnails) {
        this.vertx = vertx;
        this.serverName = serverName;
        this.media = media;
        this.thumbnails = thumbnails;
    }

    @Override
    public void mount(Router router) {
        router.get("/_matrix/federation/v1/media/download/:mediaId").handler(this::download);
        router.get("/_matrix/federation/v1/media/thumbnail/:mediaId").handler(this::thumbnail);
    }

    /** GET /_matrix/federation/v1/media/download/{mediaId} (operationId getContent). */
    void download(RoutingContext ctx) {
        try {
            Origin.of(ctx);
            String mediaId = MediaIds.mediaId(ctx.pathParam("mediaId"));
            media.find(serverName, mediaId, false, MediaRoutes.timeoutMs(ctx)).onFailure(ctx::fail)
                    .onSuccess(found -> send(ctx, found, found.uploadName()));
        } catch (MatrixException e) {
            ctx.fail(e);
        }
    }

    /** GET /_matrix/federation/v1/media/thumbnail/{mediaId} (operationId getContentThumbnail). */
    void thumbnail(RoutingContext ctx) {
        try {
            Origin.of(ctx);
            String mediaId = MediaIds.mediaId(ctx.pathParam("mediaId"));
            int width = ThumbnailRoutes.dimension(ctx, "width");
            int height = ThumbnailRoutes.dimension(ctx, "height");
            String animated = ctx.request().getParam("animated");
            if (animated != null && !animated.equals("true") && !animated.equals("false")) {
                throw MatrixException.invalidParam("animated must be true or false");
            }
            // animated=true may be answered with a still image (the spec allows it).
            thumbnails.thumbnail(serverName, mediaId, width, height, ctx.request().getParam("method", "scale"), false,
                            MediaRoutes.timeoutMs(ctx))
                    .onFailure(ctx::fail).onSuccess(found -> send(ctx, found, null));
        } catch (MatrixException e) {
            ctx.fail(e);
        }
    }

    /** Streams the file between the multipart head and tail; the whole length is known before the first byte. */
    private void send(RoutingContext ctx, MediaService.Found found, String fileName) {
        String type = found.contentType() == null ? "application/octet-stream" : found.contentType();
        String boundary = MultipartMixed.boundary();
        byte[] head = MultipartMixed.head(boundary, type, ContentDisposition.header(type, fileName));
        byte[] tail = MultipartMixed.tail(boundary);
        HttpServerResponse r = ctx.response();
        vertx.fileSystem().open(found.file().toString(), new OpenOptions().setRead(true).setWrite(false))
                .onFailure(err -> ctx.fail(MatrixException.notFound("Media content is missing")))
                .onSuccess(file -> file.size().onFailure(err -> {
                    file.close();
                    ctx.fail(MatrixException.notFound("Media content is missing"));
                }).onSuccess(size -> stream(r, file, size, head, tail, MultipartMixed.contentType(boundary))));
    }

    private static void stream(HttpServerResponse r, AsyncFile file, long size, byte[] head, byte[] tail, String contentType) {
        r.putHeader(HttpHeaders.CONTENT_TYPE, contentType)
                .putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(head.length + size + tail.length));
        r.write(Buffer.buffer(head));
        Future<Void> piped = file.pipe().endOnSuccess(false).endOnFailure(false).to(r);
        piped.onComplete(done -> {
            file.close();
            if (done.succeeded()) r.end(Buffer.buffer(tail));
            else r.reset();   // the length is promised: cut the connection rather than send a short answer
        });
    }
}
