package org.lightweb.server.media;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.lightweb.core.MatrixException;
import org.lightweb.core.ServerName;
import org.lightweb.server.config.HomeserverConfig;
import org.lightweb.storage.media.MediaRepository;
import org.lightweb.storage.media.MediaRepository.Thumbnail;

/**
 * Thumbnails: of local media (and remote media whose original is cached) generated on first request (on a worker),
 * of other remote media fetched from its origin; either way then served from the on-disk cache.
 */
public final class ThumbnailService {
    static final Set<String> IMAGE_TYPES = Set.of("image/png", "image/jpeg", "image/jpg", "image/gif", "image/webp");

    private final Vertx vertx;
    private final MediaService media;
    private final MediaRepository repo;
    private final BlobStore blobs;
    private final Thumbnailer thumbnailer;
    private final int maxDimension;
    private final RemoteMedia remote;

    public ThumbnailService(Vertx vertx, MediaService media, MediaRepository repo, BlobStore blobs, Thumbnailer thumbnailer,
                            int maxDimension, RemoteMedia remote) {
        this.remote = remote;
        this.vertx = vertx;
        this.media = media;
        this.repo = repo;
        this.blobs = blobs;
        this.thumbnailer = thumbnailer;
        this.maxDimension = maxDimension;
    }

    /** A thumbnail of {@code mxc://server/mediaId} at most {@code width}x{@code height} (each capped), scale or crop. */
    public Future<MediaService.Found> thumbnail(ServerName server, String mediaId, int width, int height, String method,
                                                boolean legacy) {
        return thumbnail(server, mediaId, width, height, method, legacy, 0);
    }

    /** Like the other, waiting up to {@code waitMs} for a created id's content (timeout_ms). */
    public Future<MediaService.Found> thumbnail(ServerName server, String mediaId, int width, int height, String method,
                                                boolean legacy, long waitMs) {
        if (!method.equals("scale") && !method.equals("crop")) {
            return Future.failedFuture(MatrixException.invalidParam("method must be scale or crop"));
        }
        if (width < 1 || height < 1) return Future.failedFuture(MatrixException.invalidParam("width and height must be positive"));
        int w = Math.min(width, maxDimension);
        int h = Math.min(height, maxDimension);
        return repo.isQuarantined(server.value(), mediaId).compose(quarantined -> quarantined
                ? Future.failedFuture(MatrixException.notFound("Unknown media ID"))
                : unquarantined(server, mediaId, w, h, method, legacy, waitMs));
    }

    private Future<MediaService.Found> unquarantined(ServerName server, String mediaId, int w, int h, String method,
                                                     boolean legacy, long waitMs) {
        // Remote media: made here from the cached original when there is one, else the origin's own thumbnail.
        Future<Boolean> original = media.isLocal(server) ? Future.succeededFuture(true)
                : repo.find(server.value(), mediaId).map(row -> row.map(MediaRepository.Media::uploaded).orElse(false));
        Future<Boolean> ready = waitMs > 0 && media.isLocal(server)
                ? media.find(server, mediaId, legacy, waitMs).map(true) : original;
        return ready.compose(here -> here ? generated(server, mediaId, w, h, method, legacy)
                : remote.thumbnail(server, mediaId, w, h, method, legacy).map(c -> new MediaService.Found(server.value(),
                        mediaId, c.file(), c.contentType(), null, c.size())));
    }

    /**
     * Makes the configured common sizes of a new local upload, one after the other on the worker pool, so the
     * thumbnails clients ask for first are on disk already. Not an image, or a failure: nothing more is done.
     */
    public Future<Void> pregenerate(ServerName server, String mediaId, List<HomeserverConfig.ThumbnailSize> sizes) {
        Future<Void> chain = Future.succeededFuture();
        for (HomeserverConfig.ThumbnailSize size : sizes) {
            chain = chain.compose(v -> generated(server, mediaId, Math.min(size.width(), maxDimension),
                    Math.min(size.height(), maxDimension), size.method(), false).<Void>mapEmpty());
        }
        return chain.recover(e -> Future.succeededFuture());
    }

    /** A thumbnail made here of content stored here (local, or a cached remote original). */
    private Future<MediaService.Found> generated(ServerName server, String mediaId, int w, int h, String method,
                                                 boolean legacy) {
        return media.find(server, mediaId, legacy).compose(found -> {
            String type = found.contentType() == null ? "" : found.contentType().split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (!IMAGE_TYPES.contains(type)) return Future.failedFuture(Thumbnailer.notThumbnailable());
            return repo.thumbnail(found.serverName(), found.mediaId(), w, h, method).compose(cached -> {
                if (cached.isPresent()) return Future.succeededFuture(served(found, cached.get()));
                return vertx.executeBlocking(() -> thumbnailer.generate(found.file(), w, h, method.equals("crop")), false)
                        .compose(gen -> blobs.write(gen.bytes()).map(stored -> new Thumbnail(w, h, method,
                                gen.contentType(), stored.size(), stored.sha256())))
                        .compose(t -> repo.addThumbnail(found.serverName(), found.mediaId(), t)
                                .onComplete(done -> blobs.release(t.sha256())).map(v -> served(found, t)));
            });
        });
    }

    private MediaService.Found served(MediaService.Found original, Thumbnail t) {
        return new MediaService.Found(original.serverName(), original.mediaId(), blobs.path(t.sha256()), t.contentType(),
                null, t.size());
    }
}
