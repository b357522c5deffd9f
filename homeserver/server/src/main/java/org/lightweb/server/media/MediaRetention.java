package org.lightweb.server.media;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.lightweb.core.Clock;
import org.lightweb.core.ServerName;
import org.lightweb.storage.media.MediaRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background job that keeps media from piling up: every {@code media.retention_interval} it forgets created
 * ids that expired unused, and, when {@code media.local_media_lifetime} is set, local media nobody has downloaded
 * (or, never downloaded, uploaded) for that long, with its thumbnails; when {@code media.remote_media_lifetime} is
 * set, cached media of other servers nobody has downloaded for that long. A file goes once no row names its bytes.
 */
public final class MediaRetention {
    private static final Logger log = LoggerFactory.getLogger(MediaRetention.class);

    private final Vertx vertx;
    private final ServerName serverName;
    private final MediaRepository repo;
    private final BlobStore blobs;
    private final Optional<Duration> localLifetime;
    private final Optional<Duration> remoteLifetime;
    private final Clock clock;

    public MediaRetention(Vertx vertx, ServerName serverName, MediaRepository repo, BlobStore blobs,
                          Optional<Duration> localLifetime, Optional<Duration> remoteLifetime, Clock clock) {
        this.remoteLifetime = remoteLifetime;
        this.vertx = vertx;
        this.serverName = serverName;
        this.repo = repo;
        this.blobs = blobs;
        this.localLifetime = localLifetime;
        this.clock = clock;
    }

    public void schedule(Duration interval) {
        vertx.setPeriodic(interval.toMillis(), id -> run().onFailure(e -> log.warn("media retention failed", e)));
    }

    /** One pass; answers how many files were deleted. */
    public Future<Integer> run() {
        long now = clock.millis();
        return repo.deleteExpiredPending(now).compose(v -> localLifetime
                .map(life -> repo.deleteUnusedSince(serverName.value(), now - life.toMillis()))
                .orElse(Future.succeededFuture(List.of())))
                .compose(this::deleteUnreferenced)
                .compose(local -> remoteLifetime
                        .map(life -> repo.deleteRemoteUnusedSince(serverName.value(), now - life.toMillis()))
                        .orElse(Future.succeededFuture(List.of()))
                        .compose(this::deleteUnreferenced).map(remote -> local + remote));
    }

    private Future<Integer> deleteUnreferenced(List<String> shas) {
        Future<Integer> deleted = Future.succeededFuture(0);
        for (String sha : shas) {
            deleted = deleted.compose(n -> repo.isReferenced(sha).compose(used -> used ? Future.succeededFuture(n)
                    : blobs.deleteUnreferenced(sha, () -> repo.isReferenced(sha)).map(gone -> gone ? n + 1 : n)));
        }
        return deleted;
    }
}
