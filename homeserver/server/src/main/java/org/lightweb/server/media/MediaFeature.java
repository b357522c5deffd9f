package org.lightweb.server.media;

import io.vertx.core.Vertx;
import java.util.List;
import org.lightweb.core.Clock;
import org.lightweb.core.ServerName;
import org.lightweb.server.config.HomeserverConfig;
import org.lightweb.server.federation.client.FederationClient;
import org.lightweb.server.federation.media.FederatedRemoteMedia;
import org.lightweb.server.federation.media.FederationMediaRoutes;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.storage.Db;
import org.lightweb.storage.media.JooqMediaRepository;
import org.lightweb.storage.media.MediaRepository;

/** Builds the media repository: its store on disk, services, the remote-media cache and routes. */
public final class MediaFeature {
    private final List<RouteGroup> routes;
    private final RouteGroup federationRoutes;
    private final MediaRepository repo;
    private final BlobStore blobs;

    /**
     * Creates media.path's directories (clearing interrupted uploads) and schedules the retention job. Other
     * servers' media is fetched with {@code federation} and cached.
     */
    public MediaFeature(Vertx vertx, Db db, ServerName serverName, HomeserverConfig.Media config,
                        FederationClient federation, Authenticator auth, Clock clock) {
        repo = new JooqMediaRepository(db);
        blobs = new BlobStore(vertx, config.path());
        blobs.start();
        RemoteMedia remote = new FederatedRemoteMedia(federation, repo, blobs, config, clock);
        MediaService media = new MediaService(vertx, serverName, repo, blobs, remote, config, clock);
        new MediaRetention(vertx, serverName, repo, blobs, config.localMediaLifetime(), config.remoteMediaLifetime(), clock)
                .schedule(config.retentionInterval());
        ThumbnailService thumbnails = new ThumbnailService(vertx, media, repo, blobs,
                new Thumbnailer(config.maxImagePixels()), config.maxThumbnailDimension(), remote);
        if (!config.thumbnailSizes().isEmpty()) {
            media.onUploaded(mediaId -> thumbnails.pregenerate(serverName, mediaId, config.thumbnailSizes()));
        }
        routes = List.of(new MediaRoutes(media, new UrlPreviews(vertx, media, config.urlPreviews()), auth),
                new ThumbnailRoutes(thumbnails, auth));
        federationRoutes = new FederationMediaRoutes(vertx, serverName, media, thumbnails);
    }

    /** The media rows, for the admin API (quarantine, delete). */
    public MediaRepository repository() { return repo; }

    /** The files on disk, for the admin API (deleting what no row names any more). */
    public BlobStore blobs() { return blobs; }

    /** The client listener's media routes. */
    public List<RouteGroup> routes() { return routes; }

    /** GET /_matrix/federation/v1/media/download|thumbnail: mount after the X-Matrix check. */
    public RouteGroup federationRoutes() { return federationRoutes; }
}
