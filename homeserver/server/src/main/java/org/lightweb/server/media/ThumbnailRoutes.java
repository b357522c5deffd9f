package org.lightweb.server.media;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.lightweb.core.MatrixException;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.RouteGroup;

/** GET .../thumbnail/{serverName}/{mediaId} (operationIds getContentThumbnailAuthed and the legacy getContentThumbnail). */
public final class ThumbnailRoutes implements RouteGroup {
    private final ThumbnailService thumbnails;
    private final Authenticator auth;

    public ThumbnailRoutes(ThumbnailService thumbnails, Authenticator auth) {
        this.thumbnails = thumbnails;
        this.auth = auth;
    }

    @Override
    public void mount(Router router) {
        router.get("/_matrix/client/v1/media/thumbnail/:serverName/:mediaId").handler(auth.userOrGuest())
                .handler(ctx -> thumbnail(ctx, false));
        router.get("/_matrix/media/v3/thumbnail/:serverName/:mediaId").handler(ctx -> thumbnail(ctx, true));
    }

    void thumbnail(RoutingContext ctx, boolean legacy) {
        try {
            var server = MediaIds.serverName(ctx.pathParam("serverName"));
            String mediaId = MediaIds.mediaId(ctx.pathParam("mediaId"));
            int width = dimension(ctx, "width");
            int height = dimension(ctx, "height");
            String method = ctx.request().getParam("method", "scale");
            thumbnails.thumbnail(server, mediaId, width, height, method, legacy, MediaRoutes.timeoutMs(ctx)).onFailure(ctx::fail)
                    .onSuccess(f -> MediaRoutes.serve(ctx, f.file().toString(), f.contentType(), null));
        } catch (MatrixException e) {
            ctx.fail(e);
        }
    }

    /** A required integer query parameter (width, height): 400 M_MISSING_PARAM / M_INVALID_PARAM otherwise. */
    public static int dimension(RoutingContext ctx, String name) {
        String value = ctx.request().getParam(name);
        if (value == null) throw MatrixException.missingParam("Missing parameter: " + name);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw MatrixException.invalidParam(name + " must be an integer");
        }
    }
}
