package org.lightweb.server.media;

import io.vertx.core.Vertx;
import java.util.List;
import org.lightweb.core.Clock;
import org.lightweb.core.ServerName;
import org.lightweb.server.config.HomeserverConfig;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.storage.Db;
import org.lightweb.storage.media.JooqMediaRepository;
import org.lightweb.storage.media.MediaRepository;

/** Builds the media repository: its store on disk, services and routes. */
public final class MediaFeature {
    private MediaFeature() {}

    /**
     * Creates media.path's directories (clearing interrupted uploads), schedules the retention job and answers the
     * client route groups.
     */
    public static List<RouteGroup> routes(Vertx vertx, Db db, ServerName serverName, HomeserverConfig.Media config,
                                          RemoteMedia remote, Authenticator auth, Clock clock) {
        MediaRepository repo = new JooqMediaRepository(db);
        BlobStore blobs = new BlobStore(vertx, config.path());
        blobs.start();
        MediaService media = new MediaService(serverName, repo, blobs, remote, config, clock);
        new MediaRetention(vertx, serverName, repo, blobs, config.localMediaLifetime(), clock)
                .schedule(config.retentionInterval());
        ThumbnailService thumbnails = new ThumbnailService(vertx, media, repo, blobs,
                new Thumbnailer(config.maxImagePixels()), config.maxThumbnailDimension());
        return List.of(new MediaRoutes(media, new UrlPreviews(vertx, media, config.urlPreviews()), auth),
                new ThumbnailRoutes(thumbnails, auth));
    }
}
